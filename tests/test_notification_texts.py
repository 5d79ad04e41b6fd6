"""The workflow e-mails: links to the served address, Chinese names in the Chinese half, the
reviewer sent to the review page, and demo accounts that receive them."""

from io import StringIO

from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from assessment.answers import workflow
from assessment.models import Economy

from .conftest import answer_all


def submit(assessment, user, capture):
    answer_all(assessment)
    with capture(execute=True):
        workflow.submit(assessment=assessment, user=user)
    return mail.outbox[-1]


def test_the_links_start_from_site_url(settings, draft, alice, reviewer, django_capture_on_commit_callbacks):
    settings.SITE_URL = "http://127.0.0.1:8102/"
    message = submit(draft, alice, django_capture_on_commit_callbacks)
    assert "http://127.0.0.1:8102" + reverse("decide", kwargs={"pk": draft.pk}) in message.body
    assert ":8000" not in message.body


def test_the_submission_e_mail_links_the_reviewer_to_the_review_page(
    draft, alice, reviewer, django_capture_on_commit_callbacks
):
    message = submit(draft, alice, django_capture_on_commit_callbacks)
    assert reverse("decide", kwargs={"pk": draft.pk}) in message.body


def test_the_chinese_half_names_the_economy_in_chinese(draft, alice, reviewer, django_capture_on_commit_callbacks):
    message = submit(draft, alice, django_capture_on_commit_callbacks)
    english, chinese = message.body.split("————")
    assert "Chinese Taipei 2025" in english and "中華臺北 2025" in chinese
    assert "Chinese Taipei" not in chinese
    assert message.subject.endswith("中華臺北 2025")


def test_the_demo_accounts_have_example_org_addresses(framework):
    Economy.objects.create(code="CT", name="Chinese Taipei", name_zh="中華臺北")
    Economy.objects.create(code="SGP", name="Singapore", name_zh="新加坡")
    call_command("ensure_demo_users", stdout=StringIO())
    addresses = dict(get_user_model().objects.values_list("username", "email"))
    assert addresses == {
        "reviewer": "reviewer@example.org",
        "focal.ct": "focal.ct@example.org",
        "focal.sgp": "focal.sgp@example.org",
    }


def test_make_run_links_the_e_mails_to_the_port_it_serves():
    import subprocess
    from pathlib import Path

    from django.conf import settings

    dry_run = subprocess.run(
        ["make", "-n", "run", "PORT=8102"], cwd=Path(settings.BASE_DIR), capture_output=True, text=True, check=True
    ).stdout
    serving = next(line for line in dry_run.splitlines() if "run-dev.sh" in line)  # runserver and the worker
    assert "SITE_URL=http://127.0.0.1:8102" in serving and "PORT=8102" in serving
