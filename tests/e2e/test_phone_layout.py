"""On a phone (390 × 844) no page scrolls sideways: tabs and tables scroll inside their own strip."""

import pytest

from .site_pages import draft_midway, sign_in_anywhere, signed_in_pages, switch_language

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
PAGES = ("home", "questionnaire", "review", "profile", "illustrative profile", "compare", "trend", "methodology")


@pytest.fixture
def phone(browser):
    # Not is_mobile: a mobile viewport zooms out to fit what overflows, and so hides it.
    context = browser.new_context(viewport=PHONE, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.mark.parametrize("language", ["en", "zh-hant"])
def test_no_page_scrolls_sideways_on_a_phone(phone, live_server, alice, language):
    draft = draft_midway(alice)
    sign_in_anywhere(phone, live_server, "alice")
    paths = signed_in_pages(draft) | {"workbook upload": f"/assessments/{draft.pk}/workbook/"}
    widths = {}
    for kind in (*PAGES, "workbook upload"):
        phone.goto(live_server.url + paths[kind])
        if kind == "home" and language != "en":
            phone.click(".navbar-toggler")
            switch_language(phone, language)
        widths[kind] = phone.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert {kind: sizes for kind, sizes in widths.items() if sizes[0] > sizes[1]} == {}


def test_the_area_tabs_scroll_in_their_own_strip_with_the_current_one_shown(phone, live_server, alice):
    draft = draft_midway(alice)
    sign_in_anywhere(phone, live_server, "alice")
    phone.goto(f"{live_server.url}/assessments/{draft.pk}/areas/AI/")
    strip = phone.locator(".area-nav")
    assert strip.evaluate("element => element.scrollWidth > element.clientWidth")
    current = phone.locator(".area-nav .active").bounding_box()
    assert 0 <= current["x"] and current["x"] + current["width"] <= PHONE["width"]
