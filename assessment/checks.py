"""What `manage.py check --deploy` adds for this app."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

CONSOLE_EMAIL = "django.core.mail.backends.console.EmailBackend"


@register(Tags.security, deploy=True)
def email_is_sent(app_configs, **kwargs):
    """Without a mail server, e-mails go to the server's log: password-reset links with them."""
    if settings.DEBUG or settings.EMAIL_BACKEND != CONSOLE_EMAIL:
        return []
    return [
        Warning(
            "E-mails, password-reset links included, are written to the server's log instead of being sent.",
            hint="Set EMAIL_HOST (and EMAIL_HOST_USER, EMAIL_HOST_PASSWORD): see docs/deploy.md.",
            id="assessment.W001",
        )
    ]
