"""Charts: SVG with real text, cell numbers on heat maps up to the 21 APEC economies."""

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
