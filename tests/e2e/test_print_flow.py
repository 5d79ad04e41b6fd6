"""Printing a summary from the browser, and its PDF."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_print_summary_and_pdf_from_the_profile(page, live_server, content):
    page.goto(f"{live_server.url}/")
    page.locator("tr", has_text="Chinese Taipei").locator("a:has-text('Profile')").click()
    page.click("a:has-text('Print summary')")
    expect(page.locator("nav")).to_have_count(0)
    expect(page.locator("figure.radar svg")).to_be_visible()
    expect(page.locator("[data-testid=mark]")).to_contain_text("ILLUSTRATIVE")
    # As printed: the toolbar disappears under print media.
    page.emulate_media(media="print")
    expect(page.locator(".toolbar")).to_be_hidden()
    page.emulate_media(media="screen")
    # Debian's Chromium does not report downloads to Playwright, so the PDF is fetched with the page's session.
    href = page.locator("a:has-text('Download PDF')").get_attribute("href")
    response = page.request.get(f"{live_server.url}{href}")
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")


def test_the_chosen_weights_follow_into_the_printout(page, live_server, content):
    page.goto(f"{live_server.url}/")
    page.locator("tr", has_text="Chinese Taipei").locator("a:has-text('Profile')").first.click()
    page.select_option("select#weights", "equal")
    page.wait_for_url("**weights=equal**")
    on_screen = page.locator("[data-testid=overall-score]").inner_text()
    page.click("a:has-text('Print summary')")
    expect(page.locator("[data-testid=weights-named]")).to_have_text("Weights: Equal")
    expect(page.locator(".score-box .score")).to_have_text(on_screen)
