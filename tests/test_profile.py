"""The profile page: scores, radar, best practices; who may read it; queries bounded."""

import pytest
from django.urls import reverse

from assessment.models import Assessment, BestPractice, Indicator
from assessment.reports import charts

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
    # assessment, areas, indicators, stored weight profiles, answers, best practices and their economies,
    # a newer version, the economy's targets
    with django_assert_num_queries(9):
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
        area=area, source="Chinese Taipei", level=1, title="Our own single window", summary="…", section="§", line=145,
    ).economies.add(chinese_taipei)  # fmt: skip
    assert "Our own single window" not in alice_client.get(url(draft)).content.decode()


def test_a_practice_shared_with_a_peer_is_not_shown_as_a_peers(alice_client, draft, chinese_taipei, singapore):
    area = draft.framework.areas.get(code="SW")
    BestPractice.objects.create(
        area=area, source="Singapore and Chinese Taipei", level=1, title="Our joint exchange", summary="…",
        section="§", line=144,
    ).economies.add(chinese_taipei, singapore)  # fmt: skip
    assert "Our joint exchange" not in alice_client.get(url(draft)).content.decode()


def test_plans_and_findings_are_listed_apart_from_peer_practices(alice_client, draft, singapore):
    area = draft.framework.areas.get(code="SW")
    BestPractice.objects.create(
        area=area, source="Singapore", level=1, title="A plan for next year", kind="plan", summary="…",
        section="§", line=154,
    ).economies.add(singapore)  # fmt: skip
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


def section_list(page: str, testid: str) -> str:
    """The HTML of the list marked data-testid=`testid`, or "" when the page has none."""
    start = page.find(f'data-testid="{testid}"')
    return "" if start == -1 else page[start : page.index("</ul>", start)]


def test_a_dont_know_is_listed_to_find_out_never_as_a_level(alice_client, draft):
    answer(draft, "SW-1", "dk")
    answer(draft, "SW-2", 1)
    page = alice_client.get(url(draft)).content.decode()
    assert "SW-1" in section_list(page, "find-out-SW")
    assert "SW-1" not in section_list(page, "weakest-SW")
    assert "SW-2" in section_list(page, "weakest-SW")
    # a "don't know" is never offered the way up from a level 0 it did not declare
    assert "SW-1 level 1 description" not in page


def test_a_strength_is_never_among_the_weakest(alice_client, draft):
    for code, level in (("SW-1", 3), ("SW-2", 4), ("SW-3", 4)):
        answer(draft, code, level)
    page = alice_client.get(url(draft)).content.decode()
    assert "SW-1" in section_list(page, "strengths-SW")
    assert section_list(page, "weakest-SW") == ""
    assert "No indicator answered below level 3." in page
    assert "SW-1 level 4 description" not in page


def test_an_area_without_answers_says_so(alice_client, draft):
    answer(draft, "SW-1", 2)
    page = alice_client.get(url(draft)).content.decode()
    assert 'data-testid="no-answer-BL"' in page
    assert 'data-testid="no-answer-SW"' not in page
    assert "No answer in this area yet." in page
    assert "below the top level" not in page


def test_a_draft_score_is_provisional_small_and_shows_its_completeness(alice_client, draft):
    answer(draft, "SW-1", 4)
    page = alice_client.get(url(draft)).content.decode()
    provisional = page[page.index('data-testid="provisional-score"') :]
    assert provisional.index('data-testid="overall-score">100.0<') < provisional.index(
        "from 20.0% of the questionnaire"
    )
    assert 'class="score-big" data-testid="overall-score"' not in page


def test_a_score_below_the_ranking_threshold_is_provisional_even_when_published(client, draft, settings):
    answer(draft, "SW-1", 4)
    Assessment.objects.filter(pk=draft.pk).update(is_illustrative=True)
    assert 'data-testid="provisional-score"' in client.get(url(draft)).content.decode()
    settings.RANK_MIN_COMPLETENESS = 20
    Assessment.objects.filter(pk=draft.pk).update(status=Assessment.Status.VALIDATED, is_illustrative=False)
    assert 'data-testid="provisional-score"' not in client.get(url(draft)).content.decode()


def test_a_complete_validated_score_is_the_headline(client, validated):
    page = client.get(url(validated)).content.decode()
    assert 'class="score-big" data-testid="overall-score">75.0<' in page
    assert 'data-testid="provisional-score"' not in page


def test_the_illustrative_banner_says_each_sentence_once(client, draft):
    # As load_demo stores it: the banner's own sentence again, in English only.
    note = "Illustrative: answers inferred from what the 2023 SCCP2 report states about Chinese Taipei."
    Assessment.objects.filter(pk=draft.pk).update(is_illustrative=True, note=note)
    page = client.get(url(draft)).content.decode()
    banner = page[
        page.index('data-testid="illustrative-banner"') : page.index("</div>", page.index("illustrative-banner"))
    ]
    assert banner.count("Illustrative") == 1
    assert banner.count("report states") == 1


def test_it_links_to_the_economys_trend_page(client, validated):
    assert f'href="{reverse("economy", kwargs={"code": "CT"})}"' in client.get(url(validated)).content.decode()


def test_data_downloads_sit_in_one_menu_and_keep_the_weights(client, validated):
    page = client.get(url(validated), {"weights": "equal"}).content.decode()
    menu = page[page.index('data-testid="data-menu"') : page.index("</ul>", page.index('data-testid="data-menu"'))]
    assert f'href="{reverse("api_profile", kwargs={"pk": validated.pk})}?weights=equal"' in menu
    assert "answers.csv?cycle=2025&amp;economies=CT" in menu
    assert page.count("profile.json") == 1


def test_a_validated_profile_gives_its_validation_date_not_its_submission_date(client, validated):
    import datetime

    from django.utils import timezone

    submitted_on = timezone.make_aware(datetime.datetime(2026, 3, 2, 12))
    validated_on = timezone.make_aware(datetime.datetime(2026, 4, 9, 12))
    Assessment.objects.filter(pk=validated.pk).update(submitted_at=submitted_on, validated_at=validated_on)
    page = client.get(url(validated)).content.decode()
    assert 'datetime="2026-04-09"' in page and 'datetime="2026-03-02"' not in page
    assert "validated" in page.split('datetime="2026-04-09"')[0][-200:]
