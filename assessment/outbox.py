"""E-mails sent by the task worker, never while a request waits, and tried again when sending fails.

`send_later` queues one message per recipient: the request that asks for it returns as soon as the
task row is written, whatever the mail server's speed, so that neither a slow server nor the
difference between sending and not sending (password resets) shows in the response time.
A send that fails (the mail server down, refusing, timing out) is logged, recorded as a failed
task with its message, and queued again after settings.EMAIL_RETRY_SECONDS[attempt - 1]; after
the last delay the failed task row keeps the message for an administrator (docs/deploy.md).
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)


def send_later(subject: str, body: str, addresses) -> int:
    """Queue the message for each address (one e-mail each, so no recipient sees another); their number."""
    addresses = sorted(set(addresses))
    for address in addresses:
        deliver.enqueue(subject=subject, body=body, to=address)
    return len(addresses)


@task()
def deliver(*, subject: str, body: str, to: str, attempt: int = 1) -> None:
    try:
        EmailMessage(subject, body, to=[to]).send()
    except OSError:  # smtplib's errors, refused connections and timeouts are all OSErrors
        delays = settings.EMAIL_RETRY_SECONDS
        if attempt > len(delays):
            logger.exception("gave up sending %r after %d attempts; the failed task keeps it", subject, attempt)
            raise
        logger.exception("could not send %r (attempt %d); trying again in %d s", subject, attempt, delays[attempt - 1])
        again = deliver
        if deliver.get_backend().supports_defer:
            again = deliver.using(run_after=timezone.now() + timedelta(seconds=delays[attempt - 1]))
        again.enqueue(subject=subject, body=body, to=to, attempt=attempt + 1)
        raise
