"""A focal point who reads Traditional Chinese: with 繁體中文 chosen, answer one area, read the profile,
download the PDF and the workbook, and meet no English sentence on the way (codes and standard names
apart, as tests/latin_text.py says)."""

import io
import re
from pathlib import Path

import openpyxl
import pypdf
import pytest
from playwright.sync_api import expect

from assessment.models import Answer, Assessment

from ..latin_text import HAN, page_verdict, verdict
from .conftest import sign_in
from .site_pages import illustrative, switch_language

pytestmark = pytest.mark.e2e

SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "profile-zh-hant.png"
EVIDENCE = "National single window since 2013, connecting 30 agencies"  # typed in English: shown as typed


def test_a_focal_point_answers_reads_and_downloads_in_chinese(page, live_server, alice):
    read = {}  # page → what the checker found on it: every page is read before anything is asserted

    def check(name: str) -> None:
        read[name] = page_verdict(page.content())

    sign_in(page, live_server, "alice")
    switch_language(page, "zh-hant")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hant")
    check("home")

    # Open this year's questionnaire and answer the first area.
    page.select_option("select[name=cycle]", "2025")
    page.click("main form[action$='/assessments/start/'] button[type=submit]")
    expect(page).to_have_url(re.compile(r"/areas/SW/$"))
    check("questionnaire")
    for radio in page.locator("input[type=radio][value='3']").all():
        radio.check()
    page.fill("textarea[name='SW-1__evidence']", EVIDENCE)
    page.click("button[name=action][value=next]")
    expect(page).to_have_url(re.compile(r"/areas/DM/$"))
    assessment = Assessment.objects.get(economy__code="CT", cycle=2025)
    assert Answer.objects.get(assessment=assessment, indicator__code="SW-1").evidence == EVIDENCE

    page.goto(f"{live_server.url}/assessments/{assessment.pk}/review/")
    check("review and submit")
    workbook_link = page.locator("main a[href$='workbook.xlsx']").get_attribute("href")

    # The profile: the first area scored, in Chinese.
    page.goto(f"{live_server.url}/assessments/{assessment.pk}/")
    expect(page.locator("[data-testid=area-table] tr[data-area=SW]")).to_contain_text("75.0")
    expect(page.locator("[data-testid=draft-banner]")).to_contain_text("草稿")
    check("profile")

    # The PDF and the workbook, fetched with the browser's own session (Debian's Chromium does not
    # report downloads to Playwright).
    pdf_link = page.locator("main a[href*='summary.pdf']").first.get_attribute("href")
    pdf = page.request.get(f"{live_server.url}{pdf_link}")
    assert pdf.headers["content-type"] == "application/pdf"
    pdf_text = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf.body())).pages)
    assert "單一窗口" in pdf_text
    read["PDF"] = verdict(pdf_text)

    workbook = page.request.get(f"{live_server.url}{workbook_link}")
    assert workbook.headers["content-disposition"].endswith('-zh-hant.xlsx"')
    sheets = openpyxl.load_workbook(io.BytesIO(workbook.body())).sheetnames

    page.goto(f"{live_server.url}/assessments/{assessment.pk}/summary/")
    check("print summary")
    page.goto(f"{live_server.url}/assessments/{assessment.pk}/workbook/")
    check("workbook")

    # The published illustrative profile, as the README shows it in English.
    page.goto(f"{live_server.url}/assessments/{illustrative().pk}/")
    expect(page.locator("[data-testid=illustrative-banner]")).to_contain_text("示範")
    check("illustrative profile")
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)

    problems = [f"{name}: {found}" for name, found in read.items() if not found.is_chinese]
    if not all(re.search(f"[{HAN}]", name) for name in sheets):
        problems.append(f"workbook: sheet names not in Chinese: {sheets}")
    assert not problems, "\n".join(problems)
