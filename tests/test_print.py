"""The A4 summary: print page and PDF from the same template."""

import io

import pypdf
import pytest
from django.urls import reverse

from assessment.models import Assessment, BestPractice

from .conftest import answer


def pdf_text(response) -> tuple[pypdf.PdfReader, str]:
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def submitted_pdf(client, validated):
    return client.get(reverse("summary_pdf", kwargs={"pk": validated.pk}))


def test_the_pdf_is_a_valid_a4_pdf(submitted_pdf):
    assert submitted_pdf["Content-Type"] == "application/pdf"
    assert submitted_pdf.content.startswith(b"%PDF")
    reader, _ = pdf_text(submitted_pdf)
    box = reader.pages[0].mediabox
    assert abs(float(box.width) - 595.28) < 1 and abs(float(box.height) - 841.89) < 1


def test_the_pdf_is_offered_as_a_named_download(submitted_pdf):
    assert submitted_pdf["Content-Disposition"] == 'attachment; filename="CT-2025-maturity-summary.pdf"'


def test_the_pdf_names_the_economy_in_english_and_chinese(submitted_pdf):
    _, text = pdf_text(submitted_pdf)
    assert "Chinese Taipei" in text
    assert "中華臺北" in text


def test_the_pdf_gives_the_overall_and_every_area_score(alice_client, draft):
    for code, level in (("SW-1", 4), ("SW-2", 2), ("SW-3", 0), ("BL-1", 3), ("BL-2", 1)):
        answer(draft, code, level)
    _, text = pdf_text(alice_client.get(reverse("summary_pdf", kwargs={"pk": draft.pk})))
    # SW = (3×1 + 1×0.5 + 2×0) / 6 = 58.3; BL = 50.0; overall = (60×58.33 + 40×50) / 100 = 55.0
    for score in ("58.3", "50.0", "55.0"):
        assert score in text


def test_a_drafts_pdf_is_marked_draft(alice_client, draft):
    _, text = pdf_text(alice_client.get(reverse("summary_pdf", kwargs={"pk": draft.pk})))
    assert "DRAFT" in text


def test_an_illustrative_pdf_is_marked_illustrative(client, draft):
    Assessment.objects.filter(pk=draft.pk).update(is_illustrative=True)
    _, text = pdf_text(client.get(reverse("summary_pdf", kwargs={"pk": draft.pk})))
    assert "ILLUSTRATIVE" in text


def test_the_print_page_has_no_navigation(client, validated):
    page = client.get(reverse("summary", kwargs={"pk": validated.pk})).content.decode()
    assert "<nav" not in page
    assert "print.css" in page and "bootstrap" not in page


def test_the_print_page_offers_print_and_pdf(client, validated):
    page = client.get(reverse("summary", kwargs={"pk": validated.pk})).content.decode()
    assert "data-print" in page and "js/app.js" in page
    assert reverse("summary_pdf", kwargs={"pk": validated.pk}) in page


def test_a_draft_summary_is_refused_to_other_economies(bob_client, draft):
    assert bob_client.get(reverse("summary", kwargs={"pk": draft.pk})).status_code == 403
    assert bob_client.get(reverse("summary_pdf", kwargs={"pk": draft.pk})).status_code == 403


def test_a_draft_summary_asks_anonymous_visitors_to_sign_in(client, draft):
    assert client.get(reverse("summary_pdf", kwargs={"pk": draft.pk})).status_code == 302


def test_the_summary_page_runs_a_bounded_number_of_queries(client, validated, practices, django_assert_num_queries):
    # assessment, areas, indicators, stored weight profiles, answers, best practices and their economies,
    # a newer version
    with django_assert_num_queries(8):
        client.get(reverse("summary", kwargs={"pk": validated.pk}))


def test_the_comparison_prints_without_navigation(client, validated, validated_other):
    page = client.get(reverse("comparison_summary"), {"cycle": 2025}).content.decode()
    assert "<nav" not in page
    assert "Singapore" in page and "<svg" in page


def test_the_comparison_pdf_has_the_table_and_rank_intervals(client, validated, validated_other):
    response = client.get(reverse("comparison_pdf"), {"cycle": 2025})
    _, text = pdf_text(response)
    assert "中華臺北" in text and "Singapore" in text
    assert "75.0" in text and "50.0" in text
    assert "1–1" in text and "2–2" in text


def test_the_printout_keeps_and_names_the_chosen_weights(client, validated):
    validated.answers.filter(indicator__area__code="SW").update(value="4")
    validated.answers.filter(indicator__area__code="BL").update(value="0")
    page = client.get(reverse("summary", kwargs={"pk": validated.pk}), {"weights": "equal"}).content.decode()
    assert "Weights: Equal" in page
    assert ">50.0<" in page  # SW 100 and BL 0, equally weighted
    assert "summary.pdf?weights=equal" in page


def test_a_chinese_pdf_can_be_asked_for_from_an_english_session(client, validated):
    import io

    from pypdf import PdfReader

    from assessment.models import Indicator

    Indicator.objects.filter(area__framework=validated.framework).update(question_zh_hant="單一窗口問題")
    response = client.get(reverse("summary_pdf", kwargs={"pk": validated.pk}), {"lang": "zh-hant"})
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "關務數位化成熟度" in text
    assert response["Content-Disposition"].endswith('-maturity-summary-zh-hant.pdf"')
    english = client.get(reverse("summary", kwargs={"pk": validated.pk})).content.decode()
    assert "關務數位化成熟度" not in english


def test_the_printout_lists_dont_know_to_find_out_never_as_level_0(alice_client, draft):
    answer(draft, "SW-1", "dk")
    answer(draft, "SW-2", 1)
    page = alice_client.get(reverse("summary", kwargs={"pk": draft.pk})).content.decode()
    find_out = page[page.index('data-testid="find-out-SW"') :]
    assert "Question SW-1?" in find_out[: find_out.index("</ul>")]
    weakest = page[page.index('data-testid="weakest-SW"') :]
    assert "SW-1" not in weakest[: weakest.index("</ul>")]
    _, text = pdf_text(alice_client.get(reverse("summary_pdf", kwargs={"pk": draft.pk})))
    words = " ".join(text.split())
    assert "Find out" in words
    assert "Question SW-1? — level 0" not in words
    assert "Question SW-2? — level 1" in words


def test_a_provisional_printout_shows_the_score_small_beside_its_completeness(alice_client, draft):
    answer(draft, "SW-1", 4)
    page = alice_client.get(reverse("summary", kwargs={"pk": draft.pk})).content.decode()
    assert 'data-testid="provisional-score"><span class="score score-small">100.0</span>' in page
    assert "from 20.0% of the questionnaire" in page
    assert '<div class="score">100.0</div>' not in page


def test_a_printed_area_without_answers_says_so(alice_client, draft):
    answer(draft, "SW-1", 2)
    page = alice_client.get(reverse("summary", kwargs={"pk": draft.pk})).content.decode()
    assert 'data-testid="no-answer-BL"' in page
    assert "below the top level" not in page


def test_the_print_page_names_its_icon(client, validated):
    page = client.get(reverse("summary", kwargs={"pk": validated.pk})).content.decode()
    assert '<link rel="icon" href="/static/favicon.svg"' in page


@pytest.fixture
def chinese_content(validated, practices):
    """The small framework and its practices with their Chinese texts, as the loaded content has them."""
    from assessment.models import Area, BestPractice, Framework, Indicator

    Framework.objects.filter(pk=validated.framework_id).update(title_zh_hant="測試架構")
    for area in Area.objects.filter(framework=validated.framework):
        area.name_zh = {"SW": "單一窗口", "BL": "電子提單"}[area.code]
        area.save()
    for indicator in Indicator.objects.filter(area__framework=validated.framework):
        indicator.question_zh_hant = f"{indicator.code} 的數位化程度為何？"
        indicator.levels_zh_hant = [f"{indicator.code} 第 {level} 級說明" for level in range(5)]
        indicator.save()
    for practice in BestPractice.objects.all():
        practice.title_zh_hant, practice.summary_zh_hant = f"第 {practice.level} 級的實務", "報告所述內容。"
        practice.section = "貳、(五) 數位化 (SCCP2 digitalization panel)"
        practice.save()
    validated.answers.filter(indicator__code="BL-1").update(value="1")  # a weakest indicator and its next step
    return validated


def test_a_chinese_pdf_is_in_chinese_throughout(client, chinese_content):
    from .latin_text import verdict

    response = client.get(reverse("summary_pdf", kwargs={"pk": chinese_content.pk}), {"lang": "zh-hant"})
    _, text = pdf_text(response)
    assert "單一窗口" in text and "第 1 頁，共" in text
    found = verdict(text)
    assert found.is_chinese, str(found)


def pdf_fonts(reader: pypdf.PdfReader) -> set[str]:
    """The names of the fonts the PDF embeds (a composite font's descendants included)."""
    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            names.add(str(font["/BaseFont"]))
            names.update(str(part.get_object()["/BaseFont"]) for part in font.get("/DescendantFonts", []))
    return names


def test_a_chinese_pdf_embeds_a_cjk_font(client, chinese_content):
    response = client.get(reverse("summary_pdf", kwargs={"pk": chinese_content.pk}), {"lang": "zh-hant"})
    reader, _ = pdf_text(response)
    # The common characters' copy (test_pdf_fonts.py), or the full font for others.
    assert any("TC-Common" in name or "CJK-TC" in name for name in pdf_fonts(reader)), pdf_fonts(reader)


def test_the_pdf_footer_follows_the_language(client, validated):
    _, english = pdf_text(client.get(reverse("summary_pdf", kwargs={"pk": validated.pk})))
    _, chinese = pdf_text(client.get(reverse("summary_pdf", kwargs={"pk": validated.pk}), {"lang": "zh-hant"}))
    assert "Page 1 of" in english and "Customs digitalization maturity self-assessment" in english
    assert "第 1 頁，共" in chinese and "關務數位化成熟度自評" in chinese and "Page 1 of" not in chinese


def test_the_pdf_chart_leaves_no_warning_in_the_log(client, validated, caplog):
    with caplog.at_level("WARNING", logger="weasyprint"):
        response = client.get(reverse("summary_pdf", kwargs={"pk": validated.pk}))
    assert response.status_code == 200
    assert [record.getMessage() for record in caplog.records if record.name == "weasyprint"] == []


def test_the_pdf_draws_its_chart(client, validated):
    reader, _ = pdf_text(client.get(reverse("summary_pdf", kwargs={"pk": validated.pk})))
    resources = reader.pages[0]["/Resources"]
    assert "/XObject" in resources and len(resources["/XObject"]) >= 1


def test_a_printout_showing_practices_below_the_next_stage_does_not_call_them_the_next_stage(
    client, validated, practices
):
    BestPractice.objects.filter(level__in=(3, 4)).delete()  # every answer at 3: only level 2 is left to show
    page = client.get(reverse("summary", kwargs={"pk": validated.pk})).content.decode()
    assert "Practice at level 2" in page
    assert "Peer best practices that show the way" in page and "for the next stage" not in page
