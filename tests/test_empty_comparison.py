"""Every compare-family address answers cleanly when nothing it asks for is published (probe N1)."""

import pytest
from django.urls import reverse

from assessment.reports import charts

COMPARE_FAMILY = [
    ("compare", {}),
    ("comparison_summary", {}),
    ("comparison_pdf", {}),
    ("compare_export", {"extension": "csv"}),
    ("compare_export", {"extension": "xlsx"}),
    ("answers_export", {"extension": "csv"}),
    ("answers_export", {"extension": "xlsx"}),
    ("compare_json", {}),
]

EMPTY_SELECTIONS = [
    pytest.param({"cycle": 2026}, id="cycle-with-nothing-published"),
    pytest.param({"cycle": 2025, "economies": "SGP"}, id="economy-with-nothing-published"),
    pytest.param({"cycle": 2021, "economies": "SGP", "lang": "zh-hant"}, id="both-in-chinese"),
]


@pytest.mark.parametrize(("name", "kwargs"), COMPARE_FAMILY)
@pytest.mark.parametrize("params", EMPTY_SELECTIONS)
def test_an_empty_selection_never_fails(client, validated, singapore, name, kwargs, params):
    response = client.get(reverse(name, kwargs=kwargs), params)
    assert response.status_code in (200, 404)


@pytest.mark.parametrize(("name", "kwargs"), COMPARE_FAMILY)
def test_nothing_published_anywhere_never_fails(client, framework, name, kwargs):
    response = client.get(reverse(name, kwargs=kwargs), {"cycle": 2026})
    assert response.status_code in (200, 404)


def test_the_compare_page_says_the_selection_is_empty(client, validated, singapore):
    response = client.get(reverse("compare"), {"cycle": 2026})
    assert response.status_code == 200
    assert "No assessment is published" in response.content.decode()


def test_the_printed_comparison_says_the_selection_is_empty(client, validated, singapore):
    response = client.get(reverse("comparison_summary"), {"cycle": 2026})
    assert response.status_code == 200
    assert "No assessment is published" in response.content.decode()


def test_the_json_says_the_selection_is_empty(client, validated, singapore):
    document = client.get(reverse("compare_json"), {"cycle": 2026}).json()
    assert document["economies"] == []
    assert "No assessment is published" in document["message"]


@pytest.mark.parametrize(
    "draw",
    [
        lambda: charts.heatmap_svg([], ["SW"], []),
        lambda: charts.heatmap_svg(["CT"], [], [[]]),
        lambda: charts.radar_svg([], {}),
        lambda: charts.radar_svg(["SW", "BL"], {}),
        lambda: charts.grouped_bars_svg([], {}),
        lambda: charts.grouped_bars_svg(["SW"], {}),
        lambda: charts.lines_svg([], [], {}),
    ],
)
def test_the_charts_decline_empty_inputs(draw):
    assert draw() == ""
