"""The questionnaire page of one area: show, save a draft, resume, conflicts, access."""

import re

import pytest
from django.urls import reverse

from assessment import page_cache
from assessment.models import Answer, Assessment

from .conftest import answer
from .page_forms import questionnaire_data


def url(assessment, area="SW"):
    return reverse("questionnaire", kwargs={"pk": assessment.pk, "area_code": area})


def form_data(assessment, **values):
    """POST data for area SW: every field blank unless given as SW_1="3", SW_1_evidence="…"."""
    data = {"revision": assessment.revision, "action": "save"}
    for n in (1, 2, 3):
        code = f"SW-{n}"
        data[f"{code}__value"] = values.get(f"SW_{n}", "")
        data[f"{code}__evidence"] = values.get(f"SW_{n}_evidence", "")
        data[f"{code}__link"] = values.get(f"SW_{n}_link", "")
        data[f"{code}__comment"] = ""
    return data


def mark_saved_by_someone_else(assessment):
    """As if another editor's save had just bumped the revision of every answer."""
    Answer.objects.filter(assessment=assessment).update(revision=1)
    Assessment.objects.filter(pk=assessment.pk).update(revision=1)


def is_checked(page: str, name: str, value: str) -> bool:
    tags = re.findall(r"<input[^>]*>", page)
    return any(f'name="{name}"' in tag and f'value="{value}"' in tag and "checked" in tag for tag in tags)


def test_it_shows_level_descriptions_as_choices(alice_client, draft):
    response = alice_client.get(url(draft))
    assert response.status_code == 200
    assert "SW-1 level 3 description" in response.content.decode()
    assert "Don&#x27;t know" in response.content.decode()


def test_it_saves_a_draft(alice_client, draft, alice):
    response = alice_client.post(url(draft), form_data(draft, SW_1="3", SW_1_evidence="Law of 2013", SW_2="na"))
    assert response.status_code == 302
    saved = {a.indicator.code: a for a in Answer.objects.filter(assessment=draft)}
    assert saved["SW-1"].value == "3"
    assert saved["SW-1"].evidence == "Law of 2013"
    assert saved["SW-1"].updated_by == alice
    assert saved["SW-2"].value == "na"
    assert "SW-3" not in saved


def test_a_resumed_draft_shows_saved_answers(alice_client, alice, draft):
    alice_client.post(url(draft), form_data(draft, SW_1="3", SW_1_evidence="Law of 2013"))
    alice_client.logout()
    alice_client.force_login(alice)
    page = alice_client.get(url(draft)).content.decode()
    assert is_checked(page, "SW-1__value", "3")
    assert "Law of 2013" in page


def test_save_and_continue_goes_to_the_next_area(alice_client, draft):
    data = form_data(draft, SW_1="3")
    data["action"] = "next"
    response = alice_client.post(url(draft), data)
    assert response.url == url(draft, "BL")


def test_it_rejects_a_bad_link_and_keeps_the_input(alice_client, draft):
    data = form_data(draft, SW_1="3", SW_1_evidence="Kept text", SW_1_link="not a url at all")
    response = alice_client.post(url(draft), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter a web address starting with http:// or https://." in page
    assert "Kept text" in page
    assert not Answer.objects.filter(assessment=draft).exists()


def test_it_rejects_an_unknown_level(alice_client, draft):
    response = alice_client.post(url(draft), form_data(draft, SW_1="7"))
    assert response.status_code == 400
    assert not Answer.objects.filter(assessment=draft).exists()


def test_it_refuses_a_stale_form_that_would_overwrite_another_editor(alice_client, draft, alice):
    stale = form_data(draft, SW_1="1")
    draft_answer = answer(draft, "SW-1", 4, evidence="Other editor's evidence")
    draft_answer.revision = 1
    draft_answer.updated_by = alice
    draft_answer.save()
    Assessment.objects.filter(pk=draft.pk).update(revision=1)
    response = alice_client.post(url(draft), stale)
    assert response.status_code == 400
    assert Answer.objects.get(assessment=draft, indicator__code="SW-1").value == "4"
    page = response.content.decode()
    assert 'data-testid="conflict-SW-1"' in page
    assert "Other editor&#x27;s evidence" in page


def test_saving_again_after_a_conflict_keeps_the_users_answers(alice_client, draft):
    answer(draft, "SW-1", 4)
    mark_saved_by_someone_else(draft)
    draft.refresh_from_db()
    response = alice_client.post(url(draft), form_data(draft, SW_1="1"))
    assert response.status_code == 302
    assert Answer.objects.get(assessment=draft, indicator__code="SW-1").value == "1"


def test_edits_of_another_area_do_not_conflict(alice_client, draft):
    stale = form_data(draft, SW_1="2")
    answer(draft, "BL-1", 4)
    mark_saved_by_someone_else(draft)
    assert alice_client.post(url(draft), stale).status_code == 302
    assert Answer.objects.get(assessment=draft, indicator__code="SW-1").value == "2"


def test_missing_answers_are_flagged_where_they_are(alice_client, draft):
    answer(draft, "SW-1", 2)
    page = alice_client.get(url(draft) + "?missing=1").content.decode()
    assert 'data-testid="missing-SW-1"' not in page
    assert 'data-testid="missing-SW-2"' in page
    assert 'data-testid="missing-SW-3"' in page


def test_it_requires_sign_in(client, draft):
    response = client.get(url(draft))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_it_refuses_a_user_of_another_economy(bob_client, draft):
    assert bob_client.get(url(draft)).status_code == 403


def test_it_refuses_a_post_by_a_user_of_another_economy(bob_client, draft):
    assert bob_client.post(url(draft), form_data(draft, SW_1="4")).status_code == 403
    assert not Answer.objects.filter(assessment=draft).exists()


def test_a_submitted_assessment_is_read_only(alice_client, validated):
    page = alice_client.get(url(validated)).content.decode()
    assert "read-only" in page
    assert "Save draft" not in page
    assert "disabled" in page


def test_a_submitted_assessment_refuses_changes(alice_client, validated):
    response = alice_client.post(url(validated), form_data(validated, SW_1="0"))
    assert response.status_code == 403
    assert Answer.objects.get(assessment=validated, indicator__code="SW-1").value == "3"


def test_an_unknown_area_is_not_found(alice_client, draft):
    assert alice_client.get(url(draft, "XX")).status_code == 404


@pytest.mark.parametrize("indicator_count", [3, 12])
def test_the_page_runs_a_bounded_number_of_queries(alice_client, draft, django_assert_max_num_queries, indicator_count):
    from assessment.models import Indicator

    area = draft.framework.areas.get(code="SW")
    for n in range(4, indicator_count + 1):
        Indicator.objects.create(area=area, code=f"SW-{n}", question="?", weight=1, levels=["d"] * 5, order=n)
    with django_assert_max_num_queries(12):
        alice_client.get(url(draft))


def test_a_page_seen_before_shows_a_later_save(alice_client, draft):
    alice_client.get(url(draft))
    alice_client.post(url(draft), form_data(draft, SW_1="3"))
    assert is_checked(alice_client.get(url(draft)).content.decode(), "SW-1__value", "3")


def test_a_repeated_visit_renders_the_form_only_once(alice_client, draft, django_assert_num_queries):
    alice_client.get(url(draft))
    rendered = page_cache.render_count
    # the user, the assessment, the user's economies: the form comes from the cache
    with django_assert_num_queries(3):
        page = alice_client.get(url(draft)).content.decode()
    assert page_cache.render_count == rendered
    assert "SW-1 level 3 description" in page


def test_an_edited_question_shows_at_once(alice_client, draft, django_capture_on_commit_callbacks):
    alice_client.get(url(draft))
    indicator = draft.framework.areas.get(code="SW").indicators.get(code="SW-1")
    indicator.question = "Is the single window open to every agency?"
    with django_capture_on_commit_callbacks(execute=True):
        indicator.save()
    assert "Is the single window open to every agency?" in alice_client.get(url(draft)).content.decode()


def test_a_form_with_errors_is_never_served_from_the_cache(alice_client, draft):
    alice_client.get(url(draft))
    response = alice_client.post(url(draft), form_data(draft, SW_1="3", SW_1_link="not a link"))
    assert response.status_code == 400
    assert "not a link" in response.content.decode()
    assert not is_checked(alice_client.get(url(draft)).content.decode(), "SW-1__value", "3")


@pytest.fixture
def carol_client(chinese_taipei):
    """A second focal point of Chinese Taipei, signed in on her own client."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    carol = get_user_model().objects.create_user("carol")
    chinese_taipei.members.add(carol)
    carol_client = Client()
    carol_client.force_login(carol)
    return carol_client


def stored_text(assessment, code):
    return Answer.objects.get(assessment=assessment, indicator__code=code).evidence


def test_saving_again_after_a_conflict_never_restores_another_editors_older_text(alice_client, carol_client, draft):
    """The lost update of the security probe (step 5, case 5), replayed through the pages."""
    a_page = alice_client.get(url(draft)).content.decode()
    b_page = carol_client.get(url(draft)).content.decode()
    alice_client.post(url(draft), questionnaire_data(a_page, {"SW-2__evidence": "A changed SW-2 only"}))
    refused = carol_client.post(url(draft), questionnaire_data(b_page, {"SW-3__evidence": "B's SW-3"}))
    assert refused.status_code == 400
    a_page = alice_client.get(url(draft)).content.decode()
    alice_client.post(url(draft), questionnaire_data(a_page, {"SW-2__evidence": "A changed SW-2 again"}))
    again = carol_client.post(url(draft), questionnaire_data(refused.content.decode()))
    assert again.status_code == 400  # A saved meanwhile: refused again, nothing lost
    resubmitted = carol_client.post(url(draft), questionnaire_data(again.content.decode()))
    assert resubmitted.status_code == 302
    assert stored_text(draft, "SW-2") == "A changed SW-2 again"
    assert stored_text(draft, "SW-3") == "B's SW-3"


def test_the_page_after_a_conflict_shows_what_is_stored_for_indicators_the_editor_left_alone(
    alice_client, carol_client, draft
):
    b_page = carol_client.get(url(draft)).content.decode()
    a_page = alice_client.get(url(draft)).content.decode()
    alice_client.post(url(draft), questionnaire_data(a_page, {"SW-2__evidence": "A's newer text"}))
    refused = carol_client.post(url(draft), questionnaire_data(b_page, {"SW-3__evidence": "B's typed text"}))
    shown = questionnaire_data(refused.content.decode())
    assert shown["SW-2__evidence"] == "A's newer text"
    assert shown["SW-3__evidence"] == "B's typed text"


def test_a_save_writes_only_what_its_editor_changed(alice_client, draft):
    answer(draft, "SW-1", 2, evidence="Stored")
    page = alice_client.get(url(draft)).content.decode()
    Answer.objects.filter(assessment=draft, indicator__code="SW-1").update(evidence="Changed behind the page")
    alice_client.post(url(draft), questionnaire_data(page, {"SW-3__value": "1"}))
    assert stored_text(draft, "SW-1") == "Changed behind the page"


def test_it_refuses_a_revision_the_assessment_never_had(alice_client, draft):
    data = form_data(draft, SW_1="3", SW_1_evidence="Typed")
    data["revision"] = "99999999999999999999"
    response = alice_client.post(url(draft), data)
    assert response.status_code == 400
    assert not Answer.objects.filter(assessment=draft).exists()
    assert "Typed" in response.content.decode()


@pytest.mark.parametrize(
    "field, text, message",
    [
        ("SW_1_link", "ftp://example.com/x", "Enter a web address starting with http:// or https://."),
        ("SW_1_link", "javascript:alert(1)", "Enter a web address starting with http:// or https://."),
        ("SW_1_evidence", "bell\x07inside", "Remove the unprintable character U+0007"),
        ("SW_1_evidence", "e" * 5001, "at most 5000 characters"),
    ],
)
def test_it_refuses_text_that_breaks_the_answer_rules(alice_client, draft, field, text, message):
    response = alice_client.post(url(draft), form_data(draft, SW_1="3", **{field: text}))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Answer.objects.filter(assessment=draft).exists()


def test_a_save_on_one_area_leaves_the_other_areas_fields_cached(alice_client, draft):
    alice_client.get(url(draft, "BL"))
    alice_client.post(url(draft), form_data(draft, SW_1="3"))
    rendered = page_cache.render_count
    alice_client.get(url(draft, "BL"))
    assert page_cache.render_count == rendered + 1  # the head, whose tabs show every area's progress


def test_an_answer_corrected_in_the_admin_shows_at_once(alice_client, draft, admin_client_for):
    alice_client.get(url(draft))
    answer(draft, "SW-1", 4, evidence="Corrected by the secretariat")
    admin_client_for.post(
        reverse("admin:assessment_assessment_change", args=[draft.pk]),
        {
            "economy": draft.economy_id, "cycle": draft.cycle, "framework": draft.framework_id, "status": "draft",
            "version": 1, "revision": draft.revision, "note": "",
            "answers-TOTAL_FORMS": "0", "answers-INITIAL_FORMS": "0",
        },
    )  # fmt: skip
    assert "Corrected by the secretariat" in alice_client.get(url(draft)).content.decode()


def test_a_comment_marked_addressed_shows_at_once(alice_client, submitted, reviewer):
    from assessment.answers import workflow
    from assessment.models import IndicatorComment

    workflow.return_for_changes(assessment=submitted, reviewer=reviewer, comment="", indicator_comments={"SW-1": "?"})
    assert "(addressed)" not in alice_client.get(url(submitted)).content.decode()
    alice_client.post(
        reverse("comment_addressed", kwargs={"pk": submitted.pk, "comment_id": IndicatorComment.objects.get().pk})
    )
    assert "(addressed)" in alice_client.get(url(submitted)).content.decode()


def test_the_page_after_a_save_reads_the_answers_once(alice_client, draft, django_assert_num_queries):
    alice_client.post(url(draft), form_data(draft, SW_1="3"))
    # the user, the assessment, the user's economies, then the answers for the tabs and the fields, and the
    # framework's prerequisites, read once per content generation (the first time the fields are drawn)
    with django_assert_num_queries(5):
        page = alice_client.get(url(draft)).content.decode()
    assert is_checked(page, "SW-1__value", "3")


def tab_badge(page: str, area: str) -> str:
    tab = re.search(rf'href="[^"]*/areas/{area}/"[^>]*>\s*[^<]*<span class="badge [^"]*">(\d+/\d+)</span>', page)
    return tab.group(1)


def test_a_save_that_answers_nothing_new_leaves_the_area_tabs_cached(alice_client, draft):
    alice_client.post(url(draft), form_data(draft, SW_1="3"))
    alice_client.get(url(draft))
    draft.refresh_from_db()
    alice_client.post(url(draft), form_data(draft, SW_1="2"))
    rendered = page_cache.render_count
    page = alice_client.get(url(draft)).content.decode()
    assert page_cache.render_count == rendered + 1  # the fields only
    assert is_checked(page, "SW-1__value", "2")
    assert tab_badge(page, "SW") == "1/3"


def test_the_tabs_count_a_new_answer_at_once(alice_client, draft):
    alice_client.get(url(draft))
    alice_client.post(url(draft), form_data(draft, SW_1="3", SW_2="na"))
    assert tab_badge(alice_client.get(url(draft, "BL")).content.decode(), "SW") == "2/3"


def test_the_tabs_count_answers_changed_outside_the_questionnaire(alice_client, draft):
    from assessment.answers import services

    alice_client.post(url(draft), form_data(draft, SW_1="3"))
    alice_client.get(url(draft))
    answer(draft, "SW-3", 1)  # as an import or the admin would, without counting
    draft.refresh_from_db()
    services.bump_revision(draft)
    assert tab_badge(alice_client.get(url(draft)).content.decode(), "SW") == "2/3"
