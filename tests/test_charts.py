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
