"""An assessment's history: every change of an answer, of its status and every review comment,
with who and when, read from the records django-simple-history keeps for each model."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext_lazy as _

from ..models import Answer, Assessment, IndicatorComment, Review

ANSWER_FIELDS = {
    "value": _("answer"),
    "evidence": _("evidence"),
    "evidence_link": _("evidence link"),
    "comment": _("comment"),
    "carried_from": _("carried forward from"),
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
        }


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
        found += _status_changes(assessment) + _review_changes(assessment)
    return sorted(found, key=lambda change: change.when, reverse=True)


def _answer_changes(assessment: Assessment, indicator: str | None) -> list[Change]:
    records = Answer.history.filter(assessment_id=assessment.pk).select_related("history_user", "indicator")
    if indicator:
        records = records.filter(indicator__code=indicator)
    found, previous = [], {}
    for record in records.order_by("history_date", "history_id"):
        before = previous.get(record.id)
        for field, label in ANSWER_FIELDS.items():
            old = _text(getattr(before, field)) if before else ""
            new = _text(getattr(record, field))
            if old != new:
                found.append(
                    Change(
                        record.history_date,
                        _who(record),
                        record.indicator.code,
                        str(label),
                        old,
                        new,
                        is_answer_value=field == "value",
                    )
                )
        previous[record.id] = record
    return found


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
    found = []
    for record in records.order_by("history_date", "history_id"):
        code = record.indicator.code
        if record.history_type == "+":
            found.append(Change(record.history_date, _who(record), code, str(_("reviewer's comment")), "", record.text))
        elif record.addressed_at and record.history_type == "~":
            found.append(Change(record.history_date, _who(record), code, str(_("comment addressed")), record.text, ""))
    return found
