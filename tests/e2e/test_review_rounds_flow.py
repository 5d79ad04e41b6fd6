"""Two review rounds and a correction in a real browser, the focal point in Chinese, the reviewer in
English and, for the second round, on a phone: the second round shows the first round's comments
and the changed answers, publishing needs its confirmation, the correction's review shows only its
changed answers, and the superseded version's print summary and PDF carry the mark."""

import io
import re

import pypdf
import pytest
from playwright.sync_api import expect

from assessment.models import Assessment

from .conftest import sign_in
from .site_pages import sign_in_anywhere, switch_language

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def people(browser):
    """A browser context of one's own for each person, so that each keeps their language."""
    contexts = []

    def open_page(viewport=None):
        context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900}, locale="en-GB")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    yield open_page
    for context in contexts:
        context.close()


def pdf_pages(page, url: str) -> list[str]:
    # Debian's Chromium does not report downloads to Playwright: fetched with the page's session.
    response = page.request.get(url)
    assert response.headers["content-type"] == "application/pdf"
    return [text.extract_text() for text in pypdf.PdfReader(io.BytesIO(response.body())).pages]


def submit(page, url: str, assessment) -> None:
    page.goto(f"{url}/assessments/{assessment.pk}/review/")
    page.click("[data-testid=submit-link]")
    page.click("[data-testid=confirm-submit]")
    expect(page.locator("[data-testid=submitted-banner]")).to_be_visible()


def publish(page) -> None:
    """Validate on the review page: it only shows what becomes public; the confirmation publishes."""
    page.click("[data-testid=validate]")
    expect(page.locator("[data-testid=publish-confirmation]")).to_be_visible()
    expect(page.locator("[data-testid=status-submitted]")).to_be_visible()
    page.click("[data-testid=confirm-publish]")
    expect(page.locator("[data-testid=status-validated]").first).to_be_visible()


def test_two_rounds_and_a_correction_in_both_languages(people, live_server, alice, rita, answered):
    url = live_server.url
    focal, reviewer = people(), people()
    sign_in(focal, live_server, "alice")
    focal.goto(f"{url}/")
    switch_language(focal, "zh-hant")
    sign_in(reviewer, live_server, "rita")

    # Round 1: submitted in Chinese, returned in English with comments on SW-2 and SW-3.
    submit(focal, url, answered)
    reviewer.goto(f"{url}/")
    reviewer.locator("[data-testid=to-review] a", has_text="Review").click()
    expect(reviewer.locator("[data-testid=earlier-rounds]")).to_have_count(0)
    reviewer.fill("textarea[name='SW-2__review']", "Which agencies are connected?")
    reviewer.fill("textarea[name='SW-3__review']", "Is this in force?")
    reviewer.click("[data-testid=return]")
    expect(reviewer.locator("[data-testid=returned-banner]")).to_be_visible()

    # The focal point, in Chinese: the tab marks the area, one answer changes, one comment is marked addressed.
    focal.goto(f"{url}/assessments/{answered.pk}/review/")
    expect(focal.locator("[data-testid=tab-comments-SW]")).to_have_count(1)
    focal.goto(f"{url}/assessments/{answered.pk}/areas/SW/")
    focal.check("input[name='SW-2__value'][value='3']")
    focal.fill("textarea[name='SW-2__evidence']", "關港貿單一窗口連接 30 個機關")
    focal.click("button[name=action][value=save]")
    focal.goto(f"{url}/assessments/{answered.pk}/review/")
    focal.fill("[data-testid=mark-addressed-SW-3] textarea[name=note]", "自 2019 年起施行。")
    focal.click("[data-testid=mark-addressed-SW-3] button")
    expect(focal.locator("[data-testid=addressed-comment-SW-3]")).to_contain_text("自 2019 年起施行。")
    expect(focal.locator("[data-testid=tab-comments-SW]")).to_have_count(0)
    submit(focal, url, answered)

    # Round 2, the reviewer on a phone: round 1's comments with what came of them, only SW-2 unfolded.
    phone = people(PHONE)
    sign_in_anywhere(phone, live_server, "rita")
    phone.goto(f"{url}/assessments/{answered.pk}/decision/")
    round_one = phone.locator("[data-testid=round-1]")
    expect(round_one).to_contain_text("Which agencies are connected?")
    expect(round_one.locator("[data-testid=earlier-comment-SW-2] [data-testid=outcome-changed]")).to_be_visible()
    expect(round_one.locator("[data-testid=earlier-comment-SW-2]")).to_contain_text("關港貿單一窗口連接 30 個機關")
    expect(round_one.locator("[data-testid=earlier-comment-SW-3]")).to_contain_text("自 2019 年起施行。")
    expect(phone.locator("[data-testid=changed-SW-2]")).to_be_visible()
    expect(phone.locator("#indicator-SW-3")).to_be_hidden()
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    publish(phone)

    # A correction, in Chinese: it asks why first, then one answer changes.
    focal.goto(f"{url}/assessments/{answered.pk}/")
    focal.click("[data-testid=open-correction]")
    focal.click("[data-testid=confirm-correction]")
    expect(focal.locator("textarea[name=reason].is-invalid")).to_be_visible()
    focal.fill("textarea[name=reason]", "SW-4 在法規通過前評定。")
    focal.click("[data-testid=confirm-correction]")
    correction = Assessment.objects.get(supersedes=answered)
    focal.goto(f"{url}/assessments/{correction.pk}/areas/SW/")
    focal.check("input[name='SW-4__value'][value='4']")
    focal.click("button[name=action][value=save]")
    submit(focal, url, correction)

    # The correction's review shows the reason and only the answer that differs from version 1.
    reviewer.goto(f"{url}/assessments/{correction.pk}/decision/")
    expect(reviewer.locator("[data-testid=correction-of]")).to_contain_text("SW-4 在法規通過前評定。")
    expect(reviewer.locator("[data-testid=changed-filter]")).to_contain_text("1 answer differs from version 1.")
    expect(reviewer.locator("[data-testid=corrected-SW-4]")).to_contain_text("2 → 4")
    expect(reviewer.locator("tr[id^=indicator-]:visible")).to_have_count(1)
    publish(reviewer)

    # Version 1 is superseded, said on its profile, its print summary (both languages) and every PDF page.
    public = people()
    public.goto(f"{url}/assessments/{answered.pk}/")
    expect(public.locator("[data-testid=status-superseded]")).to_contain_text("Superseded by version 2")
    expect(public.locator("[data-testid=status-validated]")).to_have_count(0)
    public.goto(f"{url}/assessments/{answered.pk}/summary/")
    expect(public.locator("[data-testid=mark-superseded] a")).to_have_attribute(
        "href", re.compile(rf"/assessments/{correction.pk}/$")
    )
    public.goto(f"{url}/assessments/{answered.pk}/summary/?lang=zh-hant")
    expect(public.locator("[data-testid=mark-superseded]")).to_contain_text("已由第 2 版取代")
    pages = pdf_pages(public, f"{url}/assessments/{answered.pk}/summary.pdf")
    assert pages and all("SUPERSEDED by version 2" in text for text in pages)
    assert all(
        "已由第 2 版取代" in text
        for text in pdf_pages(public, f"{url}/assessments/{answered.pk}/summary.pdf?lang=zh-hant")
    )
