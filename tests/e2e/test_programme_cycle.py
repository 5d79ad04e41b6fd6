"""A programme cycle in a real browser: the secretariat plans and opens cycle 2026 for two economies
with a due date and a publication date; one economy answers and submits; the scheduled reminders
reach the other one once; the dashboard and status.json count them; a reviewer validates; nothing
is public before the publication date and everything is after it."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from assessment.models import Assessment, Reminder
from assessment.permissions import reviewers_group

from .conftest import PASSWORD, sign_in, sign_out

pytestmark = pytest.mark.e2e


@pytest.fixture
def rita(content):
    user = get_user_model().objects.create_user("rita", email="rita@example.org", password=PASSWORD)
    user.groups.add(reviewers_group())
    return user


def answer_every_area(page):
    """Tick level 3 for every indicator, area after area, until the review page."""
    while "/areas/" in page.url:
        for radio in page.locator("input[type=radio][value='3']").all():
            radio.check()
        page.click("button:has-text('Save and continue')")
        page.wait_for_load_state()


def test_a_cycle_from_opening_to_publication(page, live_server, alice, bob, rita, monkeypatch):
    url = live_server.url
    for user in (alice, bob):
        user.email = f"{user.username}@example.org"
        user.save()
    today = timezone.localdate()
    due, published = today + datetime.timedelta(days=20), today + datetime.timedelta(days=40)

    # 1. The secretariat plans cycle 2026 for Chinese Taipei and Singapore, then opens it.
    sign_in(page, live_server, "rita")
    page.click("[data-testid=cycles-link]")
    form = page.locator("[data-testid=new-cycle]")
    form.locator("input[name=year]").fill("2026")
    form.locator("input[name=opens_on]").fill(today.isoformat())
    form.locator("input[name=due_on]").fill(due.isoformat())
    form.locator("input[name=publication_date]").fill(published.isoformat())
    form.get_by_label("Chinese Taipei").check()
    form.get_by_label("Singapore").check()
    form.locator("button[type=submit]").click()
    expect(page.locator(".alert-success")).to_contain_text("Cycle 2026 planned")
    mail.outbox.clear()
    page.locator("tr[data-year='2026'] a", has_text="Open").click()
    page.check("input[name=confirm]")
    page.click("[data-testid=confirm-action]")
    expect(page.locator("tr[data-year='2026']")).to_contain_text("Open")
    assert sorted(message.to[0] for message in mail.outbox) == ["alice@example.org", "bob@example.org"]
    sign_out(page)

    # 2. Chinese Taipei's focal point sees the due date, starts, answers and submits.
    sign_in(page, live_server, "alice")
    page.select_option("select[name=cycle]", "2026")
    expect(page.locator("select[name=cycle] option[value='2026']")).to_contain_text("due")
    page.click("button:has-text('Open questionnaire')")
    answer_every_area(page)
    expect(page).to_have_url(re.compile(r"/review/"))
    page.click("[data-testid=submit-link]")
    page.click("[data-testid=confirm-submit]")
    expect(page.locator(".alert-success")).to_contain_text("submitted for review")
    assessment = Assessment.objects.get(economy__code="CT", cycle=2026)
    page.goto(f"{url}/")
    expect(page.locator("[data-testid=own-cycles]")).to_contain_text("Submitted")
    sign_out(page)

    # 3. Ten days before the due date, the hourly command reminds Singapore once, not twice.
    mail.outbox.clear()
    for _run in range(2):
        call_command("send_reminders", "--today", (due - datetime.timedelta(days=10)).isoformat())
    assert list(Reminder.objects.values_list("economy__code", "step")) == [("SGP", "14-days")]
    assert [message.to for message in mail.outbox] == [["bob@example.org"]]

    # 4. The dashboard and status.json count them.
    sign_in(page, live_server, "rita")
    page.goto(f"{url}/cycles/2026/")
    expect(page.locator("[data-testid=cycle-totals]")).to_contain_text("1 of 2 submitted, 0 validated")
    expect(page.locator("tr[data-economy=SGP]")).to_contain_text("Not started")
    expect(page.locator("tr[data-economy=SGP]")).to_contain_text("1")
    status = page.request.get(f"{url}/api/cycles/2026/status.json").json()
    assert status["totals"] == {"invited": 2, "submitted": 1, "validated": 0, "late": 0}

    # 5. The reviewer validates it.
    page.goto(f"{url}/assessments/{assessment.pk}/decision/")
    page.click("[data-testid=validate]")
    page.click("[data-testid=confirm-publish]")  # publishing needs its confirmation (issue 22)
    expect(page.locator("[data-testid=status-validated]").first).to_be_visible()
    page.goto(f"{url}/cycles/2026/")
    expect(page.locator("[data-testid=cycle-totals]")).to_contain_text("1 of 2 submitted, 1 validated")
    sign_out(page)

    # 6. Nothing is public before the publication date ...
    assert page.request.get(f"{url}/api/assessments/{assessment.pk}/profile.json").status == 404
    assert "Chinese Taipei" not in page.request.get(f"{url}/api/compare.json?cycle=2026").text()
    page.goto(f"{url}/compare/?cycle=2026")
    expect(page.locator("table", has_text="Chinese Taipei")).to_have_count(0)

    # ... and everything is from it on.
    moved = timezone.now() + datetime.timedelta(days=40)
    monkeypatch.setattr(timezone, "now", lambda: moved)
    assert page.request.get(f"{url}/api/assessments/{assessment.pk}/profile.json").status == 200
    assert "Chinese Taipei" in page.request.get(f"{url}/api/compare.json?cycle=2026").text()
    page.goto(f"{url}/compare/?cycle=2026")
    expect(page.locator("table").first).to_contain_text("Chinese Taipei")
