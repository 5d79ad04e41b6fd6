"""A focal point's whole journey in a real browser: sign in, answer over two sittings, submit, read."""

import re

import pytest
from playwright.sync_api import expect

from assessment.models import Answer, Assessment, Framework, Indicator

from .conftest import sign_in, sign_out

pytestmark = pytest.mark.e2e


def answer_area(page, level: str):
    """Tick the same answer for every indicator on the current area page."""
    for radio in page.locator(f"input[type=radio][value='{level}']").all():
        radio.check()


def test_sign_in_shows_the_user(page, live_server, alice):
    sign_in(page, live_server, "alice")
    expect(page.locator("[data-testid=signed-in-as]")).to_have_text("alice")
    expect(page.locator("text=Answer for your economy")).to_be_visible()


def test_answer_over_two_sittings_then_submit_and_read_the_profile(page, live_server, alice):
    sign_in(page, live_server, "alice")
    page.select_option("select[name=economy]", label="Chinese Taipei")
    page.select_option("select[name=cycle]", "2025")
    page.click("button:has-text('Open questionnaire')")

    # First sitting: two areas, then sign out.
    expect(page.locator("h2")).to_have_text("Single window")
    answer_area(page, "3")
    page.fill("textarea[name='SW-1__evidence']", "National single window since 2013")
    page.click("button:has-text('Save and continue')")
    expect(page.locator("h2")).to_have_text("WCO Data Model adoption")
    answer_area(page, "2")
    page.click("button:has-text('Save draft')")
    expect(page.locator(".alert-success")).to_have_text("Draft saved.")
    sign_out(page)

    # Second sitting: everything is still there.
    sign_in(page, live_server, "alice")
    assessment = Assessment.objects.get(economy__code="CT", cycle=2025)
    page.goto(f"{live_server.url}/assessments/{assessment.pk}/areas/SW/")
    expect(page.locator("textarea[name='SW-1__evidence']")).to_have_value("National single window since 2013")
    expect(page.locator("input[name='SW-1__value'][value='3']")).to_be_checked()

    # Submitting too early is refused, with each missing answer linked.
    page.click("a:has-text('Review and submit')")
    page.click("[data-testid=submit-link]")
    expect(page.locator("[data-testid=not-ready]")).to_contain_text("still need an answer")
    page.click("a:has-text('Back to review')")
    page.locator("[data-testid=missing-link]", has_text="AI-1").click()
    expect(page.locator("[data-testid=missing-AI-1]")).to_be_visible()

    # Finish the three remaining areas and submit.
    for level in ("1", "4", "dk"):
        answer_area(page, level)
        page.click("button:has-text('Save and continue')")
    expect(page).to_have_url(re.compile(r"/review/"))
    page.click("[data-testid=submit-link]")
    page.click("[data-testid=confirm-submit]")

    expect(page.locator(".alert-success")).to_contain_text("submitted for review")
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SUBMITTED
    indicators = Indicator.objects.filter(area__framework=assessment.framework).count()
    assert Answer.objects.filter(assessment=assessment).exclude(value="").count() == indicators

    # The profile: scores, stage and a drawn radar.
    # SW 75, DM 50, AI 25, EP 100, BL 0 ("don't know"): (25×75 + 20×50 + 25×25 + 20×100 + 10×0) / 100 = 55.0
    expect(page.locator("[data-testid=overall-score]")).to_have_text("55.0")
    expect(page.locator("[data-testid=area-table] tr[data-area=EP]")).to_contain_text("100.0")
    radar = page.locator("[data-testid=radar] svg")
    expect(radar).to_be_visible()
    assert radar.bounding_box()["width"] > 300


def test_a_focal_point_is_refused_another_economys_draft(page, live_server, alice, bob):
    draft = Assessment.objects.create(
        economy=alice.economies.get(), cycle=2025, framework=Framework.objects.get(is_current=True)
    )
    sign_in(page, live_server, "bob")
    response = page.goto(f"{live_server.url}/assessments/{draft.pk}/areas/SW/")
    assert response.status == 403
    expect(page.locator("h1")).to_have_text("You may not open this page")
    response = page.goto(f"{live_server.url}/assessments/{draft.pk}/")
    assert response.status == 403


def test_the_illustrative_profile_is_public_and_labelled(page, live_server, content):
    page.goto(live_server.url)
    page.click("a:has-text('Profile')")
    expect(page.locator("[data-testid=illustrative-banner]")).to_be_visible()
    expect(page.locator("[data-testid=practice]").first).to_contain_text("line")
