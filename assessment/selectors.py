"""Reads: the queries each page needs, shaped for the scoring engine."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, Q

from . import page_cache, permissions, scoring
from .framework import crosswalk
from .models import (
    PUBLIC,
    Answer,
    Area,
    Assessment,
    BestPractice,
    Economy,
    Framework,
    Indicator,
    IndicatorMapping,
    stored_to_scoring,
)


@dataclass(frozen=True)
class FrameworkContent:
    """A framework's areas (each with .indicators prefetched) and its scoring spec."""

    framework: Framework
    areas: list[Area]
    spec: scoring.FrameworkSpec

    def area(self, code: str) -> Area | None:
        return next((area for area in self.areas if area.code == code), None)

    @property
    def indicators(self) -> list[Indicator]:
        return [indicator for area in self.areas for indicator in area.indicators.all()]


@dataclass(frozen=True)
class ScoredAssessment:
    assessment: Assessment
    content: FrameworkContent
    answers: dict[str, Answer]
    profile: scoring.Profile

    @property
    def answer_values(self) -> dict[str, scoring.AnswerValue]:
        return answer_values(self.answers)


def spec_of(framework: Framework, areas: list[Area]) -> scoring.FrameworkSpec:
    return scoring.FrameworkSpec(
        version=framework.version,
        areas=tuple(
            scoring.AreaSpec(
                code=area.code,
                weight=float(area.weight),
                indicators=tuple(
                    scoring.IndicatorSpec(code=indicator.code, weight=float(indicator.weight))
                    for indicator in area.indicators.all()
                ),
            )
            for area in areas
        ),
    )


_content_memo: dict[int, tuple[str, FrameworkContent]] = {}


def framework_content(framework: Framework) -> FrameworkContent:
    """Areas and indicators of a framework, kept in the process until the content changes.

    Every page needs them and they change only when the framework is reloaded or edited, which
    renews the content generation (see page_cache.forget_all)."""
    generation = page_cache.content_generation()
    memo = _content_memo.get(framework.pk)
    if memo is not None and memo[0] == generation:
        return memo[1]
    content = load_framework_content(framework)
    _content_memo[framework.pk] = (generation, content)
    return content


def load_framework_content(framework: Framework) -> FrameworkContent:
    """Areas and indicators of a framework in two queries, read now."""
    areas = list(
        Area.objects.filter(framework=framework).prefetch_related(
            Prefetch("indicators", queryset=Indicator.objects.order_by("order"))
        )
    )
    return FrameworkContent(framework, areas, spec_of(framework, areas))


def current_framework() -> Framework | None:
    return Framework.objects.filter(is_current=True).first()


def assessment_by_id(pk: int) -> Assessment | None:
    # get(), not first(): first() orders by the model's ordering, a join that costs a third more here.
    try:
        return Assessment.objects.select_related("economy", "framework").get(pk=pk)
    except Assessment.DoesNotExist:
        return None


def answers_of(assessment: Assessment) -> dict[str, Answer]:
    answers = Answer.objects.filter(assessment=assessment).select_related("indicator")
    return {answer.indicator.code: answer for answer in answers}


def crosswalk_maps(older: Framework, newer: Framework) -> list[crosswalk.IndicatorMap]:
    """How the older version's indicators carry over into the newer one (empty when no crosswalk joins them)."""
    mappings = IndicatorMapping.objects.filter(target__area__framework=newer).select_related("source__area", "target")
    return [
        crosswalk.IndicatorMap(m.source.code if m.source else None, m.target.code, m.levels)
        for m in mappings
        if m.source is None or m.source.area.framework_id == older.pk
    ]


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
    assessment has changed since in a way that did not count them (services.record_answered_counts)."""
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


def best_practices_by_area(framework: Framework) -> dict[str, list[BestPractice]]:
    practices: dict[str, list[BestPractice]] = {}
    for practice in BestPractice.objects.filter(area__framework=framework).select_related("area", "economy"):
        practices.setdefault(practice.area.code, []).append(practice)
    return practices


def practices_for_stage(practices: list[BestPractice], stage: int | None) -> list[BestPractice]:
    """Practices at the next stage; failing that the nearest stage above, then below."""
    target = scoring.next_stage(stage)
    levels = sorted({practice.level for practice in practices}, key=lambda level: (level < target, abs(level - target)))
    if not levels:
        return []
    return [practice for practice in practices if practice.level == levels[0]]


def visible_assessments(user) -> list[Assessment]:
    """Assessments the user may open: public ones, every version of the user's economies, and for
    reviewers the submitted and returned ones."""
    visible = PUBLIC
    if user.is_authenticated:
        visible |= Q(economy__members=user)
        if permissions.is_reviewer(user):
            visible |= Q(status__in=[Assessment.Status.SUBMITTED, Assessment.Status.RETURNED])
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


@dataclass(frozen=True)
class WeakIndicator:
    indicator: Indicator
    level: int
    next_level_description: str


@dataclass(frozen=True)
class AreaSection:
    """What the profile and summary pages show for one area.

    Strengths (level ≥ scoring.STRENGTH_LEVEL), weakest (levels below it) and to_find_out
    ("don't know") never share an indicator."""

    area: Area
    profile: scoring.AreaProfile
    strengths: list[tuple[Indicator, int]]
    weakest: list[WeakIndicator]
    practices: list[BestPractice]  # peers' practices and results at the next stage
    context: list[BestPractice]  # plans and findings the report gives for the area
    to_find_out: list[Indicator]  # answered "don't know"

    @property
    def has_answers(self) -> bool:
        return self.profile.completeness.answered > 0


def area_sections(scored: ScoredAssessment, practices_by_area: dict[str, list[BestPractice]]) -> list[AreaSection]:
    """Each area's strengths, weakest indicators with their next level, "don't know" answers and the
    peers' practices that show the way (never the economy's own)."""
    values = scored.answer_values
    sections = []
    content = scored.content
    for area, area_spec, area_profile in zip(content.areas, content.spec.areas, scored.profile.areas, strict=True):
        indicators = {indicator.code: indicator for indicator in area.indicators.all()}
        weakest = [
            WeakIndicator(indicators[code], level, indicators[code].levels[level + 1])
            for code, level in scoring.weakest_indicators(area_spec, values)
        ]
        strengths = [(indicators[code], level) for code, level in scoring.strong_indicators(area_spec, values)]
        to_find_out = [indicators[code] for code in scoring.dont_know_indicators(area_spec, values)]
        # A peer's practice is never the economy's own.
        others = [p for p in practices_by_area.get(area.code, []) if p.economy_id != scored.assessment.economy_id]
        peers = [p for p in others if p.kind in BestPractice.PEER_KINDS]
        context = [p for p in others if p.kind not in BestPractice.PEER_KINDS]
        practices = practices_for_stage(peers, area_profile.rating.stage)
        sections.append(AreaSection(area, area_profile, strengths, weakest, practices, context, to_find_out))
    return sections
