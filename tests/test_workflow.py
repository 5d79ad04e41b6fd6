"""The review workflow: submit, return with comments, resubmit, validate, correct as a new version."""

import pytest
from django.core import mail
from django.urls import reverse

from assessment.answers import workflow
from assessment.models import Answer, Assessment, IndicatorComment

from .conftest import answer_all
from .page_forms import questionnaire_data


def decide(client, assessment, decision, comment="", **indicator_comments):
    data = {"decision": decision, "comment": comment}
    data |= {f"{code.replace('_', '-')}__review": text for code, text in indicator_comments.items()}
    return client.post(reverse("decide", kwargs={"pk": assessment.pk}), data)


def publish(client, assessment, comment=""):
    """The confirming POST of the publication page."""
    return client.post(reverse("publish", kwargs={"pk": assessment.pk}), {"comment": comment, "confirmed": "yes"})


def compare_rows(client, cycle=2025):
    response = client.get(reverse("compare_json"), {"cycle": cycle})
    return response.json()["economies"] if response.status_code == 200 else []


def test_submitting_tells_the_reviewers(alice_client, draft, reviewer, django_capture_on_commit_callbacks):
    answer_all(draft)
    with django_capture_on_commit_callbacks(execute=True):
        alice_client.post(reverse("submit", kwargs={"pk": draft.pk}))
    assert [message.to for message in mail.outbox] == [["rita@example.org"]]
    assert reverse("profile", kwargs={"pk": draft.pk}) in mail.outbox[0].body


def test_the_e_mail_is_written_in_english_and_in_chinese(
    alice_client, draft, reviewer, django_capture_on_commit_callbacks
):
    answer_all(draft)
    with django_capture_on_commit_callbacks(execute=True):
        alice_client.post(reverse("submit", kwargs={"pk": draft.pk}), HTTP_ACCEPT_LANGUAGE="en")
    message = mail.outbox[0]
    english, chinese = message.body.split("————")
    assert "submitted" in english.lower()
    assert "送審" in chinese or "提交" in chinese
    assert " / " in message.subject and any("\u4e00" <= character <= "\u9fff" for character in message.subject)


def test_a_submitted_assessment_is_not_public(client, submitted):
    assert client.get(reverse("profile", kwargs={"pk": submitted.pk})).status_code == 302
    assert client.get(reverse("api_profile", kwargs={"pk": submitted.pk})).status_code == 404
    assert compare_rows(client) == []


def test_a_submitted_assessment_is_hidden_from_other_economies(bob_client, submitted):
    assert bob_client.get(reverse("profile", kwargs={"pk": submitted.pk})).status_code == 403


def test_a_reviewer_reads_it_and_finds_it_waiting(reviewer_client, submitted):
    assert reviewer_client.get(reverse("profile", kwargs={"pk": submitted.pk})).status_code == 200
    home = reviewer_client.get(reverse("home")).content.decode()
    assert reverse("decide", kwargs={"pk": submitted.pk}) in home


def test_returning_needs_a_comment(reviewer_client, submitted):
    response = decide(reviewer_client, submitted, "return")
    assert response.status_code == 400
    submitted.refresh_from_db()
    assert submitted.status == Assessment.Status.SUBMITTED


def test_a_returned_assessment_goes_back_with_its_comments(
    reviewer_client, alice_client, submitted, alice, django_capture_on_commit_callbacks
):
    alice.email = "alice@example.org"
    alice.save()
    with django_capture_on_commit_callbacks(execute=True):
        decide(reviewer_client, submitted, "return", "Please cite the law.", SW_2="Which agencies are connected?")
    submitted.refresh_from_db()
    assert submitted.status == Assessment.Status.RETURNED
    page = alice_client.get(reverse("questionnaire", kwargs={"pk": submitted.pk, "area_code": "SW"})).content.decode()
    assert 'data-testid="review-comment-SW-2"' in page
    assert (
        "Which agencies are connected?"
        in alice_client.get(reverse("review", kwargs={"pk": submitted.pk})).content.decode()
    )
    assert mail.outbox[-1].to == ["alice@example.org"]
    assert "Which agencies are connected?" in mail.outbox[-1].body


def test_an_open_comment_holds_back_the_submission(reviewer_client, alice_client, submitted):
    decide(reviewer_client, submitted, "return", SW_2="Which agencies?")
    response = alice_client.post(reverse("submit", kwargs={"pk": submitted.pk}))
    assert response.status_code == 400
    assert "not addressed yet" in response.content.decode()


def test_changing_the_answer_addresses_the_comment(reviewer_client, alice_client, submitted):
    decide(reviewer_client, submitted, "return", SW_2="Which agencies?")
    url = reverse("questionnaire", kwargs={"pk": submitted.pk, "area_code": "SW"})
    page = alice_client.get(url).content.decode()
    alice_client.post(url, questionnaire_data(page, {"SW-2__evidence": "Customs, quarantine and 30 agencies"}))
    assert not IndicatorComment.objects.get().is_open
    assert alice_client.post(reverse("submit", kwargs={"pk": submitted.pk})).status_code == 302


def test_a_comment_can_be_marked_addressed_when_the_answer_stands(reviewer_client, alice_client, submitted):
    decide(reviewer_client, submitted, "return", SW_2="Which agencies?")
    comment = IndicatorComment.objects.get()
    alice_client.post(reverse("comment_addressed", kwargs={"pk": submitted.pk, "comment_id": comment.pk}))
    comment.refresh_from_db()
    assert not comment.is_open


def test_choosing_validate_shows_what_becomes_public_and_publishes_nothing(reviewer_client, client, submitted):
    response = decide(reviewer_client, submitted, "validate", "Thank you.")
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="publish-confirmation"' in page
    for place in ("profile", "compare", "api_profile"):
        assert reverse(place, **({} if place == "compare" else {"kwargs": {"pk": submitted.pk}})) in page
    assert "Thank you." in page
    submitted.refresh_from_db()
    assert submitted.status == Assessment.Status.SUBMITTED
    assert compare_rows(client) == []


def test_the_confirmation_warns_that_comments_on_answers_are_not_sent(reviewer_client, submitted):
    page = decide(reviewer_client, submitted, "validate", SW_2="Which agencies?").content.decode()
    assert 'data-testid="unsent-comments"' in page and "SW-2" in page


def test_the_publication_page_without_its_confirmation_publishes_nothing(reviewer_client, submitted):
    response = reviewer_client.post(reverse("publish", kwargs={"pk": submitted.pk}), {"comment": "Thank you."})
    assert response.status_code == 400
    submitted.refresh_from_db()
    assert submitted.status == Assessment.Status.SUBMITTED


def test_the_confirming_post_publishes(reviewer_client, client, submitted, reviewer):
    response = publish(reviewer_client, submitted, "Thank you.")
    assert response.url == reverse("profile", kwargs={"pk": submitted.pk})
    submitted.refresh_from_db()
    assert (submitted.status, submitted.validated_by) == (Assessment.Status.VALIDATED, reviewer)
    assert [row["economy"] for row in compare_rows(client)] == ["CT"]
    assert client.get(reverse("profile", kwargs={"pk": submitted.pk})).status_code == 200


def test_a_reviewer_cannot_review_their_own_economy(reviewer_client, reviewer, submitted, chinese_taipei):
    chinese_taipei.members.add(reviewer)
    assert decide(reviewer_client, submitted, "validate").status_code == 403
    assert publish(reviewer_client, submitted).status_code == 403


def test_a_focal_point_cannot_review(alice_client, submitted):
    assert decide(alice_client, submitted, "validate").status_code == 403
    assert publish(alice_client, submitted).status_code == 403


@pytest.fixture
def published(submitted, reviewer):
    workflow.validate(assessment=submitted, reviewer=reviewer)
    submitted.refresh_from_db()
    return submitted


def open_correction(client, assessment, reason="AI-4 was rated before the law passed."):
    return client.post(reverse("correct", kwargs={"pk": assessment.pk}), {"reason": reason})


def test_a_correction_is_a_new_version_with_the_same_answers(alice_client, published):
    response = open_correction(alice_client, published)
    correction = Assessment.objects.get(version=2)
    assert response.url == reverse("review", kwargs={"pk": correction.pk})
    assert (correction.status, correction.supersedes) == (Assessment.Status.DRAFT, published)
    assert correction.answers.count() == published.answers.count()


def test_opening_a_correction_first_says_what_it_means_and_asks_why(alice_client, published):
    page = alice_client.get(reverse("correct", kwargs={"pk": published.pk})).content.decode()
    assert 'data-testid="correction-confirmation"' in page and 'name="reason"' in page
    assert not Assessment.objects.filter(version=2).exists()


def test_a_correction_without_a_reason_is_refused(alice_client, published):
    response = open_correction(alice_client, published, reason="  ")
    assert response.status_code == 400
    assert "Say what needs correcting and why." in response.content.decode()
    assert not Assessment.objects.filter(version=2).exists()


def test_the_correction_keeps_its_reason_and_its_reviewer_reads_it(alice_client, reviewer_client, published, alice):
    open_correction(alice_client, published)
    correction = Assessment.objects.get(version=2)
    assert correction.correction_reason == "AI-4 was rated before the law passed."
    workflow.submit(assessment=correction, user=alice)
    page = reviewer_client.get(reverse("decide", kwargs={"pk": correction.pk})).content.decode()
    assert 'data-testid="correction-of"' in page and "AI-4 was rated before the law passed." in page
    assert reverse("profile", kwargs={"pk": published.pk}) in page


def test_a_corrections_review_shows_only_the_answers_that_differ(alice_client, reviewer_client, published, alice):
    open_correction(alice_client, published)
    correction = Assessment.objects.get(version=2)
    url = reverse("questionnaire", kwargs={"pk": correction.pk, "area_code": "SW"})
    page = alice_client.get(url).content.decode()
    alice_client.post(url, questionnaire_data(page, {"SW-2__value": "4"}))
    workflow.submit(assessment=correction, user=alice)
    page = reviewer_client.get(reverse("decide", kwargs={"pk": correction.pk})).content.decode()
    assert "1 answer differs from version 1." in page
    shown = page[: page.index("<details")]
    assert 'data-testid="corrected-SW-2"' in shown and "3 → 4" in shown
    assert 'id="indicator-SW-3"' not in shown and 'id="indicator-SW-3"' in page


def test_the_validated_version_stays_published_until_its_correction_is(alice_client, client, published, reviewer):
    open_correction(alice_client, published)
    correction = Assessment.objects.get(version=2)
    Answer.objects.filter(assessment=correction).update(value="4")
    assert [row["version"] for row in compare_rows(client)] == [1]
    workflow.submit(assessment=correction, user=correction.economy.members.get())
    workflow.validate(assessment=correction, reviewer=reviewer)
    assert [(row["version"], row["overall"]) for row in compare_rows(client)] == [(2, 100.0)]
    page = client.get(reverse("profile", kwargs={"pk": published.pk})).content.decode()
    assert 'data-testid="superseded-banner"' in page


def test_opening_a_correction_twice_reopens_the_same_one(alice_client, published):
    open_correction(alice_client, published)
    open_correction(alice_client, published)
    assert Assessment.objects.filter(supersedes=published).count() == 1


def test_only_its_economy_can_correct_it(bob_client, reviewer_client, published):
    assert open_correction(bob_client, published).status_code == 403
    assert open_correction(reviewer_client, published).status_code == 403


def test_the_json_carries_status_and_version(client, published):
    document = client.get(reverse("api_profile", kwargs={"pk": published.pk})).json()
    assert (document["status"], document["version"]) == ("validated", 1)
    row = compare_rows(client)[0]
    assert (row["status"], row["version"]) == ("validated", 1)
