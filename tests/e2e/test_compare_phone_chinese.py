"""A Taiwanese officer on a phone (390 px, 繁體中文) opens the comparison, an economy's trend and a
history page: nothing scrolls the page sideways, the overall score stays in view, every area and
economy code is named on the page, and each page's screenshot goes to docs/screenshots/."""

from pathlib import Path

import pytest

from assessment.models import Area, Assessment, Economy, Framework

from ..conftest import answer_all
from .site_pages import draft_midway, sign_in_anywhere, switch_language

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture
def phone(browser):
    # Not is_mobile: a mobile viewport zooms out to fit what overflows, and so hides it.
    context = browser.new_context(viewport=PHONE, locale="zh-TW")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def validated_2025(alice):
    """Chinese Taipei and Singapore validated in 2025, on top of the illustrative 2023 cycle."""
    framework = Framework.objects.get(is_current=True)
    for code, level in (("CT", 3), ("SGP", 4), ("RP", 2)):
        assessment = Assessment.objects.create(
            economy=Economy.objects.get(code=code), cycle=2025, framework=framework, status=Assessment.Status.VALIDATED
        )
        answer_all(assessment, level)


def sideways_overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def unnamed_area_codes(page) -> list[str]:
    """Area codes shown in a table heading without a name behind them, or missing from the legend."""
    codes = set(Area.objects.values_list("code", flat=True))
    headings = page.locator("table thead th").all_inner_texts()
    shown = {text.strip() for text in headings if text.strip() in codes}
    named = set(page.eval_on_selector_all("abbr[title]", "nodes => nodes.map(n => n.textContent.trim())"))
    legend = page.locator("[data-testid=area-legend]").inner_text() if shown else ""
    return sorted(code for code in shown if code not in named or code not in legend)


def open_in_chinese(phone, live_server) -> None:
    sign_in_anywhere(phone, live_server, "alice")
    phone.click(".navbar-toggler")
    switch_language(phone, "zh-hant")


def test_compare_on_a_phone_in_chinese_keeps_the_overall_score_and_names_every_code(phone, live_server, validated_2025):
    open_in_chinese(phone, live_server)
    phone.goto(f"{live_server.url}/compare/")
    assert phone.locator("[data-testid=cycle-note]").inner_text().startswith("目前顯示 2025 週期")
    assert sideways_overflow(phone) <= 0
    for row in phone.locator("[data-testid=compare-table] tbody tr").all():
        box = row.locator(".overall-cell").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        economy = row.locator(".economy-cell").bounding_box()
        assert economy["x"] >= 0 and economy["width"] >= 100  # a name wraps at words, not per character
    assert unnamed_area_codes(phone) == []
    codes = {row.get_attribute("data-economy") for row in phone.locator("[data-testid=compare-table] tbody tr").all()}
    heatmap = phone.locator("[data-testid=heatmap]").inner_text()
    for code in codes:
        name = Economy.objects.get(code=code).name_zh
        assert f"{name}（{code}）" in heatmap
    assert "菲律賓（RP）" in phone.locator("[data-testid=bars]").inner_text()
    phone.screenshot(path=str(SCREENSHOTS / "compare-390.png"), full_page=True)

    phone.goto(f"{live_server.url}/compare/?cycle=2023&reference=on")  # 14 rows, bounds, a reference column
    assert sideways_overflow(phone) <= 0
    for row in phone.locator("[data-testid=compare-table] tbody tr").all():
        box = row.locator(".overall-cell").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert unnamed_area_codes(phone) == []


def test_the_trend_on_a_phone_in_chinese_names_its_areas_and_cycles(phone, live_server, validated_2025):
    open_in_chinese(phone, live_server)
    phone.goto(f"{live_server.url}/economies/CT/")
    assert sideways_overflow(phone) <= 0
    assert unnamed_area_codes(phone) == []
    chart = phone.locator("[data-testid=trend-chart]").inner_text()
    framework = Framework.objects.get(is_current=True).version
    assert f"2025（架構 {framework}）" in chart and "示範" in chart
    phone.screenshot(path=str(SCREENSHOTS / "trend-390-zh-hant.png"), full_page=True)


def test_a_history_page_on_a_phone_in_chinese_never_scrolls_sideways(phone, live_server, alice):
    draft = draft_midway(alice)
    open_in_chinese(phone, live_server)
    phone.goto(f"{live_server.url}/assessments/{draft.pk}/history/")
    assert sideways_overflow(phone) <= 0
    table = phone.locator("[data-testid=history]")
    assert table.is_visible()
    assert "SW" in phone.locator("[data-testid=area-legend]").inner_text()
    phone.screenshot(path=str(SCREENSHOTS / "history-390-zh-hant.png"), full_page=True)


def test_links_and_controls_on_the_phone_pages_are_at_least_24_px(phone, live_server, alice, validated_2025):
    draft = draft_midway(alice)
    open_in_chinese(phone, live_server)
    small = {}
    for path in ("/compare/", "/economies/CT/", f"/assessments/{draft.pk}/history/"):
        phone.goto(live_server.url + path)
        small[path] = phone.evaluate(TOO_SMALL)
    too_small = {path: found for path, found in small.items() if found}
    assert not too_small, "\n".join(f"{path}: {', '.join(found)}" for path, found in too_small.items())


# Visible links, buttons, selects and summaries smaller than 24 × 24 px. WCAG 2.5.8 exempts links inside
# a sentence (a paragraph, list item, cell or footer holding text beside the link), a checkbox or radio
# whose label is its target too, and the skip link, which shows only when focused.
TOO_SMALL = """() => [...document.querySelectorAll('a, button, select, summary, input:not([type=hidden])')]
  .filter(node => node.offsetParent !== null && !node.matches('.visually-hidden-focusable'))
  .filter(node => !(node.matches('input[type=checkbox], input[type=radio]') && node.labels.length))
  .filter(node => {
    const box = node.getBoundingClientRect();
    if (box.width >= 24 && box.height >= 24) return false;
    const block = node.closest('p, li, td, th, figcaption, footer, span.badge');
    return !(block && block.textContent.trim() !== node.textContent.trim());
  })
  .map(node => {
    const box = node.getBoundingClientRect();
    return `${node.tagName} ${node.textContent.trim().slice(0, 30)} ${Math.round(box.width)}×${Math.round(box.height)}`;
  })"""


def test_the_desktop_comparison_and_its_printout_name_every_code(page, live_server, validated_2025):
    """English at 1280 px, and the printed page at A4 width as print media: the screenshots of the docs."""
    page.goto(f"{live_server.url}/compare/?cycle=2023&reference=on")
    assert unnamed_area_codes(page) == []
    assert "Chinese Taipei (CT)" in page.locator("[data-testid=heatmap]").inner_text()
    page.screenshot(path=str(SCREENSHOTS / "compare.png"), full_page=True)
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 px per inch
    page.emulate_media(media="print")
    page.goto(f"{live_server.url}/compare/summary/?cycle=2023")
    assert "Dirichlet" not in page.content()
    assert unnamed_area_codes(page) == []
    page.screenshot(path=str(SCREENSHOTS / "comparison-page-1.png"))


def test_the_area_tab_strip_fades_at_its_edge_to_show_that_it_scrolls(phone, live_server, alice):
    draft = draft_midway(alice)
    open_in_chinese(phone, live_server)
    phone.goto(f"{live_server.url}/assessments/{draft.pk}/areas/SW/")
    strip = phone.locator(".area-nav")
    assert strip.evaluate("element => element.scrollWidth > element.clientWidth")
    fade = strip.evaluate("element => getComputedStyle(element).maskImage || getComputedStyle(element).webkitMaskImage")
    assert "gradient" in fade


def test_the_three_phone_pages_pass_axe_core_in_chinese(phone, live_server, alice, validated_2025):
    from .test_accessibility import blocking_violations

    draft = draft_midway(alice)
    open_in_chinese(phone, live_server)
    found = {}
    for path in (
        "/compare/",
        "/compare/?cycle=2023&reference=on",
        "/economies/CT/",
        f"/assessments/{draft.pk}/history/",
    ):
        phone.goto(live_server.url + path)
        found[path] = blocking_violations(phone)
    assert {path: problems for path, problems in found.items() if problems} == {}
