"""An economy across cycles."""

from django.test import Client
from django.urls import reverse

from assessment.models import Answer, Assessment, Indicator
from assessment.reports import charts

from .conftest import answer_all, make_framework


def validated_cycle(economy, cycle, framework, level):
    """A validated assessment of the economy for the cycle, every answer at `level`."""
    assessment = Assessment.objects.create(
        economy=economy, cycle=cycle, framework=framework, status=Assessment.Status.VALIDATED
    )
    answer_all(assessment, level)
    return assessment


def url(code="CT"):
    return reverse("economy", kwargs={"code": code})


def test_it_shows_each_cycle_with_the_change_since_the_previous(client, framework, chinese_taipei):
    for cycle, level in ((2024, 2), (2025, 3)):
        validated_cycle(chinese_taipei, cycle, framework, level)
    page = client.get(url()).content.decode()
    assert 'data-cycle="2024"' in page and 'data-cycle="2025"' in page
    assert 'data-testid="change-overall">+25.0<' in page
    assert 'data-testid="trend-chart"' in page


def test_cycles_on_other_framework_versions_are_marked(client, framework, chinese_taipei):
    old = make_framework(version="T.0", current=False)
    for cycle, version in ((2024, old), (2025, framework)):
        validated_cycle(chinese_taipei, cycle, version, 2)
    page = client.get(url()).content.decode()
    assert 'data-testid="versions-note"' in page
    assert "framework T.0" in page and "framework T.1" in page
    assert "vT.0" not in page  # "v" reads like an assessment's version


def test_drafts_show_only_to_their_economy(alice_client, draft):
    assert 'data-cycle="2025"' not in Client().get(url()).content.decode()
    assert 'data-cycle="2025"' in alice_client.get(url()).content.decode()


def test_an_unknown_economy_is_not_found(client, db):
    assert client.get(url("XX")).status_code == 404


def test_across_versions_with_a_crosswalk_the_change_is_mapped(client, framework, chinese_taipei):
    from assessment.framework.loaders import load_crosswalk

    old = make_framework(version="T.0", current=False)
    same = {str(n): n for n in range(5)}
    load_crosswalk(
        {
            "from": "T.0",
            "to": "T.1",
            "mappings": [
                {"from": i.code, "relation": "same", "to": {i.code: same}}
                for i in Indicator.objects.filter(area__framework=old)
            ],
        }
    )
    for cycle, version, level in ((2024, old, 2), (2025, framework, 3)):
        validated_cycle(chinese_taipei, cycle, version, level)
    page = client.get(url()).content.decode()
    assert 'data-testid="change-overall">+25.0*<' in page
    assert "framework changed: change mapped" in page


def test_across_versions_without_a_crosswalk_no_change_is_shown(client, framework, chinese_taipei):
    old = make_framework(version="T.0", current=False)
    for cycle, version in ((2024, old), (2025, framework)):
        validated_cycle(chinese_taipei, cycle, version, 2)
    page = client.get(url()).content.decode()
    assert 'data-testid="change-overall"' not in page
    assert "framework changed: not compared" in page


def test_an_illustrative_cycle_is_not_compared_with_a_self_assessment(client, framework, chinese_taipei):
    illustrative = Assessment.objects.create(
        economy=chinese_taipei, cycle=2023, framework=framework, is_illustrative=True
    )
    answer_all(illustrative, 4)
    validated_cycle(chinese_taipei, 2025, framework, 2)
    page = client.get(url()).content.decode()
    assert 'data-testid="change-overall"' not in page
    assert "not compared: illustrative data" in page


def test_an_incomplete_cycle_is_not_compared(client, framework, chinese_taipei):
    for cycle in (2024, 2025):
        validated_cycle(chinese_taipei, cycle, framework, 2)
    Answer.objects.filter(assessment__cycle=2024).exclude(indicator__code="SW-1").delete()
    page = client.get(url()).content.decode()
    assert 'data-testid="change-overall"' not in page
    assert "not compared: under 60% answered" in page


def test_the_trend_chart_follows_the_language(client, framework, chinese_taipei):
    for cycle, level in ((2024, 2), (2025, 3)):
        validated_cycle(chinese_taipei, cycle, framework, level)
    client.post(reverse("set_language"), {"language": "zh-hant", "next": "/"})
    page = client.get(url()).content.decode()
    start = page.index('data-testid="trend-chart"')
    chart = page[start : page.index("</svg>", start)]
    assert ">總分</text>" in chart and ">2025（架構 T.1）</text>" in chart
    assert ">Overall</text>" not in chart


def test_the_trend_chart_joins_only_cycles_that_compare(client, framework, chinese_taipei):
    illustrative = Assessment.objects.create(
        economy=chinese_taipei, cycle=2023, framework=framework, is_illustrative=True
    )
    answer_all(illustrative, 1)
    for cycle, level in ((2024, 2), (2025, 3)):
        validated_cycle(chinese_taipei, cycle, framework, level)
    chart = client.get(url()).context["chart"]
    assert chart["point_kinds"] == ["illustrative", "", ""]
    assert chart["joined"] == [False, False, True]
    runs = [[x for x, _score in run] for run in charts.line_segments(chart["overall"], chart["joined"])]
    assert runs == [[0], [1, 2]]
    assert all(len(charts.line_segments(values, chart["joined"])) == 2 for values in chart["series"].values())


def test_the_trend_chart_joins_no_cycle_below_the_threshold(client, framework, chinese_taipei):
    for cycle in (2024, 2025):
        validated_cycle(chinese_taipei, cycle, framework, 2)
    Answer.objects.filter(assessment__cycle=2024).exclude(indicator__code="SW-1").delete()
    chart = client.get(url()).context["chart"]
    assert chart["joined"] == [False, False]
    assert charts.line_segments(chart["overall"], chart["joined"]) == [[(0, chart["overall"][0])], [(1, 50.0)]]


def test_the_trend_chart_names_each_area_in_its_legend(client, framework, chinese_taipei):
    validated_cycle(chinese_taipei, 2025, framework, 2)
    page = client.get(url()).content.decode()
    chart = client.get(url()).context["chart"]
    first = framework.areas.order_by("order").first()
    assert f"{first.code} {first.name}" in chart["series"]
    assert f'<abbr title="{first.name}">{first.code}</abbr>' in page
