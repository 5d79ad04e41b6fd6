"""E-mails to the people a workflow step concerns: reviewers when an assessment is submitted, its
focal points when it is returned or validated. Sent through the configured backend (the console
unless EMAIL_HOST is set); a failing mail server never undoes the step, which is already committed."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.mail import send_mass_mail
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def reviewers():
    permission = Permission.objects.get(content_type__app_label="assessment", codename="review_assessment")
    return (
        get_user_model()
        .objects.filter(Q(groups__permissions=permission) | Q(user_permissions=permission) | Q(is_superuser=True))
        .filter(is_active=True)
        .exclude(email="")
        .distinct()
    )


def focal_points(assessment):
    return assessment.economy.members.filter(is_active=True).exclude(email="")


def _link(assessment) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("profile", args=[assessment.pk])


def _send(subject: str, body: str, recipients) -> int:
    addresses = sorted({user.email for user in recipients})
    if not addresses:
        return 0
    messages = [(subject, body, None, [address]) for address in addresses]
    try:
        return send_mass_mail(messages, fail_silently=False)
    except OSError:
        logger.exception("could not send %r", subject)
        return 0


def submitted(assessment) -> int:
    subject = _("Submitted for review: %(assessment)s") % {"assessment": assessment}
    body = _(
        "%(assessment)s was submitted for review. Read it, then return it with comments or validate it:\n%(link)s"
    ) % {
        "assessment": assessment,
        "link": _link(assessment),
    }
    return _send(subject, body, reviewers().exclude(economies=assessment.economy))


def returned(assessment, review) -> int:
    subject = _("Returned for changes: %(assessment)s") % {"assessment": assessment}
    lines = [
        _("%(reviewer)s returned %(assessment)s for changes.") % {"reviewer": review.reviewer, "assessment": assessment}
    ]
    if review.comment:
        lines.append(review.comment)
    lines += [f"{note.indicator.code}: {note.text}" for note in review.indicator_comments.select_related("indicator")]
    lines.append(_("Answer the comments, then submit again:") + "\n" + _link(assessment))
    return _send(subject, "\n\n".join(lines), focal_points(assessment))


def validated(assessment, review) -> int:
    subject = _("Validated and published: %(assessment)s") % {"assessment": assessment}
    body = _("%(reviewer)s validated %(assessment)s. Its profile is now public:\n%(link)s") % {
        "reviewer": review.reviewer,
        "assessment": assessment,
        "link": _link(assessment),
    }
    if review.comment:
        body += "\n\n" + review.comment
    return _send(subject, body, focal_points(assessment))
