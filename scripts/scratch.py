"""A scratch Django set-up shared by the benchmark and the load test: a throwaway database,
cache and static folder in a temporary directory, production-like settings (DEBUG off), a
gunicorn server on loopback and a client that talks to it as a browser does; and the workflow as
both scripts drive it (their focal points, reviewers, the addresses and forms they send), which
tests/test_scripts.py runs through Django's test client, so that a change of the pages the
scripts depend on fails a test instead of stopping `make bench` or `make load` unseen.

Nothing here touches Django until start() has set it up (the tests import it as they are)."""

from __future__ import annotations

import http.client
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.parse
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def start(prefix: str, database_url: str | None = None) -> tuple[Path, dict[str, str]]:
    """Point Django at a new scratch folder, set it up, and return the folder and the environment."""
    scratch = Path(tempfile.mkdtemp(prefix=prefix))
    environment = {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": database_url or f"sqlite:///{scratch / 'scratch.sqlite3'}",
        "SECRET_KEY": "scratch-" + "x" * 50,
        "DEBUG": "false",
        "ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
        "SECURE_COOKIES": "false",
        # gunicorn is reached over plain HTTP on loopback: no redirect to HTTPS, no HSTS.
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "CACHE_DIR": str(scratch / "cache"),
        "STATIC_ROOT": str(scratch / "static"),
    }
    os.environ.update(environment)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    return scratch, environment


def load(extra_commands: list[tuple[str, list[str]]]) -> None:
    """Migrate, collect static files, then load the content (load_content)."""
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    load_content(extra_commands)


def load_content(extra_commands: list[tuple[str, list[str]]]) -> None:
    """Load the framework and demo data, run the extra commands (seed_synthetic …), open OPEN_YEAR."""
    from django.core.management import call_command

    for command, args in [("load_framework", []), ("load_demo", []), *extra_commands]:
        call_command(command, *args, verbosity=0)
    open_cycle(OPEN_YEAR)


OPEN_YEAR = 2025  # the cycle the scripts' focal points work in


def open_cycle(year: int) -> None:
    """An open cycle of the year on the current framework, inviting every economy, due in a month:
    focal points start assessments only in an open cycle they are invited to."""
    import datetime

    from django.utils import timezone

    from assessment.models import Cycle, Framework

    today = timezone.localdate()
    Cycle.objects.update_or_create(
        year=year,
        defaults={
            "framework": Framework.objects.get(is_current=True),
            "opens_on": today - datetime.timedelta(days=10),
            "due_on": today + datetime.timedelta(days=30),
            "status": Cycle.Status.OPEN,
        },
    )


def focal_point(username: str, economy, password: str, email: str = ""):
    """A new focal point of the economy and the draft they start in OPEN_YEAR, as from the home page;
    with an e-mail address, the reviewers' decisions are e-mailed to them (by the task worker)."""
    from django.contrib.auth import get_user_model

    from assessment.answers import services

    user = get_user_model().objects.create_user(username, email=email, password=password)
    economy.members.add(user)
    return user, services.start_assessment(user=user, economy=economy, cycle=OPEN_YEAR)


def reviewer(username: str, password: str):
    """A new member of the reviewers' group."""
    from django.contrib.auth import get_user_model

    from assessment.permissions import reviewers_group

    user = get_user_model().objects.create_user(username, password=password)
    user.groups.add(reviewers_group())
    return user


def submitted_version(source, user=None):
    """A new version of `source` with its answers, submitted for review: what a reviewer decides on."""
    from assessment.answers import services
    from assessment.models import Assessment

    version = Assessment.objects.create(
        economy=source.economy,
        cycle=source.cycle,
        framework=source.framework,
        version=source.version + 1,
        supersedes=source,
        status=Assessment.Status.SUBMITTED,
    )
    services.copy_answers(source=source, target=version, user=user, carried_from=None)
    return version


# The pages and forms the scripts use, as a browser sees and sends them.
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
REVISION = re.compile(r'name="revision" value="(\d+)"')
SHOWN = re.compile(r'name="([A-Z]+-\d+)__shown" value="([^"]*)"')


def questionnaire_address(assessment_id: int, area_code: str) -> str:
    """The area's page; a save redirects to it."""
    return f"/assessments/{assessment_id}/areas/{area_code}/"


def decision_address(assessment_id: int) -> str:
    """The reviewer's page; its POST returns an assessment, or asks to confirm its validation."""
    return f"/assessments/{assessment_id}/decision/"


def publish_address(assessment_id: int) -> str:
    """The publication page; its confirming POST validates and publishes."""
    return f"/assessments/{assessment_id}/decision/publish/"


def profile_address(assessment_id: int) -> str:
    """Where a reviewer's decision redirects."""
    return f"/assessments/{assessment_id}/"


def csrf_token(page: str) -> str | None:
    found = CSRF.search(page)
    return found.group(1) if found else None


def draft_form(revision, answers: dict[str, str], *, evidence: str = "", page: str = "", action: str = "save") -> dict:
    """A questionnaire save of `answers` ({indicator code: "0"–"4", "na", "dk"}) at `revision`, each
    with `evidence`; with the `page` it was typed on, its token and what the page showed of each
    answer (so that only what was changed is written, as from a browser)."""
    form = {"revision": str(revision), "action": action}
    if page:
        form["csrfmiddlewaretoken"] = csrf_token(page)
        form |= {f"{code}__shown": shown for code, shown in SHOWN.findall(page)}
    for code, value in answers.items():
        form |= {f"{code}__value": value, f"{code}__evidence": evidence, f"{code}__link": "", f"{code}__comment": ""}
    return form


def page_revision(page: str) -> int | None:
    """The revision a questionnaire page's form was made at."""
    found = REVISION.search(page)
    return int(found.group(1)) if found else None


def return_form(comment: str, page: str = "") -> dict:
    """The decision page's POST that returns the assessment to its focal points."""
    return _with_token({"decision": "return", "comment": comment}, page)


def validate_form(comment: str, page: str = "") -> dict:
    """The decision page's POST that asks to validate: it answers with the publication page."""
    return _with_token({"decision": "validate", "comment": comment}, page)


def publish_form(comment: str, page: str = "") -> dict:
    """The publication page's confirming POST (`page`: that page, whose token it carries)."""
    return _with_token({"confirmed": "yes", "comment": comment}, page)


def _with_token(form: dict, page: str) -> dict:
    return form | {"csrfmiddlewaretoken": csrf_token(page)} if page else form


def session_cookie(user) -> str:
    """A signed-in session for the user, as the Cookie header value a browser would send."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"sessionid={session.session_key}"


@contextmanager
def gunicorn(
    environment: dict[str, str], port: int, workers: int = 1, extra: tuple[str, ...] = (), log: Path | None = None
):
    """gunicorn on 127.0.0.1:port as deployed (DEBUG off, WhiteNoise, the cache), until the block ends;
    its log (one JSON line per record) goes to `log` if given. At the end it stops as systemd stops
    it: the requests it has begun are finished (gunicorn's graceful timeout), then it is killed."""
    import socket

    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", port)) == 0:
            raise RuntimeError(f"port {port} is already in use: another server would be measured instead")
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "config.wsgi",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            *extra,
        ],  # fmt: skip
        cwd=ROOT,
        env=os.environ | environment,
        stdout=subprocess.DEVNULL,
        stderr=log.open("ab") if log else subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                Browser(port).request("GET", "/healthz")
                break
            except OSError:
                time.sleep(0.1)
        yield server
    finally:
        stop(server, GRACEFUL_SECONDS + 10)


GRACEFUL_SECONDS = 30  # gunicorn's and django-tasks' default: what a stopping worker may take to finish


def stop(process: subprocess.Popen, timeout: float) -> None:
    """SIGTERM, time to finish what it is doing, then SIGKILL: no server or worker outlives the script."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


class Browser:
    """One person's client: a keep-alive connection and cookies, posting forms as a browser does."""

    def __init__(self, port: int, cookie: str = ""):
        self.port = port
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookies = dict(part.split("=", 1) for part in cookie.split("; ") if part)

    def request(
        self, method: str, path: str, form: dict | None = None, files: dict[str, tuple[str, bytes]] | None = None
    ) -> tuple[int, bytes, float]:
        """Status, body and seconds taken; a dropped connection is reopened for the next request.

        `files` ({field: (filename, content)}) sends the form as multipart/form-data, as a file input does."""
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if files is not None:
            boundary = "----scratch-" + os.urandom(8).hex()
            body = _multipart(boundary, form or {}, files)
            headers |= {
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "Referer": f"http://127.0.0.1:{self.port}{path}",
            }
        elif form is not None:
            body = urllib.parse.urlencode(form)
            headers |= {
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"http://127.0.0.1:{self.port}{path}",
            }
        start = time.perf_counter()
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException):
            self.connection.close()
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            raise
        elapsed = time.perf_counter() - start
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return response.status, content, elapsed


def _multipart(boundary: str, form: dict, files: dict[str, tuple[str, bytes]]) -> bytes:
    parts = []
    for name, value in form.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, (filename, content) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        )
        parts.append(head.encode() + content + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode()
