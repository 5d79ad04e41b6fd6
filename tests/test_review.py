"""Review and submit: what is missing, unconfirmed or commented is listed; submitting asks for
confirmation and sends a complete draft to the reviewers; nothing is lost otherwise."""

from django.urls import reverse

from assessment.models import Answer, Assessment

from .conftest import answer, answer_all


def url(assessment):
    return reverse("review", kwargs={"pk": assessment.pk})


def submit_url(assessment):
    return reverse("submit", kwargs={"pk": assessment.pk})


def test_it_lists_each_missing_answer_with_a_link_to_it(alice_client, draft):
    answer(draft, "SW-1", 3)
    page = alice_client.get(url(draft)).content.decode()
    assert "?missing=1#indicator-SW-2" in page
    assert "?missing=1#indicator-BL-2" in page
    assert "?missing=1#indicator-SW-1" not in page


def test_it_leads_to_a_confirmation_that_says_what_submitting_means(alice_client, draft):
    answer_all(draft)
    assert submit_url(draft) in alice_client.get(url(draft)).content.decode()
    page = alice_client.get(submit_url(draft)).content.decode()
    assert "only once validated is it published" in page
    draft.refresh_from_db()
    assert draft.status == Assessment.Status.DRAFT


def test_it_refuses_to_submit_an_incomplete_draft_and_keeps_it(alice_client, draft):
    answer(draft, "SW-1", 3, evidence="Kept")
    response = alice_client.post(submit_url(draft))
    assert response.status_code == 400
    assert "still need an answer" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Assessment.Status.DRAFT
    assert Answer.objects.get(assessment=draft, indicator__code="SW-1").evidence == "Kept"


def test_it_submits_a_complete_draft_for_review(alice_client, draft, alice):
    answer_all(draft)
    response = alice_client.post(submit_url(draft))
    assert response.url == reverse("profile", kwargs={"pk": draft.pk})
    draft.refresh_from_db()
    assert draft.status == Assessment.Status.SUBMITTED
    assert draft.submitted_by == alice
    assert draft.submitted_at is not None


def test_not_applicable_and_dont_know_complete_an_assessment(alice_client, draft):
    answer_all(draft, "na")
    Answer.objects.filter(assessment=draft, indicator__code="SW-1").update(value="dk")
    alice_client.post(submit_url(draft))
    draft.refresh_from_db()
    assert draft.status == Assessment.Status.SUBMITTED


def test_it_refuses_a_user_of_another_economy(bob_client, draft):
    answer_all(draft)
    assert bob_client.post(submit_url(draft)).status_code == 403
    draft.refresh_from_db()
    assert draft.is_draft


def test_it_requires_sign_in(client, draft):
    assert client.get(url(draft)).status_code == 302


def test_a_validated_assessment_cannot_be_submitted_again(alice_client, validated):
    assert alice_client.post(submit_url(validated)).status_code == 403


def test_the_review_page_takes_no_post(alice_client, draft):
    answer_all(draft)
    assert alice_client.post(url(draft)).status_code == 405
    draft.refresh_from_db()
    assert draft.status == Assessment.Status.DRAFT
