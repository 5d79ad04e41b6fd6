"""The PDFs' Chinese font: a cut-down copy of common characters first (`make fonts`), the full
system font for any other character."""

import base64
import io
import sys
from pathlib import Path

import pypdf
from django.urls import reverse

from assessment.models import Economy
from assessment.reports import pdf

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
import pdf_fonts  # noqa: E402

RARE = "堃"  # in Big5's less-used level 2, so not in the cut-down font


def embedded_fonts(response) -> set[str]:
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    return {
        str(font.get_object()["/BaseFont"]) for page in reader.pages for font in page["/Resources"]["/Font"].values()
    }


def test_the_common_font_is_built_by_make_fonts():
    for name in pdf.PDF_FONT_FILES.values():
        assert (Path(pdf.settings.PDF_FONTS_DIR) / name).stat().st_size > 1_000_000, name


def test_the_common_characters_are_big5s_symbols_and_frequent_characters():
    characters = pdf_fonts.common_characters()
    assert "臺" in characters and "，" in characters and "「" in characters
    assert RARE not in characters
    assert 5_800 < len(characters) < 6_000


def test_a_pdf_with_chinese_names_uses_the_common_font_only(client, validated):
    fonts = embedded_fonts(client.get(reverse("summary_pdf", kwargs={"pk": validated.pk}), {"lang": "zh-hant"}))
    assert any("Noto-Sans-TC-Common" in name for name in fonts), fonts
    assert not any("Noto-Sans-CJK" in name for name in fonts), fonts


def test_a_character_outside_the_common_font_is_drawn_from_the_full_font(client, validated):
    Economy.objects.filter(pk=validated.economy_id).update(name_zh=f"中華臺北{RARE}")
    response = client.get(reverse("summary_pdf", kwargs={"pk": validated.pk}), {"lang": "zh-hant"})
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(response.content)).pages)
    assert f"中華臺北{RARE}" in text
    assert any("Noto-Sans-CJK-TC" in name for name in embedded_fonts(response))


def test_a_chart_in_a_pdf_names_the_common_font_before_the_full_one():
    url = pdf.chart_image_url("<svg><text style=\"font-family:'DejaVu Sans','Noto Sans CJK TC'\">中</text></svg>")
    svg = base64.b64decode(url.removeprefix("data:image/svg+xml;base64,")).decode()
    assert "'DejaVu Sans','Noto Sans TC Common','Noto Sans CJK TC'" in svg


def test_a_print_page_makes_no_browser_download_the_pdf_fonts(client, validated):
    page = client.get(reverse("summary", kwargs={"pk": validated.pk})).content.decode()
    assert "@font-face" not in page and pdf.PDF_FONT_FAMILY not in page
