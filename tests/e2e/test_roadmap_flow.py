"""A focal point sets targets (in English, then in Chinese), reads the phased roadmap with its peers and
citations, prints it and downloads the PDF and the XLSX."""

import io
import re

import openpyxl
import pytest
from playwright.sync_api import expect

from assessment.models import Answer, Assessment, Framework, Indicator

from .conftest import sign_in
from .site_pages import switch_language

pytestmark = pytest.mark.e2e


@pytest.fixture
def draft(alice):
    """Chinese Taipei's 2025 draft on the current framework: single window at 2, AI-1 and AI-7 at 0."""
    framework = Framework.objects.get(is_current=True)
    assessment = Assessment.objects.create(economy=alice.economies.get(), cycle=2025, framework=framework)
    levels = {"SW-1": 2, "SW-2": 2, "SW-3": 2, "AI-1": 0, "AI-7": 0}
    for code, level in levels.items():
        indicator = Indicator.objects.get(area__framework=framework, code=code)
        Answer.objects.create(assessment=assessment, indicator=indicator, value=str(level))
    return assessment


def test_a_focal_point_sets_targets_reads_prints_and_downloads_the_roadmap(page, live_server, draft):
    sign_in(page, live_server, "alice")
    page.goto(f"{live_server.url}/assessments/{draft.pk}/roadmap/")
    expect(page.locator("[data-testid=default-plan]")).to_be_visible()

    # Targets in English: AI-7 at 2 needs AI-1 at 2, which the targets leave at 0: the page says so.
    page.click("[data-testid=set-targets]")
    page.fill("input[name=target_year]", "2028")
    page.select_option("select[name=area__SW]", "3")
    page.select_option("select[name='target__AI-7']", "2")
    page.click("[data-testid=save-targets]")
    expect(page).to_have_url(re.compile(rf"/assessments/{draft.pk}/roadmap/$"))
    expect(page.locator("[data-testid=target-year]")).to_contain_text("2028")
    expect(page.locator("[data-testid=unmet-prerequisites]")).to_contain_text("AI-7 level 2 needs AI-1 at level 2")
    # AI-1 comes first, in phases, before the model that needs it; peers and report lines beside each step.
    expect(page.locator("[data-testid='step-AI-1:1']")).to_be_visible()
    phase_of_ai7 = page.locator("section.roadmap-phase", has=page.locator("[data-testid='step-AI-7:2']"))
    expect(phase_of_ai7).to_have_attribute("data-testid", "phase-3")
    expect(page.locator("[data-testid='peers-SW-1:3']")).to_contain_text("Economies already there")
    expect(page.locator("[data-testid=roadmap-radar] svg")).to_be_visible()

    # The same in Chinese: the targets page and the roadmap speak it, and a change is saved.
    switch_language(page, "zh-hant")
    page.goto(f"{live_server.url}/assessments/{draft.pk}/targets/")
    expect(page.locator("[data-testid=save-targets]")).to_have_text("儲存目標")
    page.select_option("select[name=area__BL]", "1")
    page.click("[data-testid=save-targets]")
    expect(page.locator("[data-testid=phase-1] h2")).to_contain_text("第 1 階段")
    expect(page.locator("[data-testid='step-BL-1:1']")).to_be_visible()

    # Print it, then fetch the PDF and the workbook with the page's session (Debian's Chromium does not
    # report downloads to Playwright).
    page.click("[data-testid=print-roadmap]")
    expect(page.locator("nav")).to_have_count(0)
    expect(page.locator("[data-testid=phase-1]")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator(".toolbar")).to_be_hidden()
    page.emulate_media(media="screen")
    pdf = page.request.get(f"{live_server.url}/assessments/{draft.pk}/roadmap.pdf?lang=zh-hant")
    assert pdf.headers["content-type"] == "application/pdf" and pdf.body().startswith(b"%PDF")
    workbook = page.request.get(f"{live_server.url}/assessments/{draft.pk}/roadmap.xlsx?lang=en")
    rows = list(openpyxl.load_workbook(io.BytesIO(workbook.body())).worksheets[0].iter_rows(values_only=True))
    assert rows[0][-3:] == ("owner", "due date", "status")
    assert ("AI-7", 2) in [(row[1], row[3]) for row in rows[1:]]
