"""Thin data shown as thin (content review 2026-12, check 8.1; issue 23 item 4): an area, or the whole
questionnaire, with fewer than half of its indicators answered shows its score with "n of N
answered" and no stage, on the profile, the printed summary (and so its PDF), and the compare page
and its printout."""

import pytest
from django.urls import reverse

from assessment import scoring
from assessment.models import Answer


@pytest.mark.parametrize(
    ("answered", "total", "thin"),
    [(0, 6, True), (2, 6, True), (3, 6, False), (2, 5, True), (3, 5, False), (1, 1, False)],
)
def test_fewer_than_half_answered_is_thin(answered, total, thin):
    assert scoring.Completeness(answered, total, 0).is_thin is thin


def test_dont_know_and_not_applicable_count_as_answered():
    area = scoring.AreaSpec("SW", 1, tuple(scoring.IndicatorSpec(f"SW-{n}", 1) for n in range(4)))
    profile = scoring.score_area(area, {"SW-0": 3, "SW-1": scoring.DONT_KNOW})
    assert profile.completeness.answered == 2 and not profile.completeness.is_thin


@pytest.fixture
def thin_sw(validated):
    """Chinese Taipei, validated, with 1 of 3 single-window indicators answered (BL: 2 of 2)."""
    Answer.objects.filter(assessment=validated, indicator__code__in=["SW-2", "SW-3"]).delete()
    return validated


def area_row(page: str, code: str) -> str:
    start = page.index(f'data-area="{code}"')
    return page[start : page.index("</tr>", start)]


def test_the_profile_shows_a_thin_areas_score_with_what_it_rests_on_and_no_stage(client, thin_sw):
    page = client.get(reverse("profile", kwargs={"pk": thin_sw.pk})).content.decode()
    sw, bl = area_row(page, "SW"), area_row(page, "BL")
    assert "75.0" in sw and "1 of 3 answered" in sw and "Established" not in sw
    assert "Established" in bl and "answered" not in bl.split("</td>")[3]


def test_the_printed_summary_shows_a_thin_area_without_a_stage(client, thin_sw):
    page = client.get(reverse("summary", kwargs={"pk": thin_sw.pk})).content.decode()
    assert "1 of 3 answered · no stage: too few answers" in page


def test_a_thin_overall_has_no_stage_on_the_profile(client, thin_sw):
    Answer.objects.filter(assessment=thin_sw, indicator__code="BL-1").delete()  # 2 of 5 answered
    page = client.get(reverse("profile", kwargs={"pk": thin_sw.pk})).content.decode()
    card = page[page.index('data-testid="overall"') : page.index('data-testid="area-table"')]
    assert "2 of 5 answered" in card and "Established" not in card


def compare_row(page: str, economy: str) -> str:
    start = page.index(f'data-economy="{economy}"')
    return page[start : page.index("</tr>", start)]


def test_the_compare_page_marks_a_thin_area_score(client, thin_sw):
    row = compare_row(client.get(reverse("compare"), {"cycle": 2025}).content.decode(), "CT")
    assert "1 of 3 answered" in row and "Established" in row  # overall: 3 of 5, so a stage


def test_the_compare_page_gives_a_thin_overall_no_stage(client, thin_sw):
    Answer.objects.filter(assessment=thin_sw, indicator__code="BL-1").delete()
    row = compare_row(client.get(reverse("compare"), {"cycle": 2025}).content.decode(), "CT")
    assert "2 of 5 answered" in row and "no stage: too few answers" in row and "Established" not in row


def test_the_printed_comparison_marks_a_thin_overall(client, thin_sw):
    Answer.objects.filter(assessment=thin_sw, indicator__code="BL-1").delete()
    page = client.get(reverse("comparison_summary"), {"cycle": 2025}).content.decode()
    assert "2 of 5 answered" in page and "no stage: too few answers" in page


def test_the_compare_json_gives_no_stage_to_a_thin_overall(client, thin_sw):
    Answer.objects.filter(assessment=thin_sw, indicator__code="BL-1").delete()
    row = client.get(reverse("compare_json"), {"cycle": 2025}).json()["economies"][0]
    assert (row["stage"], row["completeness"]) == (None, 40.0)
