"""Repository-wide pytest set-up."""

from django.conf import settings


def pytest_report_header(config):
    return f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}"
