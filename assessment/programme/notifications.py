"""E-mails of the programme: the invitation when a cycle opens and the reminders before and after
its due date, to the focal points of each economy concerned. Written and sent as the workflow
e-mails are (answers/notifications.py): both languages in one e-mail, links to SITE_URL, the same
sending function, so that whatever carries those (a background worker) carries these too."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from ..answers import notifications

# The step names of reminders, as stored in Reminder.step, and what each e-mail says.
BEFORE_DUE = {"14-days": 14, "3-days": 3}


def _home_link() -> str:
    return settings.SITE_URL.rstrip("/") + reverse("home")


def _members(economy):
    return economy.members.filter(is_active=True).exclude(email="")


def invitation(cycle, economy) -> int:
    def compose():
        due = formats.date_format(cycle.due_on, "DATE_FORMAT")
        subject = _("Customs digitalization self-assessment %(year)s is open") % {"year": cycle.year}
        lines = [
            _(
                "The %(year)s cycle of the customs digitalization maturity self-assessment is open for "
                "%(economy)s. Please answer and submit the questionnaire by %(due)s:"
            )
            % {"year": cycle.year, "economy": economy.local_name, "due": due},
            _home_link(),
        ]
        lines += [cycle.note] if cycle.note else []
        return subject, "\n\n".join(lines)

    return notifications._send(*notifications._in_both_languages(compose), _members(economy))


def reminder(cycle, economy, step: str) -> int:
    def compose():
        due = formats.date_format(cycle.due_on, "DATE_FORMAT")
        if step in BEFORE_DUE:
            subject = _("Reminder: self-assessment %(year)s due on %(due)s") % {"year": cycle.year, "due": due}
            text = _("The assessment of %(economy)s for %(year)s is due on %(due)s and has not been submitted yet.")
        else:
            subject = _("Overdue: self-assessment %(year)s was due on %(due)s") % {"year": cycle.year, "due": due}
            text = _(
                "The assessment of %(economy)s for %(year)s was due on %(due)s and has not been submitted yet. "
                "It is still accepted, marked late."
            )
        body = text % {"economy": economy.local_name, "year": cycle.year, "due": due}
        return subject, body + "\n\n" + _home_link()

    return notifications._send(*notifications._in_both_languages(compose), _members(economy))
