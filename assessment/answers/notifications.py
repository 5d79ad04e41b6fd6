"""E-mails to the people a workflow step concerns: reviewers when an assessment is submitted, its
focal points when it is returned or validated. Composed once the step is committed and queued for
the task worker (outbox.py), which sends them through the configured backend (the console unless
EMAIL_HOST is set) and tries again when the mail server fails; the step never waits for it."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from .. import outbox


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


def _in_both_languages(compose) -> tuple[str, str]:
    """(subject, body) composed in English and in Traditional Chinese: recipients read either."""
    parts = []
    for language in ("en", "zh-hant"):
        with translation.override(language):
            parts.append(compose())
    subject = " / ".join(dict.fromkeys(subject for subject, _body in parts))
    return subject, "\n\n————\n\n".join(body for _subject, body in parts)


def _send(subject: str, body: str, recipients) -> int:
    return outbox.send_later(subject, body, [user.email for user in recipients])


def submitted(assessment) -> int:
    def compose():
        subject = _("Submitted for review: %(assessment)s") % {"assessment": assessment}
        body = _(
            "%(assessment)s was submitted for review. Read it, then return it with comments or validate it:\n%(link)s"
        ) % {"assessment": assessment, "link": _link(assessment)}
        return subject, body

    return _send(*_in_both_languages(compose), reviewers().exclude(economies=assessment.economy))


def returned(assessment, review) -> int:
    notes = [f"{note.indicator.code}: {note.text}" for note in review.indicator_comments.select_related("indicator")]

    def compose():
        subject = _("Returned for changes: %(assessment)s") % {"assessment": assessment}
        lines = [
            _("%(reviewer)s returned %(assessment)s for changes.")
            % {"reviewer": review.reviewer, "assessment": assessment}
        ]
        lines += [review.comment] if review.comment else []
        lines += notes
        lines.append(_("Answer the comments, then submit again:") + "\n" + _link(assessment))
        return subject, "\n\n".join(lines)

    return _send(*_in_both_languages(compose), focal_points(assessment))


def validated(assessment, review) -> int:
    def compose():
        subject = _("Validated and published: %(assessment)s") % {"assessment": assessment}
        body = _("%(reviewer)s validated %(assessment)s. Its profile is now public:\n%(link)s") % {
            "reviewer": review.reviewer,
            "assessment": assessment,
            "link": _link(assessment),
        }
        return subject, body + ("\n\n" + review.comment if review.comment else "")

    return _send(*_in_both_languages(compose), focal_points(assessment))
