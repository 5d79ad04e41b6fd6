"""E-mails are sent by the task worker, after the step commits, and tried again when sending fails."""

import logging
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from assessment import outbox

from .conftest import answer_all
from .mail_backends import SLOW_SECONDS
from .test_lockout import fail
from .test_tasks import DATABASE_BACKEND, run_worker

REFUSING = "tests.mail_backends.RefusingBackend"
SLOW = "tests.mail_backends.SlowBackend"


@pytest.fixture
def queued(settings):
    """Tasks wait in the database for the worker, as they do on a server."""
    settings.TASKS = DATABASE_BACKEND
    return settings


@pytest.fixture
def alice_with_email(alice):
    alice.email = "alice@customs.example"
    alice.save()
    return alice


def waiting():
    return DBTaskResult.objects.filter(status="READY")


def make_due():
    waiting().update(run_after=timezone.now() - timedelta(seconds=1))


def test_a_workflow_step_queues_its_email_after_it_commits(
    alice_client, draft, reviewer, queued, django_capture_on_commit_callbacks
):
    answer_all(draft)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        alice_client.post(reverse("submit", kwargs={"pk": draft.pk}))
    assert DBTaskResult.objects.count() == 0
    for callback in callbacks:
        callback()
    assert mail.outbox == [] and DBTaskResult.objects.ready().count() == 1


def test_the_worker_sends_the_workflow_email(alice_client, draft, reviewer, queued, django_capture_on_commit_callbacks):
    answer_all(draft)
    with django_capture_on_commit_callbacks(execute=True):
        alice_client.post(reverse("submit", kwargs={"pk": draft.pk}))
    run_worker()
    assert [message.to for message in mail.outbox] == [["rita@example.org"]]


def test_a_refused_email_is_logged_and_queued_again_later(db, queued, caplog):
    queued.EMAIL_BACKEND = REFUSING
    outbox.send_later("Hello", "Body", ["rita@example.org"])
    with caplog.at_level(logging.ERROR, logger="assessment.outbox"):
        run_worker()
    assert "could not send 'Hello' (attempt 1)" in caplog.text
    [again] = waiting()
    assert again.args_kwargs["kwargs"] == {"subject": "Hello", "body": "Body", "to": "rita@example.org", "attempt": 2}
    assert again.run_after > timezone.now() + timedelta(seconds=50)


def test_a_retry_sends_the_email_once_the_server_is_back(db, queued):
    queued.EMAIL_BACKEND = REFUSING
    outbox.send_later("Hello", "Body", ["rita@example.org"])
    run_worker()
    queued.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    make_due()
    run_worker()
    assert [message.subject for message in mail.outbox] == ["Hello"]


def test_after_the_last_retry_the_failed_task_keeps_the_message(db, queued):
    queued.EMAIL_BACKEND = REFUSING
    queued.EMAIL_RETRY_SECONDS = (60, 300)
    outbox.send_later("Hello", "Body", ["rita@example.org"])
    for _attempt in range(4):
        make_due()
        run_worker()
    assert waiting().count() == 0
    failed = DBTaskResult.objects.failed()
    assert failed.count() == 3
    assert {result.args_kwargs["kwargs"]["to"] for result in failed} == {"rita@example.org"}


def test_a_reset_request_sends_nothing_while_it_waits(client, alice_with_email, queued):
    queued.EMAIL_BACKEND = SLOW
    client.post(reverse("password_reset"), {"email": "alice@customs.example"})
    assert mail.outbox == []
    run_worker()
    assert [message.to for message in mail.outbox] == [["alice@customs.example"]]


def test_a_reset_takes_as_long_whether_or_not_the_address_has_an_account(client, alice_with_email, queued):
    queued.EMAIL_BACKEND = SLOW
    client.post(reverse("password_reset"), {"email": "warm@customs.example"})  # first request's set-up
    took = {}
    for address in ("alice@customs.example", "nobody@customs.example"):
        started = time.perf_counter()
        client.post(reverse("password_reset"), {"email": address})
        took[address] = time.perf_counter() - started
    assert abs(took["alice@customs.example"] - took["nobody@customs.example"]) < SLOW_SECONDS / 2, took


def test_a_lock_notice_waits_for_the_worker(client, alice_with_email, queued):
    fail(client, "alice", 10, "198.51.100.7")
    assert mail.outbox == []
    run_worker()
    assert [message.to for message in mail.outbox] == [["alice@customs.example"]]
