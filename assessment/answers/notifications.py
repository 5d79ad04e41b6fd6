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
from django.utils import formats, translation
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


def _link(assessment, page: str = "profile") -> str:
    return settings.SITE_URL.rstrip("/") + reverse(page, args=[assessment.pk])


def _label(assessment) -> str:
    """ "中華臺北 2025 v2" in Chinese, "Chinese Taipei 2025 v2" in English: for the active language."""
    version = f" v{assessment.version}" if assessment.version > 1 else ""
    return f"{assessment.economy.local_name} {assessment.cycle}{version}"


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
        subject = _("Submitted for review: %(assessment)s") % {"assessment": _label(assessment)}
        body = _(
            "%(assessment)s was submitted for review. Read it, then return it with comments or validate it:\n%(link)s"
        ) % {"assessment": _label(assessment), "link": _link(assessment, "decide")}
        return subject, body

    return _send(*_in_both_languages(compose), reviewers_for(assessment))


def reviewers_for(assessment):
    """The reviewer the secretariat assigned to the economy for the cycle, or else every reviewer
    (never one who answers for the economy)."""
    candidates = reviewers().exclude(economies=assessment.economy)
    assigned = candidates.filter(
        review_assignments__cycle_id=assessment.programme_cycle_id, review_assignments__economy=assessment.economy_id
    )
    return assigned if assigned.exists() else candidates


def returned(assessment, review) -> int:
    notes = [f"{note.indicator.code}: {note.text}" for note in review.indicator_comments.select_related("indicator")]

    def compose():
        subject = _("Returned for changes: %(assessment)s") % {"assessment": _label(assessment)}
        lines = [
            _("%(reviewer)s returned %(assessment)s for changes.")
            % {"reviewer": review.reviewer, "assessment": _label(assessment)}
        ]
        lines += [review.comment] if review.comment else []
        lines += notes
        lines.append(_("Answer the comments, then submit again:") + "\n" + _link(assessment))
        return subject, "\n\n".join(lines)

    return _send(*_in_both_languages(compose), focal_points(assessment))


def validated(assessment, review) -> int:
    def compose():
        subject = _("Validated and published: %(assessment)s") % {"assessment": _label(assessment)}
        body = _("%(reviewer)s validated %(assessment)s. Its profile is now public:\n%(link)s") % {
            "reviewer": review.reviewer,
            "assessment": _label(assessment),
            "link": _link(assessment),
        }
        if not assessment.is_public:  # its cycle publishes its results together, later (issue 25)
            subject = _("Validated: %(assessment)s") % {"assessment": assessment}
            body = _(
                "%(reviewer)s validated %(assessment)s. Its profile becomes public on %(date)s, with the "
                "cycle's other results:\n%(link)s"
            ) % {
                "reviewer": review.reviewer,
                "assessment": assessment,
                "date": formats.date_format(assessment.public_from, "DATE_FORMAT"),
                "link": _link(assessment),
            }
        return subject, body + ("\n\n" + review.comment if review.comment else "")

    return _send(*_in_both_languages(compose), focal_points(assessment))
