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


# The production environment of docs/deploy.md, with a throwaway database.
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "k7Qm2vX9pL4nR8tB1wY6zC3fH5jD0sG7aE2uK9oP4iM1qT6lN8",
    "ALLOWED_HOSTS": "maturity.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://maturity.example.org",
    "BEHIND_TLS_PROXY": "true",
    "DATABASE_URL": "sqlite:///:memory:",
    "EMAIL_HOST": "smtp.example.org",
}


def settings_of(names: str, **environment) -> str:
    """The repr of a tuple of settings, as a fresh process with this environment reads them."""
    return run_python(f"from config import settings as s; print(repr(({names},)))", **environment).stdout.strip()


def test_production_passes_the_deploy_check_without_warnings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={"PATH": os.environ.get("PATH", ""), **PRODUCTION},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


def test_production_without_a_mail_server_is_warned_that_reset_links_would_go_to_the_log():
    environment = {key: value for key, value in PRODUCTION.items() if key != "EMAIL_HOST"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env={"PATH": os.environ.get("PATH", ""), **environment},
        capture_output=True,
        text=True,
    )
    assert "assessment.W001" in result.stdout + result.stderr


def test_production_redirects_to_https_and_sends_hsts_by_default():
    names = "s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS"
    assert settings_of(names, **PRODUCTION) == "(True, 31536000, True)"


def test_plain_http_on_loopback_can_turn_https_off():
    names = "s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS"
    environment = PRODUCTION | {"SECURE_SSL_REDIRECT": "false", "SECURE_HSTS_SECONDS": "0"}
    assert settings_of(names, **environment) == "(False, 0)"


def test_a_bad_number_fails_loudly():
    result = run_python("import config.settings", SECURE_HSTS_SECONDS="a year")
    assert "SECURE_HSTS_SECONDS must be a whole number" in result.stderr


def test_email_goes_to_the_console_without_an_smtp_host():
    assert settings_of("s.EMAIL_BACKEND") == "('django.core.mail.backends.console.EmailBackend',)"


def test_an_smtp_host_sends_email_with_tls_on_port_587():
    names = "s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_USE_TLS"
    assert settings_of(names, EMAIL_HOST="smtp.example.org") == (
        "('django.core.mail.backends.smtp.EmailBackend', 'smtp.example.org', 587, True)"
    )


def test_the_app_logs_from_info_up_by_default():
    assert settings_of("s.LOGGING['loggers']['django']['level']", **PRODUCTION) == "('INFO',)"


def test_the_log_level_comes_from_the_environment():
    names = "s.LOGGING['loggers']['assessment']['level'], s.LOGGING['loggers']['axes']['level']"
    assert settings_of(names, **PRODUCTION, LOG_LEVEL="error") == "('ERROR', 'ERROR')"


def test_a_bad_log_level_fails_loudly():
    result = run_python("import config.settings", LOG_LEVEL="verbose")
    assert "LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL, not 'verbose'" in result.stderr


def test_production_logs_json_lines_to_stderr():
    names = "s.LOGGING['handlers']['stderr']['stream'], s.LOGGING['handlers']['stderr']['formatter']"
    assert settings_of(names, **PRODUCTION) == "('ext://sys.stderr', 'json')"
