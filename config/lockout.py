"""The page django-axes shows when it refuses a sign-in: when this client may try again."""

import math
from datetime import timedelta

from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Sum
from django.shortcuts import render
from django.utils import timezone

from assessment.accounts import ceiling_lock_ends


def lockout_response(request, original_response, credentials):
    """Refuse with the time every lock on this username and client address surely ends.

    axes' own lock (username and address) ends a cool-off after the last recorded failure; failures
    made during the lock are not recorded (AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT is off), so
    the time stays the same however often the user tries again. The ceilings across addresses
    (assessment/accounts.py) end when their window does.
    """
    now = timezone.now()
    username = get_client_username(request, credentials)
    attempts = AccessAttempt.objects.filter(
        username=username, ip_address=request.axes_ip_address, attempt_time__gte=now - get_cool_off(request)
    ).aggregate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
    candidates = [ceiling_lock_ends(request, credentials)]
    if (attempts["failures"] or 0) >= settings.AXES_FAILURE_LIMIT:
        candidates.append(attempts["last"] + get_cool_off(request))
    ends = max((end for end in candidates if end is not None), default=now + get_cool_off(request))
    # Shown to the minute, so round up: trying at the minute shown must succeed.
    shown = ends.replace(second=0, microsecond=0)
    if shown < ends:
        shown += timedelta(minutes=1)
    context = {"ends": shown, "minutes": max(1, math.ceil((ends - now).total_seconds() / 60))}
    return render(request, "registration/lockout.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)
