"""Reads of assessments and their answers: what each page needs, shaped for the scoring engine."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from .. import permissions, scoring
from ..framework.selectors import FrameworkContent, framework_content
from ..models import Answer, Assessment, Economy, public_q, stored_to_scoring


@dataclass(frozen=True)
class ScoredAssessment:
    assessment: Assessment
    content: FrameworkContent
    answers: dict[str, Answer]
    profile: scoring.Profile

    @property
    def answer_values(self) -> dict[str, scoring.AnswerValue]:
        return answer_values(self.answers)


def assessment_by_id(pk: int) -> Assessment | None:
    # get(), not first(): first() orders by the model's ordering, a join that costs a third more here.
    try:
        return Assessment.objects.select_related("economy", "framework").get(pk=pk)
    except Assessment.DoesNotExist:
        return None


def answers_of(assessment: Assessment) -> dict[str, Answer]:
    answers = Answer.objects.filter(assessment=assessment).select_related("indicator")
    return {answer.indicator.code: answer for answer in answers}


@dataclass(frozen=True, slots=True)
class StoredAnswer:
    """An answer's stored parts, read without the model: what the questionnaire page shows."""

    value: str
    evidence: str
    evidence_link: str
    comment: str
    carried_from: int | None
    mapped_from: str

    @property
    def scoring_value(self) -> scoring.AnswerValue | None:
        return stored_to_scoring(self.value)


def stored_answers(assessment: Assessment) -> dict[str, StoredAnswer]:
    """The assessment's answers by indicator code, in one query of just the columns shown."""
    rows = Answer.objects.filter(assessment=assessment).values_list(
        "indicator__code", "value", "evidence", "evidence_link", "comment", "carried_from", "mapped_from"
    )
    return {code: StoredAnswer(*parts) for code, *parts in rows}


def answered_counts(assessment: Assessment) -> dict[str, int] | None:
    """How many indicators of each area are answered, as the last save counted them; None when the
    assessment has changed since in a way that did not count them (answers.services.record_answered_counts)."""
    stored = assessment.answered_counts or {}
    return stored.get("areas") if stored.get("revision") == assessment.revision else None


def carried_answers(assessment: Assessment) -> dict[str, Answer]:
    """The answers still marked as carried forward from an earlier cycle."""
    answers = Answer.objects.filter(assessment=assessment, carried_from__isnull=False).select_related("indicator")
    return {answer.indicator.code: answer for answer in answers}


def answer_values(answers: dict[str, Answer]) -> dict[str, scoring.AnswerValue]:
    return {code: answer.scoring_value for code, answer in answers.items() if answer.value}


def scored_assessment(
    assessment: Assessment, area_weights: dict[str, float] | None = None, content: FrameworkContent | None = None
) -> ScoredAssessment:
    """An assessment with its framework, answers and profile: three queries (one with `content` given).

    `area_weights` scores it under a weight profile instead of the framework's area weights.
    """
    content = content or framework_content(assessment.framework)
    answers = answers_of(assessment)
    profile = scoring.score_assessment(content.spec, answer_values(answers), area_weights)
    return ScoredAssessment(assessment, content, answers, profile)


def visible_assessments(user) -> list[Assessment]:
    """Assessments the user may open: public ones, every version of the user's economies, and for
    reviewers the submitted and returned ones."""
    visible = public_q()
    if user.is_authenticated:
        visible |= Q(economy__members=user)
        if permissions.is_reviewer(user):
            reviewed = [Assessment.Status.SUBMITTED, Assessment.Status.RETURNED, Assessment.Status.VALIDATED]
            visible |= Q(status__in=reviewed)
    assessments = list(Assessment.objects.filter(visible).select_related("economy", "framework").distinct())
    # A published version that a newer published version supersedes stays readable at its own
    # address, but is not listed: the list shows what is current.
    latest_public: dict[tuple, int] = {}
    for assessment in assessments:
        if assessment.is_public:
            key = (assessment.economy_id, assessment.cycle, assessment.is_illustrative)
            latest_public[key] = max(latest_public.get(key, 0), assessment.version)
    return [
        a
        for a in assessments
        if not a.is_public or a.version == latest_public[(a.economy_id, a.cycle, a.is_illustrative)]
    ]


def economies_of(user) -> list[Economy]:
    if not user.is_authenticated:
        return []
    return list(user.economies.order_by("name"))
