"""Keyboard and screen-reader use of the questionnaire: a refused save leads to each refused field,
a conflict to each indicator, the focus is never under the sticky Save bar, and it shows on a radio."""

import pytest
from playwright.sync_api import expect

from .conftest import sign_in
from .site_pages import draft_midway, refuse_a_save

pytestmark = pytest.mark.e2e


@pytest.fixture
def keyboard_page(browser):
    """Without smooth scrolling, so that where the focus lands can be read at once."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB", reduced_motion="reduce")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def focused(page) -> dict:
    return page.evaluate(
        """() => { const e = document.activeElement; const box = e.getBoundingClientRect();
                   return {id: e.id, testid: e.dataset.testid || "", top: box.top, bottom: box.bottom,
                           indicator: (e.closest(".indicator") || {}).id || ""}; }"""
    )


def test_the_error_summary_takes_the_focus_and_each_link_moves_it_to_its_field(keyboard_page, live_server, alice):
    page = keyboard_page
    draft = draft_midway(alice)
    sign_in(page, live_server, "alice")
    page.goto(f"{live_server.url}/assessments/{draft.pk}/areas/SW/")
    page.fill("textarea[name='SW-3__evidence']", "Typed before the refusal")
    refuse_a_save(page)
    summary = page.locator("[data-testid=error-summary]")
    expect(summary).to_have_attribute("role", "alert")
    assert focused(page)["testid"] == "error-summary"
    summary.locator("a", has_text="SW-2").click()
    now = focused(page)
    assert now["id"] == "id_SW-2__link"
    assert 0 <= now["top"] and now["bottom"] <= 900
    expect(page.locator("input[name='SW-2__link']")).to_have_value("not a web address")
    expect(page.locator("textarea[name='SW-3__evidence']")).to_have_value("Typed before the refusal")


def test_the_conflict_banner_links_to_the_indicator_someone_else_changed(keyboard_page, live_server, alice):
    mine = keyboard_page
    draft = draft_midway(alice)
    sign_in(mine, live_server, "alice")
    mine.goto(f"{live_server.url}/assessments/{draft.pk}/areas/SW/")
    theirs = mine.context.new_page()
    theirs.goto(f"{live_server.url}/assessments/{draft.pk}/areas/SW/")
    theirs.check("input[name='SW-6__value'][value='4']")
    theirs.click("button[name=action][value=save]")
    expect(theirs.locator(".alert-success")).to_be_visible()
    mine.check("input[name='SW-6__value'][value='1']")
    mine.click("button[name=action][value=save]")
    banner = mine.locator("[data-testid=conflict-banner]")
    expect(banner).to_contain_text("someone else changed SW-6")
    banner.locator("a[href='#indicator-SW-6']").click()
    now = focused(mine)
    assert now["indicator"] == "indicator-SW-6"
    assert 0 <= now["top"] and now["bottom"] <= 900
    expect(mine.locator("[data-testid=conflict-SW-6]")).to_be_in_viewport()
    expect(mine.locator("input[name='SW-6__value'][value='1']")).to_be_checked()


def test_the_focus_is_never_hidden_under_the_sticky_save_bar(keyboard_page, live_server, alice):
    page = keyboard_page
    draft = draft_midway(alice)
    sign_in(page, live_server, "alice")
    page.goto(f"{live_server.url}/assessments/{draft.pk}/areas/SW/")
    page.locator("input[name='SW-1__value']").first.focus()
    covered = []
    for _ in range(40):
        page.keyboard.press("Tab")
        where = page.evaluate(
            """() => { const e = document.activeElement, bar = document.querySelector('.sticky-bottom');
                       if (!e.closest('form') || bar.contains(e)) return null;
                       return [e.name, e.getBoundingClientRect().bottom, bar.getBoundingClientRect().top]; }"""
        )
        # Layout in fractions of a pixel: an overlap under one pixel is rounding, not a hidden field.
        if where and where[1] > where[2] + 1:
            covered.append(where[0])
    assert covered == []


def test_a_focused_level_radio_shows_a_solid_ring(keyboard_page, live_server, alice):
    page = keyboard_page
    draft = draft_midway(alice)
    sign_in(page, live_server, "alice")
    page.goto(f"{live_server.url}/assessments/{draft.pk}/areas/SW/")
    page.locator("textarea[name='SW-2__evidence']").focus()
    page.keyboard.press("Shift+Tab")  # back, by keyboard, onto SW-2's level radios
    ring = page.evaluate(
        """() => { const e = document.activeElement, style = getComputedStyle(e);
                   return [e.type, style.outlineStyle, parseFloat(style.outlineWidth)]; }"""
    )
    assert ring[0] == "radio"
    assert ring[1] == "solid" and ring[2] >= 2
