"""A real Chromium (Debian's) driven by Playwright against Django's live server."""

import os
import shutil
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import expect

from assessment.models import Answer, Assessment, Economy, Framework
from assessment.permissions import reviewers_group

# Playwright's sync API runs an event loop in this thread; the test's own ORM
# calls are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PASSWORD = "e2e-focal-point-pass"
# A save with its redirect can take several seconds on a 2-core machine busy with the rest of the suite;
# an assertion waits this long before it fails, and passes as soon as the page is there.
expect.set_options(timeout=15_000)

# Without the background-networking flags Chromium keeps calling out of this closed network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}; `make test` installs Debian's chromium package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, request):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.fixture
def content(transactional_db):
    call_command("load_framework", verbosity=0)
    call_command("load_demo", verbosity=0)
    open_cycle(2025)


def open_cycle(year: int, due_in_days: int = 30):
    """A cycle open to every economy on the current framework, as the secretariat would open it."""
    import datetime

    from django.utils import timezone

    from assessment.models import Cycle, Framework

    today = timezone.localdate()
    return Cycle.objects.create(
        year=year,
        framework=Framework.objects.get(is_current=True),
        opens_on=today,
        due_on=today + datetime.timedelta(days=due_in_days),
        status=Cycle.Status.OPEN,
    )


def focal_point(username: str, economy_code: str):
    user = get_user_model().objects.create_user(username, password=PASSWORD)
    Economy.objects.get(code=economy_code).members.add(user)
    return user


@pytest.fixture
def alice(content):
    return focal_point("alice", "CT")


@pytest.fixture
def bob(content):
    return focal_point("bob", "SGP")


@pytest.fixture
def rita(content):
    """A reviewer."""
    user = get_user_model().objects.create_user("rita", password=PASSWORD)
    user.groups.add(reviewers_group())
    return user


@pytest.fixture
def answered(alice):
    """Chinese Taipei's 2025 draft with every indicator answered at level 2."""
    framework = Framework.objects.get(is_current=True)
    assessment = Assessment.objects.create(economy=Economy.objects.get(code="CT"), cycle=2025, framework=framework)
    for area in framework.areas.all():
        for indicator in area.indicators.all():
            Answer.objects.create(assessment=assessment, indicator=indicator, value="2", updated_by=alice)
    return assessment


def sign_in(page, live_server, username: str):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_selector("[data-testid=signed-in-as]")


def sign_out(page):
    page.click("nav form button:has-text('Sign out')")
    page.wait_for_selector("nav a:has-text('Sign in')")
