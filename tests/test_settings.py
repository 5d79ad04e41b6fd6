"""Settings come from the environment and fail loudly where they must."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_python(code: str, **environment) -> subprocess.CompletedProcess:
    env = {"PATH": os.environ.get("PATH", ""), "DATABASE_URL": "sqlite:///:memory:", **environment}
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)


def test_the_server_refuses_to_start_without_a_secret_key_when_debug_is_off():
    result = run_python("import config.wsgi")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_the_server_starts_with_a_real_secret_key():
    result = run_python("import config.wsgi", SECRET_KEY="s" * 50, ALLOWED_HOSTS="example.org")
    assert result.returncode == 0, result.stderr


def test_a_short_secret_key_is_refused():
    result = run_python(
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings'; django.setup()", SECRET_KEY="short"
    )
    assert "at least 32 characters" in result.stderr


def test_a_bad_boolean_fails_loudly():
    result = run_python(
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings'; django.setup()", DEBUG="maybe"
    )
    assert "DEBUG must be true or false" in result.stderr
