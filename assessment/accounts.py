"""Limits on password resets and sign-ins that hold behind the proxy and cannot lock a person out.

Password reset: each client address may ask RESET_PER_CLIENT times, each e-mail address gets at most
RESET_PER_ADDRESS e-mails, and the whole site sends at most RESET_SITE_WIDE, each in an hour; reaching
the site-wide ceiling is logged as an error for the administrators. The page shown is the same in
every case, as it is for an unknown address, so it says nothing about accounts or limits.

Sign-in: django-axes locks a username for the client address that failed (settings.AXES_*); on top,
SignInHandler keeps two slower ceilings across addresses, per username and per client address, which
never lock a username at an address it signed in from lately. The account holder is e-mailed when
their account is locked. The figures and their trade-off: docs/security.md.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessLog
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.template import loader
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from . import outbox, permissions
from .request_limits import Limit, client_address, locked_until, subject_of, take

logger = logging.getLogger(__name__)

HOUR = timedelta(hours=1)
RESET_PER_CLIENT = Limit("reset:client", 10, HOUR)
RESET_PER_ADDRESS = Limit("reset:address", 3, HOUR)
# Far above what the site's few hundred accounts ever ask for in an hour; only many client
# addresses together reach it, and then the administrators must hear of it.
RESET_SITE_WIDE = Limit("reset:site", 200, HOUR)

# A username failing 50 times in a day, from any addresses, is locked for an hour everywhere except
# where it signed in lately; one address failing 100 times in an hour, whatever the usernames, is
# locked for the rest of that hour. axes' own lock (10 per 15 minutes per username and address)
# comes first.
SIGN_IN_PER_USERNAME = Limit("sign-in:username", 50, timedelta(hours=24), lock=HOUR)
SIGN_IN_PER_CLIENT = Limit("sign-in:client", 100, HOUR)
# Signed in from an address this recently: the ceilings above never lock the username there.
KNOWN_ADDRESS_DAYS = 30
# One e-mail to the holder per lock, and at most one every 6 hours however often it is locked.
LOCK_NOTICE = Limit("sign-in:lock-notice", 1, timedelta(hours=6))


class ThrottledPasswordResetForm(PasswordResetForm):
    def save(self, *args, request=None, **kwargs):
        address = self.cleaned_data["email"].strip().lower()
        client = (client_address(request) if request is not None else None) or "unknown"
        if reset_allowed(address, client):
            super().save(*args, request=request, **kwargs)

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs):
        """Queued for the task worker: the request takes as long whether or not the address has an account."""
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        outbox.send_later(subject, loader.render_to_string(email_template_name, context), [to_email])


def reset_allowed(address: str, client: str) -> bool:
    """Whether one more reset e-mail may go out. A request refused by one limit is not counted by the next."""
    if not take(RESET_PER_CLIENT, client):
        logger.warning("password reset not sent: too many requests from this client address")
        return False
    if not take(RESET_PER_ADDRESS, subject_of(address)):
        logger.warning("password reset not sent: too many requests for this e-mail address")
        return False
    if not take(RESET_SITE_WIDE, "all"):
        logger.error(
            "password reset site-wide ceiling reached: %d reset requests within the hour; "
            "no reset e-mail is sent until the hour is over",
            RESET_SITE_WIDE.requests,
        )
        return False
    return True


def username_subject(username: str) -> str:
    return username if len(username) <= 150 else subject_of(username)


class SignInHandler(AxesDatabaseHandler):
    """axes' database handler, plus the per-username and per-address ceilings across addresses."""

    def is_locked(self, request, credentials=None) -> bool:
        return super().is_locked(request, credentials) or ceiling_lock_ends(request, credentials) is not None

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        # A sign-in refused by a lock checked no password: it is not counted again.
        refused = getattr(request, "axes_locked_out", False)
        super().user_login_failed(sender, credentials, request=request, **kwargs)
        if request is None or refused:
            return
        username = get_client_username(request, credentials) or ""
        take(SIGN_IN_PER_USERNAME, username_subject(username))
        if request.axes_ip_address:
            take(SIGN_IN_PER_CLIENT, request.axes_ip_address)
        if not request.axes_locked_out and ceiling_lock_ends(request, credentials) is not None:
            logger.warning("sign-in ceiling reached for a username or a client address")
            request.axes_locked_out = True
            request.axes_credentials = credentials
            user_locked_out.send("axes", request=request, username=username, ip_address=request.axes_ip_address)


def ceiling_lock_ends(request, credentials=None):
    """When the ceilings across addresses stop refusing this username at this address; None if they don't."""
    username = get_client_username(request, credentials) or ""
    address = request.axes_ip_address
    limits = {SIGN_IN_PER_USERNAME: username_subject(username)}
    if address:
        limits[SIGN_IN_PER_CLIENT] = address
    ends = locked_until(limits)
    if ends is None or _signed_in_lately(username, address):
        return None
    return ends


def _signed_in_lately(username: str, address: str | None) -> bool:
    since = timezone.now() - timedelta(days=KNOWN_ADDRESS_DAYS)
    return AccessLog.objects.filter(username=username, ip_address=address, attempt_time__gte=since).exists()


def notify_holder_of_lock(sender, request, username, ip_address, **kwargs):
    """E-mail the holder of a locked account, in English and Chinese, from the task worker.

    Queued, so that the locked-out client cannot tell by the response time whether the username has
    an account (the SMTP exchange takes longer than the page).
    """
    if not username or not take(LOCK_NOTICE, username_subject(username)):
        return
    user_model = get_user_model()
    holder = user_model._default_manager.filter(**{user_model.USERNAME_FIELD: username}, is_active=True).first()
    if holder is None or not holder.email:
        return
    outbox.send_later(*_lock_notice(username, ip_address), [holder.email])


def _lock_notice(username: str, address: str | None) -> tuple[str, str]:
    site = settings.SITE_URL.rstrip("/")
    parts = []
    for language in ("en", "zh-hant"):
        with translation.override(language):
            subject = _("Sign-ins to your account were refused")
            body = _(
                "There were too many failed sign-ins to your account %(username)s, the last at %(time)s UTC "
                "from the address %(address)s, so sign-ins are refused there for a while.\n\n"
                "If it was you, wait, or choose a new password: %(reset)s\n"
                "If it was not you, someone is guessing your password; a strong password keeps them out. "
                "You can still sign in from where you usually do, and an administrator can lift the lock."
            ) % {
                "username": username,
                "time": timezone.now().strftime("%Y-%m-%d %H:%M"),
                "address": address or "?",
                "reset": site + reverse("password_reset"),
            }
            parts.append((subject, body))
    subject = " / ".join(dict.fromkeys(subject for subject, _body in parts))
    return subject, "\n\n————\n\n".join(body for _subject, body in parts)


MENU_CYCLES = "menu_cycles"  # the session key: [user's pk, whether the menu offers the cycles]


def remember_menu(sender, request, user, **kwargs) -> None:
    """Receiver of user_logged_in: whether the site menu offers the cycles, kept in the session so that
    no page reads the user's permissions (two queries) for a link. It follows a change of permissions
    at the next sign-in; the cycles pages check on every request, the home page's card at once."""
    request.session[MENU_CYCLES] = [user.pk, permissions.can_manage_cycles(user)]


def menu_offers_cycles(request) -> bool:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    memo = request.session.get(MENU_CYCLES)
    if not memo or memo[0] != user.pk:  # a session from before this memo, or another user's
        remember_menu(None, request, user)
        memo = request.session[MENU_CYCLES]
    return memo[1]
