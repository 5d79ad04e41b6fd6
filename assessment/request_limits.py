"""Request limits: how many requests of one kind may come in a window, counted in a database table.

The table (models.RequestCount) is shared by every worker process and app server, no cache
eviction can empty it, and a request is counted by one conditional UPDATE, so that two processes
can never both take the last request a limit allows. A window starts with its first request and
ends a fixed time later; rows of ended windows are deleted whenever a new window starts.

Also here: the one rule for a request's client address, which the limits and django-axes share.
"""

from __future__ import annotations

import hashlib
import ipaddress
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Case, DateTimeField, F, Value, When
from django.db.models.functions import Least
from django.utils import timezone

from .models import RequestCount


@dataclass(frozen=True)
class Limit:
    """At most `requests` requests in `window`. With `lock`, the request that reaches the limit
    ends the window `lock` after it (when that is sooner), so a slow ceiling locks for a short while."""

    name: str
    requests: int
    window: timedelta
    lock: timedelta | None = None


def client_address(request) -> str | None:
    """The client's address: REMOTE_ADDR, or, behind the TLS proxy (BEHIND_TLS_PROXY), the last address
    of X-Forwarded-For, the one the proxy itself appended (nginx's $proxy_add_x_forwarded_for).

    Addresses before the last are whatever the client sent and prove nothing. A last hop that is not
    an address falls back to REMOTE_ADDR (the proxy's), which only ever makes limits stricter.
    django-axes uses this too (AXES_CLIENT_IP_CALLABLE).
    """
    remote = request.META.get("REMOTE_ADDR") or None
    if settings.BEHIND_TLS_PROXY:
        last_hop = request.META.get("HTTP_X_FORWARDED_FOR", "").rsplit(",", 1)[-1].strip()
        try:
            return str(ipaddress.ip_address(last_hop))
        except ValueError:
            pass
    return remote


def subject_of(text: str) -> str:
    """A key part for a text that is private (an e-mail address) or may be long: its SHA-256."""
    return hashlib.sha256(text.encode()).hexdigest()


def take(limit: Limit, subject: str) -> bool:
    """Count one request of `subject` against `limit`; False, counting nothing, when the limit is reached."""
    key = f"{limit.name}:{subject}"
    now = timezone.now()
    # Twice at most: a window can end, or be deleted, between the first UPDATE and what follows.
    for _ in range(2):
        if _increment(key, limit, now):
            return True
        window_ends = RequestCount.objects.filter(key=key).values_list("window_ends", flat=True).first()
        if window_ends is None:
            if _start(key, limit, now):
                return True
        elif window_ends <= now:
            if RequestCount.objects.filter(key=key, window_ends__lte=now).update(
                count=1, window_ends=_first_window_ends(limit, now)
            ):
                return True
        else:
            return False
    return False


def locked_until(limits: dict[Limit, str]) -> datetime | None:
    """When the last of the reached limits among `limits` (limit: subject) ends; None if none is reached."""
    requests = {f"{limit.name}:{subject}": limit.requests for limit, subject in limits.items()}
    rows = RequestCount.objects.filter(key__in=requests, window_ends__gt=timezone.now())
    ends = [row.window_ends for row in rows if row.count >= requests[row.key]]
    return max(ends, default=None)


def forget(limit: Limit, subject: str) -> int:
    """Lift `limit` for `subject` at once (an administrator unlocking an account)."""
    return RequestCount.objects.filter(key=f"{limit.name}:{subject}").delete()[0]


def _increment(key: str, limit: Limit, now: datetime) -> bool:
    """The one UPDATE: +1 while the window is open and below the limit, in a single statement."""
    window_ends = F("window_ends")
    if limit.lock is not None:
        # SET reads the row as it was: count = requests - 1 means this request reaches the limit.
        lock_ends = Value(now + limit.lock, output_field=DateTimeField())
        window_ends = Case(When(count=limit.requests - 1, then=Least(F("window_ends"), lock_ends)), default=window_ends)
    counted = RequestCount.objects.filter(key=key, window_ends__gt=now, count__lt=limit.requests).update(
        count=F("count") + 1, window_ends=window_ends
    )
    return counted == 1


def _start(key: str, limit: Limit, now: datetime) -> bool:
    try:
        with transaction.atomic():
            RequestCount.objects.create(key=key, count=1, window_ends=_first_window_ends(limit, now))
    except IntegrityError:
        return False  # another process started this window at the same moment
    RequestCount.objects.filter(window_ends__lte=now).delete()
    return True


def _first_window_ends(limit: Limit, now: datetime) -> datetime:
    if limit.lock is not None and limit.requests == 1:
        return now + min(limit.window, limit.lock)
    return now + limit.window
