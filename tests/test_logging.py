"""With DEBUG off, what goes wrong or is refused leaves one JSON line on stderr (config/log_format.py)."""

import io
import json
import logging
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from config.log_format import JsonFormatter

from .conftest import PASSWORD
from .test_settings import PRODUCTION

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def log_lines():
    """What the settings' stderr handler writes, as a list of parsed lines (read it after the requests)."""
    handler = next(h for h in logging.getLogger("django").handlers if h.name == "stderr")
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    handler.setStream(previous)


def test_debug_is_off_under_the_tests(settings):
    assert settings.DEBUG is False


# N5 of the December 2026 probe: a 500 left no trace in the log.


def test_a_server_error_is_logged_once_with_its_path_and_traceback(log_lines, validated, monkeypatch):
    from assessment.reports import profile

    def broken(*args, **kwargs):
        raise RuntimeError("the scoring broke")

    monkeypatch.setattr(profile, "scored_assessment", broken)
    path = reverse("api_profile", kwargs={"pk": validated.pk})
    response = Client(raise_request_exception=False).get(path)
    assert response.status_code == 500
    errors = [line for line in log_lines() if line["level"] == "ERROR"]
    assert len(errors) == 1
    (error,) = errors
    assert (error["logger"], error["path"], error["method"], error["status_code"]) == (
        "django.request",
        path,
        "GET",
        500,
    )
    assert error["exception"].startswith("Traceback (most recent call last):")
    assert "RuntimeError: the scoring broke" in error["exception"]
    assert "in broken" in error["exception"]


def test_a_lockout_is_logged(log_lines, client, alice):
    for _ in range(10):
        client.post(reverse("login"), {"username": "alice", "password": "wrong"})
    assert client.post(reverse("login"), {"username": "alice", "password": PASSWORD}).status_code == 429
    lockouts = [line for line in log_lines() if "Locking out" in line["message"]]
    assert lockouts
    assert lockouts[0]["level"] == "WARNING"
    assert lockouts[0]["logger"].startswith("axes")
    assert "alice" in lockouts[0]["message"]


def test_a_refused_workbook_upload_is_logged_with_its_reason(log_lines, alice_client, draft):
    upload = SimpleUploadedFile("answers.xlsx", b"not a workbook at all")
    response = alice_client.post(reverse("workbook_upload", kwargs={"pk": draft.pk}), {"workbook": upload})
    assert response.status_code == 400
    (refusal,) = [line for line in log_lines() if line["logger"] == "assessment.views.workbook"]
    assert refusal["level"] == "WARNING"
    assert refusal["message"] == "workbook upload refused"
    assert (refusal["assessment"], refusal["user"], refusal["upload_bytes"]) == (draft.pk, "alice", 21)
    assert "not an XLSX workbook" in refusal["reason"]


def test_an_upload_the_form_refuses_is_logged_too(log_lines, alice_client, draft):
    upload = SimpleUploadedFile("answers.csv", b"SW-1,3")
    alice_client.post(reverse("workbook_upload", kwargs={"pk": draft.pk}), {"workbook": upload})
    (refusal,) = [line for line in log_lines() if line["logger"] == "assessment.views.workbook"]
    assert "Upload an .xlsx workbook." in refusal["reason"]


def test_a_throttled_password_reset_is_logged(log_lines, client, alice):
    for _ in range(11):
        client.post(reverse("password_reset"), {"email": "someone@customs.example"})
    warnings = [line for line in log_lines() if line["logger"].startswith("assessment.")]
    assert warnings
    assert warnings[0]["level"] in {"WARNING", "ERROR"}
    assert "reset" in warnings[0]["message"]


# The formatter


def record(name="assessment.test", level=logging.WARNING, message="refused %s", args=("twice",), **extra):
    entry = logging.LogRecord(name, level, __file__, 1, message, args, None)
    entry.__dict__.update(extra)
    return entry


def test_a_record_is_one_line_of_json_with_its_level_logger_and_message():
    line = JsonFormatter().format(record())
    assert "\n" not in line
    entry = json.loads(line)
    assert (entry["level"], entry["logger"], entry["message"]) == ("WARNING", "assessment.test", "refused twice")
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", entry["time"])


def test_extra_fields_are_kept_and_anything_else_is_written_as_text():
    entry = json.loads(JsonFormatter().format(record(assessment=7, path=Path("/tmp/x"))))
    assert (entry["assessment"], entry["path"]) == (7, "/tmp/x")


def test_a_traceback_stays_on_the_one_line():
    try:
        raise ValueError("line one\nline two")
    except ValueError:
        entry = record(level=logging.ERROR)
        entry.exc_info = sys.exc_info()
    line = JsonFormatter().format(entry)
    assert "\n" not in line
    assert json.loads(line)["exception"].endswith("ValueError: line one\nline two")


def test_a_gunicorn_access_record_names_its_fields():
    atoms = {"h": "10.0.0.1", "m": "GET", "U": "/compare/", "q": "cycle=2025", "s": "200", "B": 512, "M": 12}
    atoms |= {"a": 'agent \\"quoted\\"', "f": "-"}
    entry = json.loads(JsonFormatter().format(record("gunicorn.access", logging.INFO, "%(h)s %(s)s", atoms)))
    assert entry["status"] == 200
    assert (entry["client"], entry["path"], entry["query"], entry["duration_ms"]) == (
        "10.0.0.1",
        "/compare/",
        "cycle=2025",
        12,
    )
    assert entry["user_agent"] == 'agent "quoted"'


# gunicorn as deployed (gunicorn.conf.py)


def test_gunicorn_writes_its_access_log_to_stderr_as_json(tmp_path):
    environment = {
        "PATH": os.environ.get("PATH", ""),
        **PRODUCTION,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "CACHE_DIR": str(tmp_path / "cache"),
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    stderr = tmp_path / "stderr"
    with stderr.open("w") as sink:
        server = subprocess.Popen(
            [str(gunicorn), "config.wsgi", "--workers", "1", "--bind", "127.0.0.1:0", "--no-control-socket"],
            cwd=ROOT,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=sink,
        )
    try:
        port = wait_for(lambda: re.search(r"Listening at: http://127\.0\.0\.1:(\d+)", stderr.read_text()))
        with urllib.request.urlopen(f"http://127.0.0.1:{port.group(1)}/healthz?probe=1", timeout=20) as response:
            assert response.status == 200
        wait_for(lambda: '"gunicorn.access"' in stderr.read_text())
    finally:
        server.send_signal(signal.SIGTERM)
        stdout, _ = server.communicate(timeout=20)
    lines = [json.loads(line) for line in stderr.read_text().splitlines() if line.startswith("{")]
    access = [line for line in lines if line["logger"] == "gunicorn.access"]
    assert [(line["path"], line["query"], line["status"]) for line in access] == [("/healthz", "probe=1", 200)]
    assert stdout == b""


def wait_for(condition, seconds: float = 20):
    deadline = time.monotonic() + seconds
    while not (found := condition()):
        assert time.monotonic() < deadline, "gave up waiting for gunicorn"
        time.sleep(0.05)
    return found
