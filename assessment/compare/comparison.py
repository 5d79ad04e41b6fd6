"""Reads for comparing economies and cycles: public assessments scored under a weight profile.

The number of queries does not grow with the number of economies: one for the
assessments, one for all their answers, two per framework version involved.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Max, Q
from django.utils.translation import gettext_lazy as _

from .. import scoring
from ..framework.selectors import FrameworkContent, framework_content
from ..models import Answer, Assessment, Framework, WeightProfile, public_q, stored_to_scoring

DEFAULT_PROFILE = "default"
EQUAL_PROFILE = "equal"


@dataclass(frozen=True)
class WeightChoice:
    slug: str
    name: str
    description: str
    weights: dict[str, float] | None  # None: the framework's own area weights

    def area_weights(self, content: FrameworkContent) -> dict[str, float]:
        """The weight of every area of the framework under this profile."""
        own = {area.code: area.weight for area in content.spec.areas}
        return own | (self.weights or {})


@dataclass(frozen=True)
class Compared:
    assessment: Assessment
    content: FrameworkContent
    profile: scoring.Profile
    answer_values: dict  # indicator code → level, "na" or "dk"


def weight_choices(framework: Framework | None, area_codes: list[str] | None = None) -> list[WeightChoice]:
    """The framework's default, equal weights, then the stored profiles of the framework.

    `area_codes` saves a query where the caller has the framework's areas already.
    """
    if area_codes is not None:
        codes = area_codes
    else:
        codes = [] if framework is None else list(framework.areas.values_list("code", flat=True))
    choices = [
        WeightChoice(DEFAULT_PROFILE, str(_("Framework default")), str(_("The weights of the framework.")), None),
        WeightChoice(EQUAL_PROFILE, str(_("Equal")), str(_("Every area weighs the same.")), dict.fromkeys(codes, 1.0)),
    ]
    if framework is not None:
        choices += [
            WeightChoice(p.slug, p.name, p.description, {code: float(w) for code, w in p.weights.items()})
            for p in WeightProfile.objects.filter(framework=framework)
        ]
    return choices


def chosen_weights(choices: list[WeightChoice], slug: str | None) -> WeightChoice:
    """The choice with this slug, or the framework default."""
    return next((choice for choice in choices if choice.slug == slug), choices[0])


def published_version() -> tuple:
    """Changes whenever a public assessment is added, changed (its update time moves) or removed: per
    cycle, (cycle, how many, the latest update), read in one query; cycle_version() picks one."""
    rows = (
        Assessment.objects.filter(public_q())
        .values("cycle")
        .annotate(count=Count("pk"), latest=Max("updated_at"))
        .order_by("cycle")
    )
    return tuple((row["cycle"], row["count"], row["latest"].timestamp()) for row in rows)


def cycle_version(published: tuple, cycle: int) -> tuple:
    """The part of published_version() that changes only with the public assessments of this cycle."""
    return next((entry for entry in published if entry[0] == cycle), (cycle, 0, None))


def public_cycle_counts() -> dict[int, int]:
    """How many economies have a public assessment in each cycle, latest cycle first."""
    return public_cycles()[0]


def public_cycles() -> tuple[dict[int, int], set[int]]:
    """How many economies have a public assessment in each cycle (latest cycle first), and the cycles
    with at least one validated self-assessment (not illustrative data); one query."""
    rows = (
        Assessment.objects.filter(public_q())
        .values("cycle")
        .annotate(
            economies=Count("economy", distinct=True),
            real=Count("economy", filter=Q(is_illustrative=False), distinct=True),
        )
        .order_by("-cycle")
    )
    return {row["cycle"]: row["economies"] for row in rows}, {row["cycle"] for row in rows if row["real"]}


VALIDATED = "validated"  # the default cycle is the latest with validated self-assessments
ILLUSTRATIVE_ONLY = "illustrative"  # none is validated yet: the latest cycle, illustrative data


def default_cycle(counts: dict[int, int], validated: set[int] | None = None) -> int | None:
    """The latest cycle with a validated self-assessment; without one, the latest cycle (illustrative data).

    A real cycle wins over a later or fuller illustrative one: readers come for self-assessments.
    Without one, the latest cycle with at least two economies, else the latest cycle."""
    real = [cycle for cycle in counts if cycle in (validated or set())]
    if real:
        return max(real)
    return next((cycle for cycle, n in counts.items() if n >= 2), next(iter(counts), None))


def default_cycle_reason(cycle: int | None, validated: set[int]) -> str:
    """Why the compare page opens on this cycle: VALIDATED or ILLUSTRATIVE_ONLY ("" without a cycle)."""
    if cycle is None:
        return ""
    return VALIDATED if cycle in validated else ILLUSTRATIVE_ONLY


def _answers_by_assessment(assessment_ids: list[int]) -> dict[int, dict[str, scoring.AnswerValue]]:
    answers: dict[int, dict[str, scoring.AnswerValue]] = {pk: {} for pk in assessment_ids}
    rows = (
        Answer.objects.filter(assessment_id__in=assessment_ids)
        .exclude(value="")
        .values_list("assessment_id", "indicator__code", "value")
    )
    for assessment_id, code, value in rows:
        answers[assessment_id][code] = stored_to_scoring(value)
    return answers


def score_assessments(assessments: list[Assessment], choice: WeightChoice) -> list[Compared]:
    """Score each assessment with its own framework version under the weight profile."""
    contents: dict[int, FrameworkContent] = {}
    answers = _answers_by_assessment([a.pk for a in assessments])
    compared = []
    for assessment in assessments:
        if assessment.framework_id not in contents:
            contents[assessment.framework_id] = framework_content(assessment.framework)
        content = contents[assessment.framework_id]
        profile = scoring.score_assessment(content.spec, answers[assessment.pk], choice.area_weights(content))
        compared.append(Compared(assessment, content, profile, answers[assessment.pk]))
    return compared


def public_assessments(cycle: int, economy_codes: list[str] | None = None) -> list[Assessment]:
    """One public assessment per economy in the cycle: the latest validated version, else the illustrative one."""
    assessments = Assessment.objects.filter(public_q(), cycle=cycle).select_related("economy", "framework")
    if economy_codes is not None:
        assessments = assessments.filter(economy__code__in=economy_codes)
    chosen: dict[int, Assessment] = {}
    # Real (not illustrative) data sorts first, then the newest version, so they win.
    for assessment in assessments.order_by("economy__name", "is_illustrative", "-version"):
        chosen.setdefault(assessment.economy_id, assessment)
    return list(chosen.values())


def economy_history(economy_code: str, user) -> list[Assessment]:
    """One assessment per cycle, oldest cycle first: the latest validated version (else the illustrative
    one); for the economy's own focal points, a cycle with nothing published shows their latest version."""
    visible = public_q()
    if user.is_authenticated:
        visible |= Q(economy__members=user)
    assessments = (
        Assessment.objects.filter(visible, economy__code=economy_code).select_related("economy", "framework").distinct()
    )
    chosen: dict[int, Assessment] = {}
    ranked = sorted(assessments, key=lambda a: (a.cycle, not a.is_public, a.is_illustrative, -a.version))
    for assessment in ranked:
        chosen.setdefault(assessment.cycle, assessment)
    return list(chosen.values())
