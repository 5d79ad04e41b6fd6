"""Every change of an answer, a status or a review comment is kept with who and when."""

from django.urls import reverse

from assessment.answers import history, services, workflow
from assessment.models import Answer

from .conftest import answer_all
from .page_forms import questionnaire_data


def save(client, assessment, changes, area="SW"):
    url = reverse("questionnaire", kwargs={"pk": assessment.pk, "area_code": area})
    page = client.get(url).content.decode()
    return client.post(url, questionnaire_data(page, changes))


def test_a_questionnaire_save_is_recorded_with_who_and_the_old_and_new_value(alice_client, draft):
    save(alice_client, draft, {"SW-1__value": "2", "SW-1__evidence": "Act of 2013"})
    save(alice_client, draft, {"SW-1__value": "3"})
    changes = [(c.who, c.indicator, c.field, c.old, c.new) for c in history.changes(draft, "SW-1")]
    assert changes[0] == ("alice", "SW-1", "answer", "2", "3")
    assert ("alice", "SW-1", "evidence", "", "Act of 2013") in changes


def test_status_changes_and_review_comments_are_recorded(alice, reviewer, draft):
    answer_all(draft)
    workflow.submit(assessment=draft, user=alice)
    workflow.return_for_changes(assessment=draft, reviewer=reviewer, comment="", indicator_comments={"SW-2": "Why?"})
    changes = [(c.who, c.field, c.new) for c in history.changes(draft)]
    assert ("alice", "status", "Submitted for review") in changes
    assert ("rita", "status", "Returned for changes") in changes
    assert ("rita", "reviewer's comment", "Why?") in changes


def test_a_workbook_and_an_import_are_recorded_too(alice, draft):
    from assessment.answers import services

    indicators = list(draft.framework.areas.get(code="SW").indicators.all())
    services.save_answers(
        assessment=draft, indicators=indicators, user=alice, inputs={"SW-1": services.AnswerInput("4")}, base_revision=0
    )
    record = Answer.history.get(indicator__code="SW-1")
    assert (record.history_user, record.value, record.history_type) == (alice, "4", "+")


def test_the_page_filters_by_indicator(alice_client, draft):
    save(alice_client, draft, {"SW-1__value": "2", "SW-2__value": "1"})
    page = alice_client.get(reverse("history", kwargs={"pk": draft.pk}), {"indicator": "SW-2"}).content.decode()
    assert '<td data-label="Indicator">SW-2</td>' in page
    assert '<td data-label="Indicator">SW-1</td>' not in page


def test_the_json_lists_the_changes(alice_client, draft):
    save(alice_client, draft, {"SW-1__value": "2"})
    document = alice_client.get(reverse("api_history", kwargs={"pk": draft.pk})).json()
    assert document["changes"][0] | {"when": None} == {
        "when": None,
        "who": "alice",
        "indicator": "SW-1",
        "field": "answer",
        "old": "",
        "new": "2",
        "channel": "questionnaire",
    }


def test_the_public_may_not_read_the_history_of_a_published_assessment(client, validated):
    assert client.get(reverse("api_history", kwargs={"pk": validated.pk})).status_code == 404
    assert client.get(reverse("history", kwargs={"pk": validated.pk})).status_code == 302


def test_an_unknown_indicator_is_not_found(alice_client, draft):
    assert alice_client.get(reverse("history", kwargs={"pk": draft.pk}), {"indicator": "XX-1"}).status_code == 404


def test_the_page_gives_each_time_in_the_readers_language_and_in_iso(alice_client, draft):
    from django.utils.dateparse import parse_datetime

    answer_all(draft)
    Answer.history.filter(assessment_id=draft.pk).update(history_date=parse_datetime("2026-11-25T09:30:05+00:00"))
    alice_client.post(reverse("set_language"), {"language": "zh-hant", "next": "/"})
    page = alice_client.get(reverse("history", kwargs={"pk": draft.pk})).content.decode()
    assert '<time datetime="2026-11-25T09:30:05+00:00">2026年11月25日 09:30</time>' in page
    document = alice_client.get(reverse("api_history", kwargs={"pk": draft.pk}), {"indicator": "SW-1"}).json()
    assert document["changes"][0]["when"] == "2026-11-25T09:30:05+00:00"


def test_the_page_marks_what_users_typed(alice_client, draft):
    save(alice_client, draft, {"SW-1__value": "2", "SW-1__evidence": "Act of 2013"})
    page = alice_client.get(reverse("history", kwargs={"pk": draft.pk})).content.decode()
    assert '<span class="user-text" translate="no">Act of 2013</span>' in page
    assert '<span class="user-text" translate="no">alice</span>' in page


def test_the_page_names_an_answer_by_its_label_and_the_json_by_its_code(alice_client, draft):
    save(alice_client, draft, {"SW-1__value": "dk"})
    page = alice_client.get(reverse("history", kwargs={"pk": draft.pk}), HTTP_ACCEPT_LANGUAGE="zh-hant")
    assert "不知道" in page.content.decode()
    document = alice_client.get(reverse("api_history", kwargs={"pk": draft.pk})).json()
    assert document["changes"][0]["new"] == "dk"


def test_each_answer_change_records_its_channel(alice_client, alice, draft):
    save(alice_client, draft, {"SW-1__value": "2"})
    indicators = list(draft.framework.areas.get(code="SW").indicators.filter(code="SW-2"))
    services.save_answers(
        assessment=draft,
        indicators=indicators,
        user=alice,
        inputs={"SW-2": services.AnswerInput("4")},
        base_revision=draft.revision + 1,
        channel=services.WORKBOOK,
    )
    channels = {c.indicator: c.channel_shown for c in history.changes(draft) if c.field == "answer"}
    assert channels == {"SW-1": "questionnaire", "SW-2": "workbook"}


def test_a_correction_copy_is_one_event_that_lists_its_answers(alice, reviewer, draft):
    answer_all(draft)
    workflow.submit(assessment=draft, user=alice)
    workflow.validate(assessment=draft, reviewer=reviewer)
    correction = workflow.open_correction(assessment=draft, user=alice, reason="AI-4 was wrong.")
    copies = [c for c in history.changes(correction) if c.channel == services.COPY]
    assert len(copies) == 1
    assert copies[0].new == f"{draft.answers.count()} answers copied from version 1"
    assert {c.indicator for c in copies[0].copied} == {a.indicator.code for a in draft.answers.all()}


def test_opening_a_correction_and_the_supersession_show_in_both_histories(alice, reviewer, draft):
    answer_all(draft)
    workflow.submit(assessment=draft, user=alice)
    workflow.validate(assessment=draft, reviewer=reviewer)
    correction = workflow.open_correction(assessment=draft, user=alice, reason="AI-4 was wrong.")
    workflow.submit(assessment=correction, user=alice)
    workflow.validate(assessment=correction, reviewer=reviewer)
    correction.refresh_from_db()
    first = {(c.field, c.new) for c in history.changes(draft)}
    second = {(c.field, c.new) for c in history.changes(correction)}
    assert ("correction opened", "version 2: AI-4 was wrong.") in first
    assert ("superseded", "by version 2") in first
    assert ("opened as a correction", "of version 1: AI-4 was wrong.") in second
    assert ("supersedes", "version 1") in second


def test_a_comment_addressed_and_reopened_reads_as_such(alice, reviewer, submitted):
    workflow.return_for_changes(
        assessment=submitted, reviewer=reviewer, comment="", indicator_comments={"SW-2": "Why?"}
    )
    comment = submitted.reviews.get().indicator_comments.get()
    workflow.mark_addressed(comment=comment, user=alice, note="The law says so.")
    workflow.reopen_comment(comment=comment, user=alice)
    changes = [(c.field, c.old, c.new) for c in history.changes(submitted, "SW-2")]
    assert ("comment addressed", "", "marked addressed, answer unchanged: The law says so.") in changes
    assert ("comment reopened", "", "Why?") in changes


def test_the_history_names_each_area_code_and_labels_every_cell_for_phones(alice_client, draft):
    answer_all(draft, 2)
    page = alice_client.get(reverse("history", args=[draft.pk])).content.decode()
    assert 'data-testid="area-legend"' in page and '<abbr title="Area SW">SW</abbr>' in page
    assert 'class="table-responsive history-table"' in page
    assert 'data-label="Before"' in page and 'data-label="After"' in page
