"""Settings read from the environment; see docs/deploy.md for every variable.

Defaults suit a developer's machine (SQLite, no DEBUG). Production refuses to
start without a real SECRET_KEY.
"""

import os
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def env_log_level(name: str, default: str) -> str:
    value = os.environ.get(name, "").strip().upper() or default
    if value not in LOG_LEVELS:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(LOG_LEVELS)}, not {os.environ[name]!r}")
    return value


DEBUG = env_bool("DEBUG")
# Under pytest the development key and plain-HTTP cookies are fine.
TESTING = env_bool("TESTING") or "pytest" in sys.modules

# The insecure key lets development, tests and management commands (check,
# makemigrations) run with no set-up; config/wsgi.py refuses to serve with it
# unless DEBUG is on, so production cannot start without a real secret.
INSECURE_DEV_KEY = "insecure-development-key-never-use-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY", "") or INSECURE_DEV_KEY
if SECRET_KEY != INSECURE_DEV_KEY and len(SECRET_KEY) < 32 and not DEBUG:
    raise ImproperlyConfigured("SECRET_KEY must be at least 32 characters long")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Before the admin, as django-modeltranslation asks: it adds the language tabs there.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "csp",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "assessment",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Records the signed-in user as the author of every change a request makes (admin included).
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a refused sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

if not (DEBUG or TESTING):
    # WhiteNoise serves the collected static files; runserver and tests use the finders.
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}

if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # IMMEDIATE takes the write lock at BEGIN, so concurrent saves queue instead of
    # failing with "database is locked"; WAL lets readers go on meanwhile.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

# A shared cache (Redis or Memcached) lets several app servers share drawn charts.
# Sessions get a cache of their own ("sessions"), so that nothing visitors can make the
# default cache hold (pages, charts) ever evicts them; they live in the database as well.
CACHE_URL = os.environ.get("CACHE_URL", "")
CACHE_DIR = os.environ.get("CACHE_DIR", str(BASE_DIR / "var" / "cache"))
if CACHE_URL.startswith("redis://"):
    CACHES = {
        alias: {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL, "KEY_PREFIX": alias}
        for alias in ("default", "sessions")
    }
elif CACHE_URL.startswith("memcached://"):
    CACHES = {
        alias: {
            "BACKEND": "django.core.cache.backends.memcached.PyMemcacheCache",
            "LOCATION": CACHE_URL.removeprefix("memcached://"),
            "KEY_PREFIX": alias,
        }
        for alias in ("default", "sessions")
    }
elif CACHE_URL:
    raise ImproperlyConfigured("CACHE_URL must start with redis:// or memcached://")
elif TESTING:
    CACHES = {
        alias: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": alias}
        for alias in ("default", "sessions")
    }
else:
    # On disk, so that every worker process of one machine shares the drawn charts.
    CACHES = {
        "default": {
            "BACKEND": "config.file_cache.FileCache",
            "LOCATION": CACHE_DIR,
            # Past this many files Django deletes a third of them at random; pages and charts
            # of a few hundred economies stay well below it.
            "OPTIONS": {"MAX_ENTRIES": 20000},
        },
        "sessions": {
            "BACKEND": "config.file_cache.FileCache",
            "LOCATION": str(Path(CACHE_DIR) / "sessions"),
            "OPTIONS": {"MAX_ENTRIES": 100000},
        },
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# django-axes first: it refuses a locked-out username before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Sign-in limits (docs/security.md): the 10th failed sign-in for one username from one client
# address within 15 minutes locks that username for that address only, so nobody elsewhere can
# lock its holder out. The slower ceilings across addresses (per username, per address) are
# assessment/accounts.py's SignInHandler, counted in assessment/request_limits.py.
AXES_FAILURE_LIMIT = 10
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Attempts during a lockout do not push its end back, so the time the lockout page gives holds.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "config.lockout.lockout_response"
AXES_HANDLER = "assessment.accounts.SignInHandler"
# The client's address as the trusted proxy reports it (BEHIND_TLS_PROXY), for locks and limits alike.
AXES_CLIENT_IP_CALLABLE = "assessment.request_limits.client_address"
# Administrators see and lift locks in /admin/ (Access attempts; Request limits).
AXES_ENABLE_ADMIN = True
# django-axes masks the username and address in its log lines by default; a lockout line that does
# not say whose account is locked helps nobody. Passwords stay masked whatever this says.
AXES_SENSITIVE_PARAMETERS = []

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("zh-hant", "繁體中文")]
# Content texts (assessment/translation.py) fall back to English where no translation is stored.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# The Chinese font PDFs use first, cut down to common characters (`make fonts`, scripts/pdf_fonts.py);
# without it PDFs use the full system font, and take 60–70 MB more to make.
PDF_FONTS_DIR = Path(os.environ.get("PDF_FONTS_DIR", BASE_DIR / "var" / "fonts"))
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# In production WhiteNoise serves collected, compressed files with content hashes in their
# names (cached for a year); that needs `manage.py collectstatic` first (docs/deploy.md).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Password resets and workflow e-mails: printed on the console unless an SMTP server is given.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
    # A stalled mail server must not hold a task worker for ever.
    EMAIL_TIMEOUT = 10
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Customs Digital Maturity <noreply@localhost>")
# A failed e-mail is tried again this many seconds later, then later again; after the last it stays
# in the task table as failed, with its message, for an administrator to send again.
EMAIL_RETRY_SECONDS = (60, 300, 1800, 7200, 21600)

# Background work (e-mails, charts and PDFs drawn when the data changes) runs in task workers
# (`manage.py db_worker`, docs/deploy.md) that take it from a table in the database, so one machine
# needs no other server and several worker machines share one queue. Tests run each task at once.
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend" if TESTING else "django_tasks_db.DatabaseBackend"
        ),
    }
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG and not TESTING)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
# Sessions are read from their own cache on every signed-in request and kept in the database
# too, so a cleared or evicted cache signs nobody out.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_CACHE_ALIAS = "sessions"
# Behind a TLS-terminating proxy (docs/deploy.md): trust its X-Forwarded-Proto header, and the
# last address of X-Forwarded-For (the one it appended) as the client's (request_limits.client_address).
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY")
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# HTTPS only in production; plain HTTP on loopback (make bench, make load) turns these off.
HTTPS_ONLY = not (DEBUG or TESTING)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", HTTPS_ONLY)
# A liveness probe may call an app server directly over HTTP; a redirect would fail it.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if HTTPS_ONLY else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", HTTPS_ONLY)
# Preload asks browsers' built-in lists to require HTTPS for the whole domain, which is slow to
# undo; set SECURE_HSTS_PRELOAD=false where the domain's owner has not agreed to that.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", HTTPS_ONLY)
X_FRAME_OPTIONS = "DENY"

# No inline script may run: static/js/app.js wires the few controls that need script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        # Charts are inline SVG carrying <style> elements, and some templates use style attributes.
        "style-src": [SELF, UNSAFE_INLINE],
        # Bootstrap draws its select arrows and menu icon as data: SVG images.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Economies that answered less of the questionnaire than this (percent) are listed but not
# ranked: a rank from a few answers would look certain and mean little (docs/methodology.md).
RANK_MIN_COMPLETENESS = env_int("RANK_MIN_COMPLETENESS", 60)

# The address e-mails link to (no request to take it from when a workflow step sends them).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# One JSON line per record on stderr (config/log_format.py), where gunicorn's own lines go too; under
# systemd, journald keeps them (docs/deploy.md says how to read them). Errors carry their traceback,
# refused requests (4xx) and the warnings of lockouts, refused uploads and throttled resets their
# reason. Other libraries speak only from WARNING up: fontTools alone says a dozen things per PDF.
LOG_LEVEL = env_log_level("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "config.log_format.JsonFormatter"},
        # Tracebacks a developer can read on runserver's console.
        "plain": {"format": "%(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stderr",
            "formatter": "plain" if DEBUG else "json",
        }
    },
    "root": {"handlers": ["stderr"], "level": "WARNING"},
    "loggers": {
        "django": {"handlers": ["stderr"], "level": LOG_LEVEL, "propagate": False},
        "assessment": {"handlers": ["stderr"], "level": LOG_LEVEL, "propagate": False},
        "config": {"handlers": ["stderr"], "level": LOG_LEVEL, "propagate": False},
        # Failures and lockouts are warnings; below that django-axes notes every sign-in and its start-up.
        "axes": {
            "handlers": ["stderr"],
            "level": LOG_LEVEL if LOG_LEVELS.index(LOG_LEVEL) > LOG_LEVELS.index("WARNING") else "WARNING",
            "propagate": False,
        },
    },
}
