"""The controls wired by static/js/app.js work in a real browser under the Content-Security-Policy."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


@pytest.fixture
def policy_violations(page):
    """Console messages in which Chromium reports something the policy refused."""
    violations = []
    page.on("console", lambda message: "Content Security Policy" in message.text and violations.append(message.text))
    return violations


def open_illustrative_profile(page, live_server):
    page.goto(f"{live_server.url}/")
    page.locator("tr", has_text="Chinese Taipei").locator("a:has-text('Profile')").click()


def test_choosing_a_weight_profile_reloads_the_profile(page, live_server, content, policy_violations):
    open_illustrative_profile(page, live_server)
    page.select_option("select[name=weights]", "equal")
    expect(page).to_have_url(re.compile(r"weights=equal"))
    assert policy_violations == []


def test_choosing_a_language_switches_the_interface(page, live_server, content, policy_violations):
    page.goto(f"{live_server.url}/")
    page.select_option("select[name=language]", "zh-hant")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hant")
    assert policy_violations == []


def test_the_print_button_opens_printing(page, live_server, content, policy_violations):
    open_illustrative_profile(page, live_server)
    page.click("a:has-text('Print summary')")
    # Headless Chromium has no print dialog: record the call instead.
    page.evaluate("() => { window.print = () => { window.printRequested = true; }; }")
    assert page.evaluate("window.printRequested") is None
    page.click("button:has-text('Print')")
    assert page.evaluate("window.printRequested") is True
    assert policy_violations == []
