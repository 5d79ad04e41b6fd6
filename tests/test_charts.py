"""Charts: SVG with real text in the reader's language, cell numbers on heat maps up to the 21 APEC economies."""

import re
import warnings

import pytest
from django.utils import translation

from assessment.reports import charts


def heatmap(row_count: int) -> str:
    rows = [f"E{n:02d}" for n in range(row_count)]
    return charts.heatmap_svg(rows, ["SW", "DM"], [[87.0, 12.0] for _ in rows])


def test_svg_text_stays_text():
    svg = charts.radar_svg(["Single window", "Data model", "AI"], {"CT": [80.0, 50.0, None]})
    assert "<text" in svg
    assert "Single window" in svg


def test_a_heat_map_of_21_economies_shows_each_cells_number():
    svg = heatmap(21)
    assert svg.count(">87.0<") == 21
    assert svg.count(">12.0<") == 21


def test_a_taller_heat_map_leaves_the_numbers_to_the_table():
    svg = heatmap(22)
    assert ">87.0<" not in svg
    assert "E21" in svg


def test_a_heat_maps_numbers_have_the_tables_one_decimal():
    svg = charts.heatmap_svg(["CT"], ["SW", "BL"], [[62.5, None]])
    assert ">62.5<" in svg and ">–<" in svg


def test_the_heat_maps_colour_scale_is_labelled_to_100_inside_the_drawing():
    svg = charts.heatmap_svg(["CT", "SGP"], ["SW", "BL"], [[50.0, None], [100.0, 0.0]])
    width = float(re.search(r'width="([\d.]+)pt"', svg).group(1))
    tick = re.search(r'text-anchor: start" x="([\d.]+)"[^>]*>100</text>', svg)
    title = re.search(r'x="([\d.]+)"[^>]*>Score</text>', svg)
    # "100" at 7 px is about 12 units wide from its start; the rotated title is centred on its x.
    assert float(tick.group(1)) + 12 < width
    assert float(title.group(1)) + 5 < width


AREA_NAMES = [
    "Single window",
    "WCO Data Model adoption",
    "AI-assisted inspection and risk management",
    "Paperless tax bills and e-payment",
    "Electronic bill of lading",
]


def radar(labels, series):
    import textwrap

    figure = charts._radar_figure(
        [textwrap.fill(label, charts.LABEL_WIDTH) for label in labels], list(series.values()), list(series), ""
    )
    figure.draw_without_rendering()
    return figure, figure.axes[0]


def distance_to_box(point, box) -> float:
    import math

    x = min(max(point[0], box.x0), box.x1)
    y = min(max(point[1], box.y0), box.y1)
    return math.hypot(x - point[0], y - point[1])


@pytest.mark.parametrize("count", [3, 5, 6, 8])
def test_radar_axis_labels_stay_outside_the_ring(count):
    labels = (AREA_NAMES * 2)[:count]
    _figure, axes = radar(labels, {"CT": [50.0] * count})
    centre = axes.transData.transform((0, 0))
    rim = axes.transData.transform((0, 100))
    radius = ((rim[0] - centre[0]) ** 2 + (rim[1] - centre[1]) ** 2) ** 0.5
    drawn = [text for text in axes.texts if text.get_text().replace("\n", " ") in labels]
    assert len(drawn) == count
    for text in drawn:
        # The nearest point of the label's box lies beyond the rim, whatever the label's length.
        assert distance_to_box(centre, text.get_window_extent()) > radius, text.get_text()


def test_a_radars_legend_covers_no_axis_label():
    _figure, axes = radar(AREA_NAMES, {name: [50.0, 60.0, 70.0, 80.0, 90.0] for name in ("CT", "SGP", "JPN", "AUS")})
    legend = axes.get_legend().get_window_extent()
    for text in axes.texts:
        assert not legend.overlaps(text.get_window_extent()), text.get_text()


# Codes and standard names that stay as they are in Chinese: economies, areas, a framework version.
CODES = {"CT", "SGP", "SW", "BL", "WCO", "AI"}
CHINESE_AREAS = ["單一窗口", "WCO 資料模型導入", "AI 輔助查驗與風險管理", "電子提單"]


def texts(svg: str) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg)


def english_words(svg: str) -> set[str]:
    """Words of Latin letters in the chart's texts that are not codes."""
    return {word for text in texts(svg) for word in re.findall(r"[A-Za-z]{2,}", text)} - CODES


def draw_every_chart() -> dict[str, str]:
    """Each kind of chart, drawn (not read from the cache) in the active language."""
    return {
        "radar": charts.radar_svg(CHINESE_AREAS, {"CT": [80.0, 50.0, None, 20.0], "SGP": [60.0, 40.0, None, 10.0]}),
        "heatmap": charts.heatmap_svg(["CT", "SGP"], ["SW", "BL"], [[75.0, None], [50.0, 50.0]]),
        "bars": charts.grouped_bars_svg(["SW", "BL"], {"CT": [75.0, 75.0], "SGP": [50.0, None]}),
        "lines": charts.lines_svg(
            ["2023（v1.0）", "2024（v1.0）", "2025（v1.1）"],
            [60.0, 40.0, 75.0],
            {"SW": [50.0, 30.0, 70.0], "BL": [70.0, None, 80.0]},
            ["illustrative", "incomplete", ""],
        ),
    }


@pytest.mark.parametrize(
    "kind, words",
    [
        ("radar", ["單一窗口", "（無分數）"]),
        ("heatmap", ["分數"]),
        ("bars", ["分數"]),
        ("lines", ["總分", "分數", "示範", "填答不足"]),
    ],
)
def test_each_chart_labels_itself_in_chinese(kind, words):
    with translation.override("zh-hant"):
        svg = draw_every_chart()[kind]
    assert set(words) <= set(texts(svg))


@pytest.mark.parametrize("kind", ["radar", "heatmap", "bars", "lines"])
def test_a_chinese_chart_has_no_english_word_but_codes(kind):
    with translation.override("zh-hant"):
        svg = draw_every_chart()[kind]
    assert english_words(svg) == set()


def test_the_trend_chart_keeps_its_english_labels_in_english():
    svg = draw_every_chart()["lines"]
    assert {"Overall", "Score", "illustrative", "incomplete"} <= set(texts(svg))


def test_a_chart_is_drawn_again_in_the_other_language_not_served_from_its_cache():
    english = charts.heatmap_svg(["CT"], ["SW"], [[75.0]])
    with translation.override("zh-hant"):
        chinese = charts.heatmap_svg(["CT"], ["SW"], [[75.0]])
    assert "Score" in texts(english) and "分數" in texts(chinese)


def test_chinese_charts_are_measured_with_the_traditional_chinese_font_and_miss_no_glyph():
    with translation.override("zh-hant"), warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns "Glyph … missing from font(s) DejaVu Sans"
        drawn = draw_every_chart()
    for svg in drawn.values():
        assert "'DejaVu Sans','Noto Sans CJK TC'," in svg


def test_chinese_radar_axis_labels_stay_outside_the_ring():
    with charts.chart_style():
        _figure, axes = radar(CHINESE_AREAS, {"CT": [50.0] * len(CHINESE_AREAS)})
    centre = axes.transData.transform((0, 0))
    rim = axes.transData.transform((0, 100))
    radius = ((rim[0] - centre[0]) ** 2 + (rim[1] - centre[1]) ** 2) ** 0.5
    drawn = [text for text in axes.texts if text.get_text() in CHINESE_AREAS]
    assert len(drawn) == len(CHINESE_AREAS)
    for text in drawn:
        assert distance_to_box(centre, text.get_window_extent()) > radius, text.get_text()


def test_an_economy_keeps_its_colour_whatever_else_is_charted():
    everyone = charts.economy_styles(["SGP", "CT", "RP", "AUS", "PE"])
    fewer = charts.economy_styles(["CT", "SGP", "AUS", "PE", "RP"])
    assert everyone == fewer
    assert everyone["CT"][0] in charts.ECONOMY_COLOURS


def test_up_to_30_economies_each_have_their_own_colour_and_pattern():
    codes = [f"E{n:02}" for n in range(30)]
    pairs = {tuple(style) for style in charts.economy_styles(codes).values()}
    assert len(pairs) == 30


def test_neighbours_likely_compared_differ_in_colour_among_the_apec_codes():
    import json
    from pathlib import Path

    fixtures = Path(__file__).resolve().parents[1] / "fixtures" / "economies.json"
    codes = [economy["code"] for economy in json.loads(fixtures.read_text(encoding="utf-8"))]
    styles = charts.economy_styles(codes)
    assert styles["CT"][0] != styles["PRC"][0] and styles["CT"][0] != styles["SGP"][0]


def test_the_radar_and_the_bars_draw_an_economy_in_the_same_colour_in_any_order():
    styles = {"Singapore (SGP)": ["#117733", 0], "Peru (PE)": ["#cc6677", 0]}
    series = {"Peru (PE)": [40.0, 50.0, 60.0], "Singapore (SGP)": [80.0, 90.0, 70.0]}
    reordered = dict(reversed(list(series.items())))
    for svg in (
        charts.radar_svg(["SW", "DM", "AI"], series, styles=styles),
        charts.radar_svg(["SW", "DM", "AI"], reordered, styles=styles),
        charts.grouped_bars_svg(["SW", "DM", "AI"], reordered, styles=styles),
    ):
        assert "#117733" in svg and "#cc6677" in svg
        assert "#0b5cad" not in svg  # the table-order palette is not used


@pytest.mark.parametrize(
    ("values", "joined", "runs"),
    [
        ([25.0, 84.0, 90.0], [False, False, True], [[0], [1, 2]]),
        ([25.0, None, 90.0], [False, True, True], [[0], [2]]),
        ([25.0, 84.0, 90.0], None, [[0, 1, 2]]),
        ([25.0, None, 90.0], None, [[0, 2]]),
    ],
)
def test_trend_lines_join_only_the_cycles_said_to_compare(values, joined, runs):
    assert [[x for x, _v in run] for run in charts.line_segments(values, joined)] == runs


def test_an_illustrative_cycle_is_labelled_on_the_trend_chart():
    svg = charts.lines_svg(["2023 (framework 2024.1)", "2025 (framework 2024.1)"], [40.0, 70.0], {},
                           ["illustrative", ""], joined=[False, False])  # fmt: skip
    assert svg.count(">illustrative</text>") == 2  # on its band and in the legend
    assert ">2023 (framework 2024.1)</text>" in svg
