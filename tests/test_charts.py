"""Charts: SVG with real text, cell numbers on heat maps up to the 21 APEC economies."""

import pytest

from assessment import charts


def heatmap(row_count: int) -> str:
    rows = [f"E{n:02d}" for n in range(row_count)]
    return charts.heatmap_svg(rows, ["SW", "DM"], [[87.0, 12.0] for _ in rows])


def test_svg_text_stays_text():
    svg = charts.radar_svg(["Single window", "Data model", "AI"], {"CT": [80.0, 50.0, None]})
    assert "<text" in svg
    assert "Single window" in svg


def test_a_heat_map_of_21_economies_shows_each_cells_number():
    svg = heatmap(21)
    assert svg.count(">87<") == 21
    assert svg.count(">12<") == 21


def test_a_taller_heat_map_leaves_the_numbers_to_the_table():
    svg = heatmap(22)
    assert ">87<" not in svg
    assert "E21" in svg


def test_the_heat_maps_colour_scale_is_labelled_to_100_inside_the_drawing():
    import re

    svg = charts.heatmap_svg(["CT", "SGP"], ["SW", "BL"], [[50.0, None], [100.0, 0.0]])
    width = float(re.search(r'width="([\d.]+)pt"', svg).group(1))
    tick = re.search(r'text-anchor: start" x="([\d.]+)"[^>]*>100</text>', svg)
    title = re.search(r'x="([\d.]+)"[^>]*>score</text>', svg)
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
