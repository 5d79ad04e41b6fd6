"""Review rounds read back from the history: what each answer was when the reviewer returned the
assessment, what the focal point did about each comment, and what changed since the last round or
differs from the version a correction corrects."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..models import Answer, Assessment, IndicatorComment, Review


@dataclass(frozen=True)
class Snapshot:
    """An answer as it stood at one moment: its level, evidence and link."""

    value: str
    evidence: str
    evidence_link: str

    @property
    def value_label(self) -> str:
        return str(dict(Answer.VALUE_CHOICES).get(self.value, self.value)) if self.value else "—"


def _snapshot(answer) -> Snapshot:
    return Snapshot(answer.value, answer.evidence, answer.evidence_link)


def answers_at(assessment: Assessment, when: datetime) -> dict[str, Snapshot]:
    """Every answer as it stood at `when`, by indicator code (one query over the history)."""
    records = (
        Answer.history.filter(assessment_id=assessment.pk, history_date__lte=when)
        .select_related("indicator")
        .order_by("history_date", "history_id")
    )
    found: dict[str, Snapshot] = {}
    for record in records:
        if record.history_type == "-":
            found.pop(record.indicator.code, None)
        else:
            found[record.indicator.code] = _snapshot(record)
    return found


def current_answers(assessment: Assessment) -> dict[str, Snapshot]:
    answers = Answer.objects.filter(assessment=assessment).select_related("indicator")
    return {answer.indicator.code: _snapshot(answer) for answer in answers}


@dataclass(frozen=True)
class CommentOutcome:
    """One earlier comment and what the focal point did: changed the answer (before → after), or
    marked it addressed with the answer standing (who, when, their note), or nothing yet."""

    comment: IndicatorComment
    before: Snapshot | None
    after: Snapshot | None

    @property
    def answer_changed(self) -> bool:
        return self.before != self.after

    @property
    def marked_addressed(self) -> bool:
        return self.comment.addressed_at is not None and not self.comment.addressed_by_change


@dataclass(frozen=True)
class Round:
    number: int
    review: Review
    answered_at: datetime | None  # when the focal point submitted again, if they have
    outcomes: list[CommentOutcome]


def returns(assessment: Assessment) -> list[Review]:
    """The reviewers' returns of this assessment, oldest first, with their comments."""
    return list(
        Review.objects.filter(assessment=assessment, decision=Review.Decision.RETURNED)
        .select_related("reviewer")
        .prefetch_related("indicator_comments__indicator", "indicator_comments__addressed_by")
        .order_by("created_at", "pk")
    )


def _submissions(assessment: Assessment) -> list[datetime]:
    records = Assessment.history.filter(id=assessment.pk, status=Assessment.Status.SUBMITTED).order_by("history_date")
    return [record.history_date for record in records.only("history_date")]


def earlier_rounds(assessment: Assessment) -> list[Round]:
    """Each return with each of its comments and what came of it by the next submission (or now)."""
    submissions = _submissions(assessment)
    rounds = []
    current = None
    for number, review in enumerate(returns(assessment), start=1):
        answered_at = next((when for when in submissions if when > review.created_at), None)
        before = answers_at(assessment, review.created_at)
        if answered_at is not None:
            after = answers_at(assessment, answered_at)
        else:
            current = current if current is not None else current_answers(assessment)
            after = current
        outcomes = [
            CommentOutcome(comment, before.get(comment.indicator.code), after.get(comment.indicator.code))
            for comment in review.indicator_comments.all()
        ]
        rounds.append(Round(number, review, answered_at, outcomes))
    return rounds


@dataclass(frozen=True)
class Baseline:
    """What the reviewer compares the answers with: the answers at the last return, and for a
    correction those of the version it corrects."""

    returned_at: datetime | None
    since_return: dict[str, Snapshot]
    corrects: Assessment | None
    corrected: dict[str, Snapshot]

    def changed_since_return(self, code: str, now: Snapshot | None) -> bool:
        return self.returned_at is not None and self.since_return.get(code) != now

    def differs_from_corrected(self, code: str, now: Snapshot | None) -> bool:
        return self.corrects is not None and self.corrected.get(code) != now

    @property
    def folds(self) -> bool:
        """Unchanged answers are folded away from the second round on, and in a correction."""
        return self.returned_at is not None or self.corrects is not None


def baseline(assessment: Assessment, rounds: list[Round]) -> Baseline:
    returned_at = rounds[-1].review.created_at if rounds else None
    since_return = answers_at(assessment, returned_at) if returned_at else {}
    corrects = assessment.supersedes if assessment.supersedes_id else None
    corrected = current_answers(corrects) if corrects else {}
    return Baseline(returned_at, since_return, corrects, corrected)
