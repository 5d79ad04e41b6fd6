"""Password reset that cannot be used to flood a mailbox or the mail server.

Each address is sent at most RESET_LIMITS["address"] e-mails and each client may ask at most
RESET_LIMITS["client"] times in a window; beyond that nothing is sent. The page shown is the
same either way, as it is for an unknown address, so it says nothing about accounts or limits.
"""

from __future__ import annotations

import hashlib
import logging
import time

from axes.helpers import get_client_ip_address
from django.contrib.auth.forms import PasswordResetForm
from django.core.cache import cache

logger = logging.getLogger(__name__)

# (requests, seconds): how many in how long a window, counted from the first.
RESET_LIMITS = {"address": (3, 60 * 60), "client": (10, 60 * 60)}


class ThrottledPasswordResetForm(PasswordResetForm):
    def save(self, *args, request=None, **kwargs):
        address = self.cleaned_data["email"].strip().lower()
        client = get_client_ip_address(request) if request is not None else ""
        if not reset_allowed(address, client):
            logger.warning("password reset not sent: too many requests for this address or client")
            return
        super().save(*args, request=request, **kwargs)


def reset_allowed(address: str, client: str) -> bool:
    """Whether one more reset e-mail may go out; every request counts, sent or not."""
    digest = hashlib.sha256(address.encode()).hexdigest()
    taken = [
        _take(f"password-reset:address:{digest}", *RESET_LIMITS["address"]),
        _take(f"password-reset:client:{client}", *RESET_LIMITS["client"]),
    ]
    return all(taken)


def _take(key: str, limit: int, seconds: int) -> bool:
    now = time.time()
    count, window_ends = cache.get(key) or (0, now + seconds)
    if count >= limit:
        return False
    cache.set(key, (count + 1, window_ends), max(1, int(window_ends - now)))
    return True
