"""The offline questionnaire in a real browser: download, fill in, upload, preview, apply."""

import io

import openpyxl
import pytest
from playwright.sync_api import expect

from assessment.models import Answer, Assessment, Economy, Framework

from .conftest import sign_in

pytestmark = pytest.mark.e2e


def test_download_fill_in_upload_preview_and_apply(page, live_server, alice, tmp_path):
    draft = Assessment.objects.create(
        economy=Economy.objects.get(code="CT"), cycle=2025, framework=Framework.objects.get(is_current=True)
    )
    sign_in(page, live_server, "alice")
    page.goto(f"{live_server.url}/assessments/{draft.pk}/workbook/")
    # Fetched with the browser's own session; Debian's Chromium does not report
    # downloads to Playwright's download event.
    link = page.locator("a:has-text('Download the workbook')").get_attribute("href")
    response = page.request.get(f"{live_server.url}{link}")
    assert response.headers["content-disposition"] == 'attachment; filename="CT-2025-questionnaire.xlsx"'

    workbook = openpyxl.load_workbook(io.BytesIO(response.body()))
    sheet = workbook[workbook.sheetnames[1]]
    sheet["C2"] = 3
    sheet["I2"] = "National single window, 2013"
    filled = tmp_path / "filled.xlsx"
    workbook.save(filled)

    page.set_input_files("input[name=workbook]", str(filled))
    page.click("button:has-text('Check the workbook')")
    preview = page.locator("[data-testid=workbook-preview]")
    expect(preview).to_contain_text("2 changes to apply")
    assert not Answer.objects.filter(assessment=draft).exists()

    page.click("button:has-text('Apply these changes')")
    expect(page.locator(".alert-success")).to_contain_text("Workbook applied")
    saved = Answer.objects.get(assessment=draft, indicator__code="SW-1")
    assert (saved.value, saved.evidence) == ("3", "National single window, 2013")


def test_a_chinese_workbook_fills_in_and_applies_from_an_english_session(page, live_server, alice, tmp_path):
    draft = Assessment.objects.create(
        economy=Economy.objects.get(code="CT"), cycle=2025, framework=Framework.objects.get(is_current=True)
    )
    sign_in(page, live_server, "alice")
    page.goto(f"{live_server.url}/assessments/{draft.pk}/workbook/")
    link = page.get_by_test_id("workbook-in-zh-hant").get_attribute("href")
    response = page.request.get(f"{live_server.url}{link}")
    assert response.headers["content-disposition"] == 'attachment; filename="CT-2025-questionnaire-zh-hant.xlsx"'

    workbook = openpyxl.load_workbook(io.BytesIO(response.body()))
    assert workbook.sheetnames[:2] == ["說明", "SW 單一窗口"]
    sheet = workbook["SW 單一窗口"]
    assert sheet["C1"].value == "填答"
    sheet["C2"] = "不知道"
    sheet["I2"] = "關港貿單一窗口"
    filled = tmp_path / "filled-zh.xlsx"
    workbook.save(filled)

    page.set_input_files("input[name=workbook]", str(filled))
    page.click("button:has-text('Check the workbook')")
    expect(page.locator("[data-testid=workbook-preview]")).to_contain_text("2 changes to apply")
    page.click("button:has-text('Apply these changes')")
    expect(page.locator(".alert-success")).to_contain_text("Workbook applied")
    saved = Answer.objects.get(assessment=draft, indicator__code="SW-1")
    assert (saved.value, saved.evidence) == ("dk", "關港貿單一窗口")
