"""Drawn when the data changes, not when it is read (issue 20), in a real browser: a reviewer validates an
assessment, and what that publishes (its profile, the compare page of its cycle, the summary and
comparison PDFs) is ready for its first readers, the reviewer in English and a visitor whose browser
asks for Chinese. The live server answers in this process, so the drawing counters (charts drawn,
page fragments and PDFs rendered: cache misses) are read around each request it answers; only the
publishing POST, in which the task worker runs (the immediate backend), may move them."""

import io
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pypdf
import pytest
from django.core.signals import request_finished, request_started
from playwright.sync_api import expect

from assessment import page_cache
from assessment.answers import workflow
from assessment.reports import charts, pdf

from .conftest import sign_in

pytestmark = pytest.mark.e2e

NOTHING_DRAWN = (0, 0, 0)


def drawings() -> tuple[int, int, int]:
    """Charts drawn, page fragments rendered and PDFs rendered so far in this process."""
    return charts.draw_count, page_cache.render_count, pdf.render_count


@pytest.fixture
def drawn_per_request():
    """(method, address, what the counters moved by while the live server answered it), per request.

    Read in the thread that answers the request, from its start to the end of its response. The counters
    are the process's, so a request answered meanwhile in another thread would count in both: only
    static files are, and they draw nothing."""
    answered, started = [], {}

    def on_start(sender, environ, **kwargs):
        query = environ.get("QUERY_STRING")
        address = environ["PATH_INFO"] + (f"?{query}" if query else "")
        started[threading.get_ident()] = (environ["REQUEST_METHOD"], address, drawings())

    def on_finish(sender, **kwargs):
        if (start := started.pop(threading.get_ident(), None)) is None:
            return  # begun before this test watched
        method, address, before = start
        answered.append((method, address, tuple(now - then for now, then in zip(drawings(), before, strict=True))))

    request_started.connect(on_start, dispatch_uid="e2e-drawn-start")
    request_finished.connect(on_finish, dispatch_uid="e2e-drawn-finish")
    yield answered
    request_started.disconnect(dispatch_uid="e2e-drawn-start")
    request_finished.disconnect(dispatch_uid="e2e-drawn-finish")


@pytest.fixture
def submitted(alice, answered):
    return workflow.submit(assessment=answered, user=alice)


@pytest.fixture
def chinese_visitor(browser):
    """A visitor, not signed in, whose browser asks for Chinese (Taiwan)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-TW", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def pdf_text(page, link) -> str:
    """The PDF a link of the page offers, downloaded by the browser."""
    with page.expect_download() as download:
        link.click()
    content = Path(download.value.path()).read_bytes()
    assert content.startswith(b"%PDF")
    return "\n".join(text.extract_text() for text in pypdf.PdfReader(io.BytesIO(content)).pages)


def pages_answered(drawn_per_request: list, count: int) -> list:
    """The requests for pages (not static files), once `count` of them are accounted for: a response is
    accounted for when the server closes it, which can come just after the browser has read it."""
    deadline = time.monotonic() + 15
    while True:
        pages = [entry for entry in drawn_per_request if not entry[1].startswith(("/static/", "/favicon"))]
        if len(pages) >= count or time.monotonic() > deadline:
            return pages
        time.sleep(0.05)


@dataclass(frozen=True)
class Reader:
    language: str  # as the page's <html lang> gives it
    economy: str  # Chinese Taipei, in that language
    maturity: str  # "Customs digitalization maturity", as the PDFs' running header gives it


ENGLISH = Reader("en", "Chinese Taipei", "Customs digitalization maturity")
CHINESE = Reader("zh-hant", "中華臺北", "關務數位化成熟度")


def read_the_profile(page, reader: Reader) -> None:
    """On the profile: its economy, score and radar, in the reader's language; then its summary PDF."""
    expect(page.locator("html")).to_have_attribute("lang", reader.language)
    expect(page.locator("h1")).to_contain_text(reader.economy)
    expect(page.locator("[data-testid=overall-score]")).to_have_text("50.0")  # every answer at level 2 of 4
    expect(page.locator("[data-testid=radar] svg")).to_be_visible()
    summary = pdf_text(page, page.locator("main a[href$='summary.pdf']"))
    assert reader.maturity in summary and reader.economy in summary and "50.0" in summary


def read_the_comparison(page, reader: Reader) -> None:
    """On the compare page: the economy's row and the charts, in the reader's language; then its PDF."""
    expect(page.locator("html")).to_have_attribute("lang", reader.language)
    expect(page.locator("[data-testid=compare-table] tr[data-economy=CT] .overall-cell")).to_contain_text("50.0")
    expect(page.locator("[data-testid=compare-radar] svg")).to_be_visible()
    expect(page.locator("[data-testid=bars] svg")).to_be_visible()
    comparison = pdf_text(page, page.locator("main a[href*='compare/summary.pdf']"))
    assert reader.maturity in comparison and reader.economy in comparison and "50.0" in comparison


def test_after_a_validation_its_readers_find_the_profile_compare_and_pdfs_drawn(
    page, chinese_visitor, live_server, rita, submitted, drawn_per_request
):
    url = live_server.url
    sign_in(page, live_server, "rita")
    page.goto(f"{url}/assessments/{submitted.pk}/decision/")
    page.click("[data-testid=validate]")
    compare_address = f"/compare/?cycle={submitted.cycle}"
    expect(page.locator("[data-testid=public-places]")).to_contain_text(compare_address)
    drawn_per_request.clear()

    # The confirming POST publishes, and lands the reviewer on the profile: its first reader.
    page.click("[data-testid=confirm-publish]")
    expect(page.locator("[data-testid=status-validated]").first).to_be_visible()
    read_the_profile(page, ENGLISH)
    page.goto(url + compare_address)  # as the publication page named it
    read_the_comparison(page, ENGLISH)

    # A visitor in Chinese: compare at the navigation's address (no cycle in it), then the profile from its row.
    chinese_visitor.goto(f"{url}/compare/")
    read_the_comparison(chinese_visitor, CHINESE)
    chinese_visitor.locator("tr[data-economy=CT] th a").first.click()
    read_the_profile(chinese_visitor, CHINESE)

    publishing, *reads = pages_answered(drawn_per_request, 9)
    assert publishing[:2] == ("POST", f"/assessments/{submitted.pk}/decision/publish/")
    assert publishing[2] != NOTHING_DRAWN  # the task worker drew, in the publishing request
    assert [entry for entry in drawn_per_request if entry is not publishing and entry[2] != NOTHING_DRAWN] == []
    profile = f"/assessments/{submitted.pk}/"
    comparison_pdf = f"/compare/summary.pdf?cycle={submitted.cycle}&weights=default&sort=rank"
    assert [(method, address) for method, address, _moved in reads] == [
        ("GET", profile),
        ("GET", f"{profile}summary.pdf"),
        ("GET", compare_address),
        ("GET", comparison_pdf),
        ("GET", "/compare/"),
        ("GET", comparison_pdf),
        ("GET", profile),
        ("GET", f"{profile}summary.pdf"),
    ]
