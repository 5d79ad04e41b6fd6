"""The task worker: tasks queued in the database and run by `manage.py db_worker`, at once in tests."""

from unittest import mock

from django.core import mail
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from assessment import outbox

from .test_settings import run_python

DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_worker():
    """The worker's command, run once over the queue in the test's own connection.

    A real worker closes its database connection between tasks (close_old_connections); inside a
    test that connection holds the test's transaction, which PostgreSQL would then lose."""
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def test_the_server_queues_tasks_in_the_database():
    result = run_python(
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings'; django.setup();"
        "from django_tasks import task_backends; print(type(task_backends['default']).__name__)",
        DEBUG="true",
    )
    assert result.stdout.strip() == "DatabaseBackend", result.stderr


def test_the_tests_run_each_task_as_soon_as_it_is_queued(db):
    outbox.send_later("Hello", "Body", ["rita@example.org"])
    assert [message.to for message in mail.outbox] == [["rita@example.org"]]


def test_a_queued_task_waits_for_the_worker(db, settings):
    settings.TASKS = DATABASE_BACKEND
    outbox.send_later("Hello", "Body", ["rita@example.org"])
    assert mail.outbox == []
    assert DBTaskResult.objects.ready().count() == 1


def test_the_worker_runs_what_was_queued(db, settings):
    settings.TASKS = DATABASE_BACKEND
    outbox.send_later("Hello", "Body", ["rita@example.org"])
    run_worker()
    assert [message.subject for message in mail.outbox] == ["Hello"]
    assert DBTaskResult.objects.ready().count() == 0
