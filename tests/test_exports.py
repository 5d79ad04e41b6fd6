"""The PDF writer: WeasyPrint with a fetcher that serves static files only."""

import socket

import pytest
from weasyprint.urls import URLFetchingError

from assessment.reports import pdf


@pytest.fixture
def listener():
    """A local port that records whether anything connected to it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    yield server
    server.close()


def connections_to(server) -> int:
    server.setblocking(False)
    count = 0
    while True:
        try:
            connection, _address = server.accept()
        except BlockingIOError:
            return count
        connection.close()
        count += 1


def refused_markup(port: int) -> str:
    remote = f"http://127.0.0.1:{port}"
    return f"""<html><head>
      <link rel="stylesheet" href="{remote}/style.css">
      <style>@import url({remote}/import.css); body {{ background: url({remote}/background.png); }}</style>
      </head><body><p>Summary</p>
      <img src="{remote}/picture.png"><img src="file:///etc/passwd"><img src="/static/../config/settings.py">
      <iframe src="{remote}/frame"></iframe><object data="{remote}/object"></object><embed src="{remote}/embed">
      </body></html>"""


def test_refused_resources_are_left_out_and_the_pdf_is_made(listener):
    document = pdf.pdf_from_html(refused_markup(listener.getsockname()[1]))
    assert document.startswith(b"%PDF")
    assert connections_to(listener) == 0


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:9/x.png", "file:///etc/passwd", pdf.PDF_BASE_URL + "static/../config/settings.py",
     pdf.PDF_BASE_URL + "static/missing.css", pdf.PDF_BASE_URL + "config/settings.py"],
)  # fmt: skip
def test_the_fetcher_refuses_anything_but_a_static_file(url):
    with pytest.raises(URLFetchingError):
        pdf._static_files_fetcher().fetch(url)


def test_the_fetcher_serves_a_static_file():
    response = pdf._static_files_fetcher().fetch(pdf.PDF_BASE_URL + "static/css/print.css")
    assert response.headers["Content-Type"].startswith("text/css")


def embedded_fonts(pdf: bytes) -> set[str]:
    """The PDF's fonts without their subset prefix ("ABCDEF+DejaVu-Sans" → "DejaVu-Sans")."""
    import io

    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return {
        font.get_object()["/BaseFont"].split("+")[-1]
        for page in reader.pages
        for font in (page["/Resources"].get("/Font") or {}).values()
    }


def test_a_chinese_chart_in_a_pdf_draws_chinese_in_the_traditional_chinese_font(db):
    from django.utils import translation

    from assessment.reports import charts

    with translation.override("zh-hant"):
        svg = charts.lines_svg(
            ["2024（v1.0）", "2025（v1.0）"], [50.0, 60.0], {"SW": [40.0, 70.0]}, ["illustrative", ""]
        )
    # The page's own font is a serif one: whatever is embedded comes from the chart's font list.
    document = pdf.pdf_from_html(f'<html lang="zh-hant"><body style="font-family: serif">{svg}</body></html>')
    assert embedded_fonts(document) == {"DejaVu-Sans", "Noto-Sans-CJK-TC"}


def test_the_heat_maps_colour_bar_is_in_the_pdf(caplog):
    """matplotlib writes the colour bar's gradient as an inline PNG (a data: URL) in the SVG."""
    from assessment.reports import charts

    heat_map = charts.heatmap_svg(["Chinese Taipei"], ["Area"], [[50.0]])
    assert "data:image/png" in heat_map
    with caplog.at_level("WARNING", logger="weasyprint"):
        document = pdf.pdf_from_html(f"<html><body>{heat_map}</body></html>")
    assert document.startswith(b"%PDF")
    assert not [record.getMessage()[:80] for record in caplog.records if "data:" in record.getMessage()]


def test_the_fetcher_reads_an_inline_data_url():
    response = pdf._static_files_fetcher().fetch("data:text/plain;base64,SGVsbG8=")
    assert response.read() == b"Hello"
