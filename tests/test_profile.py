"""The profile page: scores, radar, best practices; who may read it; queries bounded."""

import pytest
from django.urls import reverse

from assessment import charts
from assessment.models import Assessment, BestPractice, Indicator

from .conftest import answer


def url(assessment):
    return reverse("profile", kwargs={"pk": assessment.pk})


def test_it_shows_overall_and_area_scores(client, validated):
    page = client.get(url(validated)).content.decode()
    # every answer at level 3: 75.0, maturity 3.0, Established
    assert 'data-testid="overall-score">75.0<' in page
    assert "Established" in page
    assert "Area SW" in page and "Area BL" in page


def test_it_draws_a_radar_chart(client, validated):
    page = client.get(url(validated)).content.decode()
    assert "<svg" in page
    assert 'data-testid="radar"' in page


def test_a_second_view_does_not_redraw_the_chart(client, validated):
    client.get(url(validated))
    drawn = charts.draw_count
    client.get(url(validated))
    assert charts.draw_count == drawn


def test_a_changed_score_draws_a_new_chart(client, validated):
    client.get(url(validated))
    drawn = charts.draw_count
    validated.answers.filter(indicator__code="SW-1").update(value="0")
    validated.save()  # as the admin does when it corrects an answer: the assessment's update time moves
    client.get(url(validated))
    assert charts.draw_count == drawn + 1


def test_it_shows_the_practices_of_the_next_stage(client, validated, practices):
    # SW at 75 is Established (3): practices of level 4 show the way
    page = client.get(url(validated)).content.decode()
    assert "Practice at level 4" in page
    assert "Practice at level 2" not in page
    assert "line 144" in page


def test_it_shows_the_weakest_indicators_with_the_next_level(alice_client, draft):
    answer(draft, "SW-1", 1)
    answer(draft, "SW-2", 4)
    page = alice_client.get(url(draft)).content.decode()
    assert "SW-1 level 2 description" in page


def test_a_draft_shows_provisional_figures_with_completeness(alice_client, draft):
    answer(draft, "SW-1", 4)
    page = alice_client.get(url(draft)).content.decode()
    assert 'data-testid="draft-banner"' in page
    assert "20.0% of the questionnaire is answered" in page


def test_a_draft_is_hidden_from_other_economies(bob_client, draft):
    assert bob_client.get(url(draft)).status_code == 403


def test_a_draft_asks_anonymous_visitors_to_sign_in(client, draft):
    assert client.get(url(draft)).status_code == 302


def test_a_submitted_profile_needs_no_sign_in(client, validated):
    assert client.get(url(validated)).status_code == 200


def test_an_illustrative_profile_needs_no_sign_in_and_says_so(client, draft):
    Assessment.objects.filter(pk=draft.pk).update(is_illustrative=True)
    response = client.get(url(draft))
    assert response.status_code == 200
    assert 'data-testid="illustrative-banner"' in response.content.decode()


def test_an_unknown_assessment_is_not_found(client, db):
    assert client.get(reverse("profile", kwargs={"pk": 999})).status_code == 404


@pytest.mark.parametrize("extra_indicators", [0, 20])
def test_the_page_runs_the_same_number_of_queries_whatever_the_indicators(
    client, validated, practices, django_assert_num_queries, extra_indicators
):
    area = validated.framework.areas.get(code="SW")
    for n in range(extra_indicators):
        indicator = Indicator.objects.create(
            area=area, code=f"SW-X{n}", question="?", weight=1, levels=["d"] * 5, order=10 + n
        )
        answer(validated, indicator.code, 2)
    # assessment, areas, indicators, stored weight profiles, answers, best practices, a newer version
    with django_assert_num_queries(7):
        client.get(url(validated))


def test_equal_weights_rescore_the_profile(client, validated):
    # SW all 4 (100) and BL all 0 (0): default 60/40 gives 60.0, equal weights 50.0.
    validated.answers.filter(indicator__area__code="SW").update(value="4")
    validated.answers.filter(indicator__area__code="BL").update(value="0")
    assert 'data-testid="overall-score">60.0<' in client.get(url(validated)).content.decode()
    assert 'data-testid="overall-score">50.0<' in client.get(url(validated), {"weights": "equal"}).content.decode()


def test_an_economys_own_practice_is_never_shown_as_a_peers(alice_client, draft, chinese_taipei):
    area = draft.framework.areas.get(code="SW")
    BestPractice.objects.create(
        area=area, economy=chinese_taipei, source="Chinese Taipei", level=1, title="Our own single window",
        summary="…", section="§", line=145,
    )  # fmt: skip
    assert "Our own single window" not in alice_client.get(url(draft)).content.decode()


def test_plans_and_findings_are_listed_apart_from_peer_practices(alice_client, draft, singapore):
    area = draft.framework.areas.get(code="SW")
    BestPractice.objects.create(
        area=area, economy=singapore, source="Singapore", level=1, title="A plan for next year", kind="plan",
        summary="…", section="§", line=154,
    )  # fmt: skip
    page = alice_client.get(url(draft)).content.decode()
    listed = page.index('data-testid="plans-and-findings"')
    assert page.index("A plan for next year") > listed
    assert page.count('data-testid="practice"') == 0


def test_it_shows_what_the_missing_answers_could_change(alice_client, draft):
    answer(draft, "SW-1", 4)
    page = alice_client.get(url(draft)).content.decode()
    # SW: 3 of 6 weight at level 4 → 50–100; BL unanswered → 0–100; overall 0.6 × … + 0.4 × …
    assert "could be 30.0–100.0" in page
    assert "could be 50.0–100.0" in page
