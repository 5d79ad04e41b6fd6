"""Reviewer's comments as the focal point answers them: addressed ones stay visible, can be
reopened until submission, and the area tabs mark where comments are open."""

import pytest
from django.urls import reverse

from assessment.answers import workflow
from assessment.models import IndicatorComment


@pytest.fixture
def returned(reviewer, submitted):
    workflow.return_for_changes(
        assessment=submitted, reviewer=reviewer, comment="", indicator_comments={"SW-2": "Which agencies?"}
    )
    return submitted


def mark_addressed(client, assessment, note="The law lists them all."):
    comment = IndicatorComment.objects.get()
    return client.post(
        reverse("comment_addressed", kwargs={"pk": assessment.pk, "comment_id": comment.pk}), {"note": note}
    )


def reopen(client, assessment):
    comment = IndicatorComment.objects.get()
    return client.post(reverse("comment_reopen", kwargs={"pk": assessment.pk, "comment_id": comment.pk}))


def review_page(client, assessment) -> str:
    return client.get(reverse("review", kwargs={"pk": assessment.pk})).content.decode()


def test_marking_a_comment_addressed_says_so(alice_client, returned):
    response = mark_addressed(alice_client, returned)
    assert "marked addressed" in alice_client.get(response.url).content.decode()


def test_an_addressed_comment_stays_visible_with_who_when_and_the_note(alice_client, returned):
    mark_addressed(alice_client, returned)
    page = review_page(alice_client, returned)
    item = page[page.index('data-testid="addressed-comment-SW-2"') :]
    item = item[: item.index("</li>")]
    assert "Which agencies?" in item and "alice" in item and "The law lists them all." in item
    assert 'data-testid="open-comment-SW-2"' not in page


def test_a_reopened_comment_is_open_again_and_holds_back_the_submission(alice_client, returned):
    mark_addressed(alice_client, returned)
    reopen(alice_client, returned)
    comment = IndicatorComment.objects.get()
    assert comment.is_open and comment.addressed_note == ""
    assert 'data-testid="open-comment-SW-2"' in review_page(alice_client, returned)
    assert alice_client.post(reverse("submit", kwargs={"pk": returned.pk})).status_code == 400


def test_a_comment_cannot_be_reopened_once_submitted(alice_client, alice, returned):
    mark_addressed(alice_client, returned)
    workflow.submit(assessment=returned, user=alice)
    assert reopen(alice_client, returned).status_code == 403
    assert not IndicatorComment.objects.get().is_open


def test_the_tabs_mark_the_areas_with_open_comments(alice_client, returned):
    url = reverse("questionnaire", kwargs={"pk": returned.pk, "area_code": "BL"})
    page = alice_client.get(url).content.decode()
    assert 'data-testid="tab-comments-SW"' in page and 'data-testid="tab-comments-BL"' not in page
    assert 'data-testid="tab-comments-SW"' in review_page(alice_client, returned)


def test_the_tab_mark_goes_once_the_comment_is_addressed(alice_client, returned):
    url = reverse("questionnaire", kwargs={"pk": returned.pk, "area_code": "BL"})
    alice_client.get(url)
    mark_addressed(alice_client, returned)
    assert 'data-testid="tab-comments-SW"' not in alice_client.get(url).content.decode()
