"""A scratch Django set-up shared by the benchmark and the load test: a throwaway database,
cache and static folder in a temporary directory, production-like settings (DEBUG off), a
gunicorn server on loopback and a client that talks to it as a browser does."""

from __future__ import annotations

import http.client
import os
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
    """Migrate, collect static files, load the framework and demo data, then run the extra commands."""
    from django.core.management import call_command

    for command, args in [
        ("migrate", []),
        ("collectstatic", ["--noinput"]),
        ("load_framework", []),
        ("load_demo", []),
        *extra_commands,
    ]:
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
def gunicorn(environment: dict[str, str], port: int, workers: int = 1, extra: tuple[str, ...] = ()):
    """gunicorn on 127.0.0.1:port as deployed (DEBUG off, WhiteNoise, the cache), until the block ends."""
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
        stderr=subprocess.DEVNULL,
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
        server.terminate()
        server.wait(timeout=10)


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
