"""Review and submit: only a complete draft is submitted; nothing is lost otherwise."""

from django.urls import reverse

from assessment.models import Answer, Assessment

from .conftest import answer, answer_all


def url(assessment):
    return reverse("review", kwargs={"pk": assessment.pk})


def test_it_lists_each_missing_answer_with_a_link_to_it(alice_client, draft):
    answer(draft, "SW-1", 3)
    page = alice_client.get(url(draft)).content.decode()
    assert "?missing=1#indicator-SW-2" in page
    assert "?missing=1#indicator-BL-2" in page
    assert "#indicator-SW-1" not in page


def test_it_refuses_to_submit_an_incomplete_draft_and_keeps_it(alice_client, draft):
    answer(draft, "SW-1", 3, evidence="Kept")
    response = alice_client.post(url(draft))
    assert response.status_code == 400
    assert "still need an answer" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Assessment.Status.DRAFT
    assert Answer.objects.get(assessment=draft, indicator__code="SW-1").evidence == "Kept"


def test_it_submits_a_complete_draft(alice_client, draft, alice):
    answer_all(draft)
    response = alice_client.post(url(draft))
    assert response.url == reverse("profile", kwargs={"pk": draft.pk})
    draft.refresh_from_db()
    assert draft.status == Assessment.Status.SUBMITTED
    assert draft.submitted_by == alice
    assert draft.submitted_at is not None


def test_not_applicable_and_dont_know_complete_an_assessment(alice_client, draft):
    answer_all(draft, "na")
    Answer.objects.filter(assessment=draft, indicator__code="SW-1").update(value="dk")
    alice_client.post(url(draft))
    draft.refresh_from_db()
    assert draft.status == Assessment.Status.SUBMITTED


def test_it_refuses_a_user_of_another_economy(bob_client, draft):
    answer_all(draft)
    assert bob_client.post(url(draft)).status_code == 403
    draft.refresh_from_db()
    assert draft.is_draft


def test_it_requires_sign_in(client, draft):
    assert client.get(url(draft)).status_code == 302


def test_a_submitted_assessment_cannot_be_submitted_again(alice_client, submitted):
    assert alice_client.post(url(submitted)).status_code == 403
