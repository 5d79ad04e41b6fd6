"""An assessment's history: every change of an answer, of its status and every review comment,
with who and when and by which channel, read from the records django-simple-history keeps for
each model; a copy of answers (a correction, a carried-forward cycle) is one event, and opening a
correction and its supersession show in both versions' histories."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ..models import Answer, Assessment, IndicatorComment, Review
from . import services

ANSWER_FIELDS = {
    "value": _("answer"),
    "evidence": _("evidence"),
    "evidence_link": _("evidence link"),
    "comment": _("comment"),
    "carried_from": _("carried forward from"),
}

CHANNELS = {
    services.QUESTIONNAIRE: _("questionnaire"),
    services.WORKBOOK: _("workbook"),
    services.ANSWER_FILE: _("answer file"),
    services.ADMIN: _("admin"),
    services.COPY: _("copy"),
}


@dataclass(frozen=True)
class Change:
    when: datetime
    who: str  # the username, or "" for a command or a data migration
    indicator: str  # the indicator code, or "" for the assessment as a whole
    field: str
    old: str
    new: str
    is_answer_value: bool = False  # shown by its label ("Don't know"), kept as its code (dk) in JSON
    channel: str = ""  # how it came: a key of CHANNELS, or "" (a command, or not an answer)
    copied: tuple = ()  # a copy's answers, one Change each

    @property
    def channel_shown(self) -> str:
        return str(CHANNELS.get(self.channel, ""))

    @property
    def old_shown(self) -> str:
        return _value_label(self.old) if self.is_answer_value else self.old

    @property
    def new_shown(self) -> str:
        return _value_label(self.new) if self.is_answer_value else self.new

    def as_dict(self) -> dict:
        return {
            "when": self.when.isoformat(),
            "who": self.who,
            "indicator": self.indicator or None,
            "field": self.field,
            "old": self.old,
            "new": self.new,
            "channel": self.channel or None,
        } | ({"copied": [change.as_dict() for change in self.copied]} if self.copied else {})


def _who(record) -> str:
    return record.history_user.get_username() if record.history_user else ""


def _value_label(code: str) -> str:
    return str(dict(Answer.VALUE_CHOICES).get(code, code))


def _text(value) -> str:
    return "" if value is None else str(value)


def changes(assessment: Assessment, indicator: str | None = None) -> list[Change]:
    """Every change, newest first; only those of one indicator when `indicator` is given."""
    found = _answer_changes(assessment, indicator) + _comment_changes(assessment, indicator)
    if not indicator:
        found += _status_changes(assessment) + _review_changes(assessment) + _version_changes(assessment)
    return sorted(found, key=lambda change: change.when, reverse=True)


def _answer_changes(assessment: Assessment, indicator: str | None) -> list[Change]:
    records = Answer.history.filter(assessment_id=assessment.pk).select_related("history_user", "indicator")
    if indicator:
        records = records.filter(indicator__code=indicator)
    found, previous, copies = [], {}, {}
    for record in records.order_by("history_date", "history_id"):
        before = previous.get(record.id)
        reason = record.history_change_reason or ""
        channel = services.COPY if reason.startswith(services.COPY + ":") else reason
        for field, label in ANSWER_FIELDS.items():
            old = _text(getattr(before, field)) if before else ""
            new = _text(getattr(record, field))
            if old != new:
                change = Change(
                    record.history_date,
                    _who(record),
                    record.indicator.code,
                    str(label),
                    old,
                    new,
                    is_answer_value=field == "value",
                    channel=channel,
                )
                if channel == services.COPY:
                    copies.setdefault((record.history_date, reason, change.who), []).append(change)
                else:
                    found.append(change)
        previous[record.id] = record
    return found + [_copy_event(assessment, key, copied) for key, copied in copies.items()]


def _copy_event(assessment: Assessment, key, copied: list[Change]) -> Change:
    """A copy of answers as one event: "32 answers copied from version 1"."""
    when, reason, who = key
    _copy, cycle, version = (reason.split(":") + ["", ""])[:3]
    answers = len({change.indicator for change in copied})
    if cycle == str(assessment.cycle):
        source = _("version %(version)s") % {"version": version}
    else:
        source = _("%(cycle)s, version %(version)s") % {"cycle": cycle, "version": version}
    text = ngettext("%(count)s answer copied from %(source)s", "%(count)s answers copied from %(source)s", answers) % {
        "count": answers,
        "source": source,
    }
    return Change(when, who, "", str(_("answers copied")), "", text, channel=services.COPY, copied=tuple(copied))


def _version_changes(assessment: Assessment) -> list[Change]:
    """Opening a correction and the supersession it brings, in the corrected version's history and its own."""
    found = []
    corrections = Assessment.objects.filter(supersedes=assessment).select_related("created_by", "validated_by")
    for correction in corrections:
        reason = correction.correction_reason or "—"
        found.append(
            _event(
                correction.created_at,
                correction.created_by,
                _("correction opened"),
                _("version %(version)s: %(reason)s") % {"version": correction.version, "reason": reason},
            )
        )
        if correction.status == Assessment.Status.VALIDATED and correction.validated_at:
            found.append(
                _event(
                    correction.validated_at,
                    correction.validated_by,
                    _("superseded"),
                    _("by version %(version)s") % {"version": correction.version},
                )
            )
    corrected = assessment.supersedes if assessment.supersedes_id else None
    if corrected is not None:
        reason = assessment.correction_reason or "—"
        found.append(
            _event(
                assessment.created_at,
                assessment.created_by,
                _("opened as a correction"),
                _("of version %(version)s: %(reason)s") % {"version": corrected.version, "reason": reason},
            )
        )
        if assessment.status == Assessment.Status.VALIDATED and assessment.validated_at:
            found.append(
                _event(
                    assessment.validated_at,
                    assessment.validated_by,
                    _("supersedes"),
                    _("version %(version)s") % {"version": corrected.version},
                )
            )
    return found


def _event(when: datetime, user, what, text: str) -> Change:
    """A change of the assessment as a whole, made by `user` (None for a command): `what` happened, told by `text`."""
    return Change(when, _user(user), "", str(what), "", text)


def _user(user) -> str:
    return user.get_username() if user else ""


def _status_changes(assessment: Assessment) -> list[Change]:
    found, before = [], None
    records = Assessment.history.filter(id=assessment.pk).select_related("history_user")
    for record in records.order_by("history_date", "history_id"):
        old = before.get_status_display() if before else ""
        if old != record.get_status_display():
            found.append(
                Change(record.history_date, _who(record), "", str(_("status")), old, record.get_status_display())
            )
        before = record
    return found


def _review_changes(assessment: Assessment) -> list[Change]:
    records = Review.history.filter(assessment_id=assessment.pk, history_type="+").select_related("history_user")
    return [
        Change(
            record.history_date,
            _who(record),
            "",
            str(_("review: %(decision)s") % {"decision": record.get_decision_display()}),
            "",
            record.comment,
        )
        for record in records
    ]


def _comment_changes(assessment: Assessment, indicator: str | None) -> list[Change]:
    review_ids = Review.objects.filter(assessment=assessment).values("pk")
    records = IndicatorComment.history.filter(review_id__in=review_ids).select_related("history_user", "indicator")
    if indicator:
        records = records.filter(indicator__code=indicator)
    found, addressed = [], {}
    for record in records.order_by("history_date", "history_id"):
        code = record.indicator.code
        was_addressed = addressed.get(record.id, False)
        if record.history_type == "+":
            found.append(Change(record.history_date, _who(record), code, str(_("reviewer's comment")), "", record.text))
        elif record.addressed_at and record.history_type == "~" and not was_addressed:
            how = _("answer changed") if record.addressed_by_change else _("marked addressed, answer unchanged")
            note = f"{how}: {record.addressed_note}" if record.addressed_note else str(how)
            found.append(Change(record.history_date, _who(record), code, str(_("comment addressed")), "", note))
        elif not record.addressed_at and record.history_type == "~" and was_addressed:
            found.append(Change(record.history_date, _who(record), code, str(_("comment reopened")), "", record.text))
        addressed[record.id] = bool(record.addressed_at)
    return found
