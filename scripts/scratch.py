"""A scratch Django set-up shared by the benchmark and the load test: a throwaway database,
cache and static folder in a temporary directory, production-like settings (DEBUG off)."""

from __future__ import annotations

import os
import sys
import tempfile
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
