"""The page django-axes shows when it refuses a sign-in: when the account may try again."""

import math
from datetime import timedelta

from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max
from django.shortcuts import render
from django.utils import timezone


def lockout_response(request, original_response, credentials):
    """Refuse with the time the lock surely ends: the last recorded failure plus the cool-off.

    Failures made during the lock are not recorded (AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT
    is off), so the time stays the same however often the user tries again.
    """
    now = timezone.now()
    username = get_client_username(request, credentials)
    last_failure = AccessAttempt.objects.filter(username=username).aggregate(last=Max("attempt_time"))["last"]
    ends = (last_failure or now) + get_cool_off(request)
    # Shown to the minute, so round up: trying at the minute shown must succeed.
    shown = ends.replace(second=0, microsecond=0)
    if shown < ends:
        shown += timedelta(minutes=1)
    context = {"ends": shown, "minutes": max(1, math.ceil((ends - now).total_seconds() / 60))}
    return render(request, "registration/lockout.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)
