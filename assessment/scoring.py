"""The scoring engine: plain frozen data in, a maturity profile out.

No Django import here, on purpose: the same functions serve the web pages, the
management commands, the API, the benchmark and the PDF. docs/methodology.md
states every formula below in words; the two must agree.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

NOT_APPLICABLE: Literal["na"] = "na"
DONT_KNOW: Literal["dk"] = "dk"
MAX_LEVEL = 4
LEVELS = tuple(range(MAX_LEVEL + 1))

# One stage per integer part of the maturity (score / 25); names from the
# methodology, echoing the five-step UNNExT single-window roadmap.
STAGE_NAMES = ("Not started", "Initial", "Developing", "Established", "Leading")

# Score points per maturity step: 100 points spread over the four steps above 0.
POINTS_PER_STEP = 100 // MAX_LEVEL

# The profile's strengths are indicators at Established (3) or above; its weakest indicators are
# taken only below that level, so one indicator is never both (docs/methodology.md).
STRENGTH_LEVEL = 3

AnswerValue = int | Literal["na", "dk"]

# "don't know" counts as level 0: an administration that cannot say whether a
# practice exists gets no credit for it, but the answer stays in the denominator.
_INDICATOR_SCORE: dict[object, float] = {level: level / MAX_LEVEL for level in LEVELS}
_INDICATOR_SCORE[DONT_KNOW] = 0.0


@dataclass(frozen=True, slots=True)
class IndicatorSpec:
    code: str
    weight: float

    def __post_init__(self) -> None:
        if not self.weight > 0:
            raise ValueError(f"indicator {self.code}: weight must be positive, not {self.weight}")


@dataclass(frozen=True, slots=True)
class AreaSpec:
    code: str
    weight: float
    indicators: tuple[IndicatorSpec, ...]

    def __post_init__(self) -> None:
        if self.weight < 0:
            raise ValueError(f"area {self.code}: weight must not be negative, not {self.weight}")


@dataclass(frozen=True, slots=True)
class FrameworkSpec:
    version: str
    areas: tuple[AreaSpec, ...]

    def indicator_codes(self) -> list[str]:
        return [indicator.code for area in self.areas for indicator in area.indicators]


@dataclass(frozen=True, slots=True)
class Rating:
    """A score on 0–100 (one decimal), its maturity on 0.0–4.0 and its stage.

    All three are None where nothing could be scored.
    """

    score: float | None
    maturity: float | None
    stage: int | None

    @property
    def stage_name(self) -> str | None:
        return None if self.stage is None else STAGE_NAMES[self.stage]


# Thin data: an area, or the whole questionnaire, with fewer than half of its indicators answered
# shows its score with "n of N answered" and no stage (content review 2026-12, check 8.1: with 2 of 6
# answers Chinese Taipei's single window read "Initial"). A stage names what an administration has
# reached; on less than half of the questions the score says too little to name it.
THIN_BELOW_SHARE = 0.5


@dataclass(frozen=True, slots=True)
class Completeness:
    answered: int
    total: int
    dont_know: int

    @property
    def is_thin(self) -> bool:
        """Fewer than half of the indicators answered ("na" and "dk" count as answered): no stage is shown."""
        return self.answered < THIN_BELOW_SHARE * self.total

    @property
    def percent(self) -> float:
        """Answered / total × 100, one decimal; "na" and "dk" count as answered."""
        return round_half_up(100 * self.answered / self.total) if self.total else 0.0

    @property
    def dont_know_percent(self) -> float:
        """Share of the given answers that are "don't know", × 100, one decimal."""
        return round_half_up(100 * self.dont_know / self.answered) if self.answered else 0.0

    @property
    def is_complete(self) -> bool:
        return self.answered == self.total


@dataclass(frozen=True, slots=True)
class Bounds:
    """The lowest and highest score (0–100) possible if every unanswered or "don't know"
    indicator were at level 0 or at level 4; None where every indicator is "not applicable"."""

    raw_low: float | None
    raw_high: float | None

    @property
    def low(self) -> float | None:
        return None if self.raw_low is None else round_half_up(self.raw_low)

    @property
    def high(self) -> float | None:
        return None if self.raw_high is None else round_half_up(self.raw_high)


@dataclass(frozen=True, slots=True)
class AreaProfile:
    code: str
    rating: Rating
    completeness: Completeness
    raw_score: float | None
    bounds: Bounds = Bounds(None, None)


@dataclass(frozen=True, slots=True)
class Profile:
    framework_version: str
    overall: Rating
    completeness: Completeness
    areas: tuple[AreaProfile, ...]
    bounds: Bounds = Bounds(None, None)

    def area(self, code: str) -> AreaProfile:
        return next(area for area in self.areas if area.code == code)


def round_half_up(value: float) -> float:
    """Round to one decimal, halves away from zero (Python's round() goes to even).

    The small epsilon absorbs binary noise such as 62.49999999 standing for 62.5.
    """
    return math.floor(value * 10 + 0.5 + 1e-9) / 10


def rate(raw_score: float | None) -> Rating:
    """Score, maturity and stage of a raw 0–100 score.

    score = raw rounded half up to one decimal; maturity = score / 25 truncated
    to one decimal (a level is reached, never rounded up to); stage = the integer
    part of maturity. All three derive from the displayed score, so they agree.
    """
    if raw_score is None:
        return Rating(None, None, None)
    score_tenths = math.floor(raw_score * 10 + 0.5 + 1e-9)
    # In tenths, maturity = (score_tenths / 10) / 25 × 10 = score_tenths / 25: integer
    # division truncates exactly, with no floating-point edge at 75.0 or 74.9.
    maturity_tenths = score_tenths // POINTS_PER_STEP
    return Rating(score_tenths / 10, maturity_tenths / 10, min(maturity_tenths // 10, MAX_LEVEL))


def check_answer(value: object) -> str | None:
    """Why an answer value is not valid, or None when it is (0–4, "na" or "dk")."""
    is_valid = isinstance(value, (int, str)) and not isinstance(value, bool)
    if not (is_valid and (value in _INDICATOR_SCORE or value == NOT_APPLICABLE)):
        return f"must be a level 0–{MAX_LEVEL}, {NOT_APPLICABLE!r} or {DONT_KNOW!r}, not {value!r}"
    return None


def answer_errors(framework: FrameworkSpec, answers: Mapping[str, object]) -> list[tuple[str, str]]:
    """(key, reason) for every answer that names no indicator or holds a bad value."""
    known = set(framework.indicator_codes())
    errors = []
    for code, value in answers.items():
        if code not in known:
            errors.append((code, f"no indicator {code!r} in framework {framework.version}"))
        elif (reason := check_answer(value)) is not None:
            errors.append((code, reason))
    return errors


def score_area(area: AreaSpec, answers: Mapping[str, AnswerValue]) -> AreaProfile:
    """Area score = 100 × Σ(weight × level/4) / Σ(weight).

    Both sums run over the indicators answered with a level or "don't know"
    ("don't know" scores 0). "not applicable" and unanswered indicators leave
    the denominator; an area with none of the former has no score (None).

    Bounds: with L = Σ(weight × level/4) over the levels given, K = Σ(weight) over
    the levels given and U = Σ(weight) over the unanswered and "don't know"
    indicators, low = 100 × L / (K + U) (every unknown at level 0) and
    high = 100 × (L + U) / (K + U) (every unknown at level 4).
    """
    levels_sum = 0.0  # L
    known = 0.0  # K
    unknown = 0.0  # U
    dont_know_weight = 0.0
    answered = 0
    dont_know = 0
    for indicator in area.indicators:
        value = answers.get(indicator.code)
        if value is None:
            unknown += indicator.weight
            continue
        answered += 1
        if value == NOT_APPLICABLE:
            continue
        if value == DONT_KNOW:
            dont_know += 1
            dont_know_weight += indicator.weight
            unknown += indicator.weight
            continue
        try:
            indicator_score = _INDICATOR_SCORE[value]
        except KeyError:
            raise ValueError(f"{indicator.code}: {check_answer(value)}") from None
        levels_sum += indicator.weight * indicator_score
        known += indicator.weight
    # "don't know" scores 0 in the score itself, and is unknown in the bounds.
    scored_weight = known + dont_know_weight
    raw = 100 * levels_sum / scored_weight if scored_weight else None
    possible = known + unknown
    bounds = Bounds(
        100 * levels_sum / possible if possible else None,
        100 * (levels_sum + unknown) / possible if possible else None,
    )
    completeness = Completeness(answered, len(area.indicators), dont_know)
    return AreaProfile(area.code, rate(raw), completeness, raw, bounds)


def score_assessment(
    framework: FrameworkSpec,
    answers: Mapping[str, AnswerValue],
    area_weights: Mapping[str, float] | None = None,
) -> Profile:
    """The maturity profile of one set of answers.

    Overall score = Σ(area weight × area score) / Σ(area weight) over the areas
    that have a score, using the unrounded area scores. `area_weights` replaces
    the framework's area weights (a weight profile); areas it leaves out keep
    their framework weight. The overall bounds are the same weighted mean of the
    areas' bounds, over every area that has bounds (an area with no answer at
    all spans 0–100).
    """
    areas = tuple(score_area(area, answers) for area in framework.areas)
    weighted = low = high = 0.0
    weights = bound_weights = 0.0
    for spec, area in zip(framework.areas, areas, strict=True):
        weight = spec.weight if area_weights is None else area_weights.get(spec.code, spec.weight)
        if area.bounds.raw_low is not None:
            low += weight * area.bounds.raw_low
            high += weight * area.bounds.raw_high
            bound_weights += weight
        if area.raw_score is None:
            continue
        weighted += weight * area.raw_score
        weights += weight
    overall = rate(weighted / weights if weights else None)
    bounds = Bounds(low / bound_weights, high / bound_weights) if bound_weights else Bounds(None, None)
    completeness = Completeness(
        answered=sum(area.completeness.answered for area in areas),
        total=sum(area.completeness.total for area in areas),
        dont_know=sum(area.completeness.dont_know for area in areas),
    )
    return Profile(framework.version, overall, completeness, areas, bounds)


def area_evidence(area: AreaSpec, answers: Mapping[str, AnswerValue]) -> tuple[float, float, tuple[float, ...]]:
    """(L, K, the weights of the unknowns) of an area, as in score_area's bounds."""
    levels_sum = known = 0.0
    unknown = []
    for indicator in area.indicators:
        value = answers.get(indicator.code)
        if value is None or value == DONT_KNOW:
            unknown.append(indicator.weight)
        elif value != NOT_APPLICABLE:
            levels_sum += indicator.weight * _INDICATOR_SCORE[value]
            known += indicator.weight
    return levels_sum, known, tuple(unknown)


def score_many(
    framework: FrameworkSpec,
    answer_sets: Iterable[Mapping[str, AnswerValue]],
    area_weights: Mapping[str, float] | None = None,
) -> list[Profile]:
    """score_assessment over many answer sets of the same framework."""
    return [score_assessment(framework, answers, area_weights) for answers in answer_sets]


def weakest_indicators(area: AreaSpec, answers: Mapping[str, AnswerValue], limit: int = 3) -> list[tuple[str, int]]:
    """The `limit` lowest indicators of an area answered with a level below STRENGTH_LEVEL.

    Returned as (code, level), lowest level first and, among equals, the heavier
    indicator first (it moves the score most), then framework order. A strength
    (level STRENGTH_LEVEL or above) is never weak; "don't know" is not a level
    and is left to dont_know_indicators; "not applicable" and unanswered
    indicators are left out.
    """
    candidates = []
    for position, indicator in enumerate(area.indicators):
        value = answers.get(indicator.code)
        if not isinstance(value, int) or isinstance(value, bool):
            continue
        if value < STRENGTH_LEVEL:
            candidates.append((value, -indicator.weight, position, indicator.code))
    candidates.sort()
    return [(code, level) for level, _, _, code in candidates[:limit]]


def strong_indicators(area: AreaSpec, answers: Mapping[str, AnswerValue]) -> list[tuple[str, int]]:
    """The indicators of an area answered at STRENGTH_LEVEL or above, as (code, level), in framework order."""
    return [
        (indicator.code, value)
        for indicator in area.indicators
        if isinstance(value := answers.get(indicator.code), int)
        and not isinstance(value, bool)
        and value >= STRENGTH_LEVEL
    ]


def dont_know_indicators(area: AreaSpec, answers: Mapping[str, AnswerValue]) -> list[str]:
    """The codes of an area's indicators answered "don't know", in framework order: what to find out."""
    return [indicator.code for indicator in area.indicators if answers.get(indicator.code) == DONT_KNOW]


def next_stage(stage: int | None) -> int:
    """The stage whose practices show the way forward: one above, capped at Leading."""
    return 1 if stage is None else min(stage + 1, MAX_LEVEL)


def profile_as_dict(profile: Profile, economy: str, cycle: int) -> dict:
    """The profile JSON of the README: scores 0–100 with one decimal, None where unscored."""

    def rating(r: Rating, bounds: Bounds) -> dict:
        return {
            "score": r.score,
            "score_low": bounds.low,
            "score_high": bounds.high,
            "maturity": r.maturity,
            "stage": r.stage_name,
        }

    return {
        "economy": economy,
        "cycle": cycle,
        "framework": profile.framework_version,
        "overall": rating(profile.overall, profile.bounds),
        "completeness": profile.completeness.percent,
        "dont_know_share": profile.completeness.dont_know_percent,
        "areas": [
            {"code": area.code, **rating(area.rating, area.bounds), "completeness": area.completeness.percent}
            for area in profile.areas
        ],
    }
