"""The reviewer's page from the second round on: earlier comments with what came of them, the
answers changed since the last return shown, the others folded."""

import pytest
from django.urls import reverse

from assessment.answers import workflow
from assessment.models import IndicatorComment

from .page_forms import questionnaire_data


@pytest.fixture
def second_round(reviewer, alice, alice_client, submitted):
    """Returned with comments on SW-2 and SW-3; alice changes SW-2, marks SW-3 addressed, resubmits."""
    workflow.return_for_changes(
        assessment=submitted,
        reviewer=reviewer,
        comment="Two questions.",
        indicator_comments={"SW-2": "Which agencies?", "SW-3": "Is this in force?"},
    )
    url = reverse("questionnaire", kwargs={"pk": submitted.pk, "area_code": "SW"})
    page = alice_client.get(url).content.decode()
    alice_client.post(url, questionnaire_data(page, {"SW-2__value": "2", "SW-2__evidence": "Customs and 30 agencies"}))
    comment = IndicatorComment.objects.get(indicator__code="SW-3")
    workflow.mark_addressed(comment=comment, user=alice, note="In force since 2019; see the law.")
    workflow.submit(assessment=submitted, user=alice)
    return submitted


def decision_page(client, assessment, **query):
    return client.get(reverse("decide", kwargs={"pk": assessment.pk}), query).content.decode()


def test_the_first_round_shows_no_earlier_round_and_folds_nothing(reviewer_client, submitted):
    page = decision_page(reviewer_client, submitted)
    assert 'data-testid="earlier-rounds"' not in page
    assert "<details" not in page


def test_the_second_round_shows_the_first_rounds_comments(reviewer_client, second_round):
    page = decision_page(reviewer_client, second_round)
    assert 'data-testid="round-1"' in page and "Two questions." in page
    assert "Which agencies?" in page and "Is this in force?" in page


def test_a_changed_answer_shows_its_old_and_new_level_and_evidence(reviewer_client, second_round):
    page = decision_page(reviewer_client, second_round)
    changed = page[page.index('data-testid="earlier-comment-SW-2"') :]
    changed = changed[: changed.index("</li>")]
    assert 'data-testid="outcome-changed"' in changed
    assert "3 →" in changed and "→ 2" in changed
    assert "Customs and 30 agencies" in changed


def test_a_comment_marked_addressed_shows_who_when_and_the_note(reviewer_client, second_round):
    page = decision_page(reviewer_client, second_round)
    marked = page[page.index('data-testid="earlier-comment-SW-3"') :]
    marked = marked[: marked.index("</li>")]
    assert 'data-testid="outcome-marked"' in marked
    assert "alice" in marked and "In force since 2019; see the law." in marked


def test_only_the_changed_answers_are_shown_by_default_from_the_second_round(reviewer_client, second_round):
    page = decision_page(reviewer_client, second_round)
    assert 'data-testid="changed-SW-2"' in page
    assert 'data-testid="changed-SW-3"' not in page
    assert "1 answer changed since the last round." in page
    folded = page[page.index('data-testid="folded-SW"') :]
    assert 'id="indicator-SW-3"' in folded[: folded.index("</details>")]


def test_the_filter_can_be_turned_off(reviewer_client, second_round):
    page = decision_page(reviewer_client, second_round, all="1")
    assert "<details" not in page and 'id="indicator-SW-3"' in page
    assert 'data-testid="changed-SW-2"' in page


def test_the_second_round_page_runs_a_bounded_number_of_queries(
    reviewer_client, second_round, django_assert_max_num_queries
):
    with django_assert_max_num_queries(20):
        decision_page(reviewer_client, second_round)
