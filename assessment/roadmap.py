"""From profile to plan: percent to target, prerequisites and a phased roadmap.

Pure Python on frozen dataclasses, like scoring.py (a contract forbids Django here): the
same functions serve the roadmap page, its JSON, its printout and its workbook.
docs/methodology.md ("Targets and the roadmap") states every rule below in words; the
two must agree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from assessment.scoring import (
    DONT_KNOW,
    MAX_LEVEL,
    NOT_APPLICABLE,
    AnswerValue,
    FrameworkSpec,
    round_half_up,
    score_assessment,
)


class PrerequisiteError(ValueError):
    """A set of prerequisites that cannot be planned: unknown indicator, level out of range, a cycle."""


@dataclass(frozen=True, slots=True)
class Prerequisite:
    """Level `level` of `indicator` needs level `needs_level` of `needs_indicator`."""

    indicator: str
    level: int
    needs_indicator: str
    needs_level: int

    @property
    def label(self) -> str:
        return f"{self.indicator}:{self.level} needs {self.needs_indicator}:{self.needs_level}"


@dataclass(frozen=True, slots=True)
class Step:
    """One level up on one indicator: `from_level` → `to_level` (= from_level + 1).

    `needs` are the keys ("CODE:level") of the steps that must be done first: the level
    below on the same indicator, when it is in the plan, and every step a prerequisite
    names. `score_gain` is the change of the overall score (0–100) the step makes, unrounded.
    `beyond_target` marks a step the plan adds because a prerequisite needs it, above the
    indicator's target.
    """

    indicator: str
    area: str
    from_level: int
    to_level: int
    needs: tuple[str, ...]
    score_gain: float
    beyond_target: bool = False

    @property
    def key(self) -> str:
        return step_key(self.indicator, self.to_level)


@dataclass(frozen=True, slots=True)
class Phase:
    """Steps that may run together; `score_after`: the raw overall score once they and every earlier phase are done."""

    number: int
    steps: tuple[Step, ...]
    score_after: float | None


@dataclass(frozen=True, slots=True)
class Roadmap:
    framework_version: str
    targets: tuple[tuple[str, int], ...]
    is_default: bool
    score_before: float | None
    phases: tuple[Phase, ...]

    def steps(self) -> list[Step]:
        return [step for phase in self.phases for step in phase.steps]


@dataclass(frozen=True, slots=True)
class PercentToTarget:
    """Percent of the target reached, 0–100 with one decimal, per area and overall; None where no target counts."""

    overall: float | None
    areas: tuple[tuple[str, float | None], ...]

    def area(self, code: str) -> float | None:
        return dict(self.areas)[code]


def step_key(indicator: str, level: int) -> str:
    return f"{indicator}:{level}"


def current_level(value: AnswerValue | None) -> int | None:
    """The level an answer stands at for planning: its level; 0 for "don't know" and unanswered; None for "na"."""
    if value == NOT_APPLICABLE:
        return None
    if value is None or value == DONT_KNOW:
        return 0
    return value


def check_prerequisites(framework: FrameworkSpec, prerequisites: Iterable[Prerequisite]) -> None:
    """Raise PrerequisiteError unless every prerequisite names two indicators of the framework,
    levels 1–MAX_LEVEL, two different indicators, no level needs the same indicator twice, and no
    chain of them comes back to where it started.

    A cycle runs over (indicator, level) pairs: level L of X needs level M of Y, and level L of X
    also needs level L − 1 of X. The error names the cycle ("A:2 → B:2 → A:2").
    """
    prerequisites = list(prerequisites)
    known = set(framework.indicator_codes())
    for prerequisite in prerequisites:
        for code in (prerequisite.indicator, prerequisite.needs_indicator):
            if code not in known:
                raise PrerequisiteError(f"{prerequisite.label}: no indicator {code!r} in framework {framework.version}")
        for level in (prerequisite.level, prerequisite.needs_level):
            if isinstance(level, bool) or not isinstance(level, int) or not 1 <= level <= MAX_LEVEL:
                raise PrerequisiteError(f"{prerequisite.label}: level {level!r} is not 1–{MAX_LEVEL}")
        if prerequisite.indicator == prerequisite.needs_indicator:
            raise PrerequisiteError(f"{prerequisite.label}: an indicator cannot need itself")
    pairs = [(p.indicator, p.level, p.needs_indicator) for p in prerequisites]
    if twice := next((p for p, pair in zip(prerequisites, pairs, strict=True) if pairs.count(pair) > 1), None):
        raise PrerequisiteError(f"{twice.label}: {twice.indicator}:{twice.level} needs {twice.needs_indicator} twice")
    cycle = _find_cycle(prerequisites)
    if cycle:
        raise PrerequisiteError("prerequisites form a cycle: " + " → ".join(cycle))


def _find_cycle(prerequisites: list[Prerequisite]) -> list[str]:
    """A cycle over "CODE:level" nodes as a closed list of keys, or [] (depth-first, iterative)."""
    edges: dict[tuple[str, int], list[tuple[str, int]]] = {}
    for p in prerequisites:
        edges.setdefault((p.indicator, p.level), []).append((p.needs_indicator, p.needs_level))

    def successors(node: tuple[str, int]) -> list[tuple[str, int]]:
        code, level = node
        below = [(code, level - 1)] if level > 1 else []
        return edges.get(node, []) + below

    state: dict[tuple[str, int], int] = {}  # 1 on the current path, 2 finished
    for start in sorted(edges):
        if state.get(start):
            continue
        path = [start]
        stack = [iter(successors(start))]
        state[start] = 1
        while stack:
            following = next(stack[-1], None)
            if following is None:
                state[path.pop()] = 2
                stack.pop()
            elif state.get(following) == 1:
                loop = path[path.index(following) :] + [following]
                return [step_key(*node) for node in loop]
            elif not state.get(following):
                state[following] = 1
                path.append(following)
                stack.append(iter(successors(following)))
    return []


def indicator_targets(
    framework: FrameworkSpec, area_targets: Mapping[str, int], targets: Mapping[str, int]
) -> dict[str, int]:
    """One target per indicator: its own, else its area's, else none."""
    result = {}
    for area in framework.areas:
        for indicator in area.indicators:
            if indicator.code in targets:
                result[indicator.code] = targets[indicator.code]
            elif area.code in area_targets:
                result[indicator.code] = area_targets[area.code]
    return result


def default_targets(framework: FrameworkSpec, answers: Mapping[str, AnswerValue]) -> dict[str, int]:
    """The plan before targets are set: one level up on every indicator below the top ("not applicable" left out)."""
    result = {}
    for code in framework.indicator_codes():
        level = current_level(answers.get(code))
        if level is not None and level < MAX_LEVEL:
            result[code] = level + 1
    return result


def percent_to_target(
    framework: FrameworkSpec,
    answers: Mapping[str, AnswerValue],
    targets: Mapping[str, int],
    area_weights: Mapping[str, float] | None = None,
) -> PercentToTarget:
    """How far the answers are towards the targets.

    Area percent = 100 × Σ(wᵢ × min(currentᵢ, targetᵢ)) / Σ(wᵢ × targetᵢ), over the area's
    indicators that have a target above 0 and are not "not applicable"; "don't know" and
    unanswered stand at level 0; a level above the target counts as the target (it does not
    make up for a gap elsewhere). An area with no such indicator has no percent (None).
    Overall percent = Σ(Wₐ × area percentₐ) / Σ Wₐ over the areas that have a percent, with
    the area weights of the score (or of `area_weights`), unrounded area percents.
    """
    areas = []
    weighted = weights = 0.0
    for area in framework.areas:
        reached = wanted = 0.0
        for indicator in area.indicators:
            level = current_level(answers.get(indicator.code))
            target = targets.get(indicator.code)
            if level is None or not target:
                continue
            reached += indicator.weight * min(level, target)
            wanted += indicator.weight * target
        raw = 100 * reached / wanted if wanted else None
        areas.append((area.code, None if raw is None else round_half_up(raw)))
        if raw is not None:
            weight = area.weight if area_weights is None else area_weights.get(area.code, area.weight)
            weighted += weight * raw
            weights += weight
    overall = round_half_up(weighted / weights) if weights else None
    return PercentToTarget(overall, tuple(areas))


def _planning_answers(framework: FrameworkSpec, answers: Mapping[str, AnswerValue]) -> dict[str, AnswerValue]:
    """The answers the plan starts from: unanswered counts as "don't know" (level 0, in the denominators)."""
    return {code: answers.get(code, DONT_KNOW) for code in framework.indicator_codes()}


def _gains(
    framework: FrameworkSpec, answers: Mapping[str, AnswerValue], area_weights: Mapping[str, float] | None
) -> dict[str, float]:
    """Overall score points of one level on each indicator: 100 × Wₐ/ΣW × wᵢ/Σwₐ × 1/4.

    The sums run over what is scored (not "not applicable"), so the gain is exactly the change
    of the overall score: a step keeps the denominators as they are.
    """
    area_sums = {}
    for area in framework.areas:
        area_sums[area.code] = sum(i.weight for i in area.indicators if answers[i.code] != NOT_APPLICABLE)
    total = sum(
        (area.weight if area_weights is None else area_weights.get(area.code, area.weight))
        for area in framework.areas
        if area_sums[area.code]
    )
    gains = {}
    for area in framework.areas:
        weight = area.weight if area_weights is None else area_weights.get(area.code, area.weight)
        for indicator in area.indicators:
            if not total or not area_sums[area.code] or answers[indicator.code] == NOT_APPLICABLE:
                gains[indicator.code] = 0.0
            else:
                gains[indicator.code] = 100 * weight / total * indicator.weight / area_sums[area.code] / MAX_LEVEL
    return gains


def _plan_levels(
    current: Mapping[str, int | None], targets: Mapping[str, int], prerequisites: list[Prerequisite]
) -> dict[str, int]:
    """The level each indicator is planned up to: its target, raised where a planned step's prerequisite needs more.

    A prerequisite on a "not applicable" indicator asks nothing; one whose level is already
    reached asks nothing either.
    """
    planned = {code: level for code, level in current.items() if level is not None}
    for code, target in targets.items():
        if current.get(code) is not None:
            planned[code] = max(planned[code], min(target, MAX_LEVEL))
    changed = True
    while changed:  # terminates: levels only rise, and are capped at MAX_LEVEL
        changed = False
        for p in prerequisites:
            if current.get(p.indicator) is None or current.get(p.needs_indicator) is None:
                continue
            step_planned = current[p.indicator] < p.level <= planned[p.indicator]
            if step_planned and planned[p.needs_indicator] < p.needs_level:
                planned[p.needs_indicator] = p.needs_level
                changed = True
    return planned


def plan_roadmap(
    framework: FrameworkSpec,
    answers: Mapping[str, AnswerValue],
    targets: Mapping[str, int] | None,
    prerequisites: Iterable[Prerequisite] = (),
    area_weights: Mapping[str, float] | None = None,
) -> Roadmap:
    """The phased roadmap from `answers` to `targets` (indicator code → level 0–4).

    Steps: one per level between an indicator's current level and its target ("don't know" and
    unanswered start at 0; "not applicable" and a target at or below the current level give none),
    plus the steps a prerequisite of a planned step needs above its own indicator's target.
    Phases: a step's phase is 1 + the latest phase of the steps it needs (1 if none), so every step
    is in the earliest phase its needs allow. Within a phase: the largest score gain first, then
    framework order, then the lower level. With `targets` None or empty the plan is the default,
    one level up on every indicator below the top, and says so (`is_default`).
    Raises PrerequisiteError on a bad set of prerequisites (check_prerequisites).
    """
    prerequisites = list(prerequisites)
    check_prerequisites(framework, prerequisites)
    is_default = not targets
    if is_default:
        targets = default_targets(framework, answers)
    start = _planning_answers(framework, answers)
    current = {code: current_level(value) for code, value in start.items()}
    planned = _plan_levels(current, targets, prerequisites)
    gains = _gains(framework, start, area_weights)
    area_of = {i.code: area.code for area in framework.areas for i in area.indicators}
    order = {code: position for position, code in enumerate(framework.indicator_codes())}

    needs_of: dict[str, list[str]] = {}
    by_key: dict[str, tuple[str, int]] = {}
    for code in framework.indicator_codes():
        if current[code] is None:
            continue
        for level in range(current[code] + 1, planned[code] + 1):
            key = step_key(code, level)
            by_key[key] = (code, level)
            needs_of[key] = [step_key(code, level - 1)] if level - 1 > current[code] else []
    for p in prerequisites:
        key = step_key(p.indicator, p.level)
        needed = step_key(p.needs_indicator, p.needs_level)
        if key in by_key and needed in by_key and needed not in needs_of[key]:
            needs_of[key].append(needed)

    phase_of: dict[str, int] = {}

    def phase(key: str) -> int:
        # Recursion depth is bounded by the longest chain of needs (at most the number of steps).
        if key not in phase_of:
            phase_of[key] = 1 + max((phase(needed) for needed in needs_of[key]), default=0)
        return phase_of[key]

    for key in by_key:
        phase(key)

    steps_by_phase: dict[int, list[Step]] = {}
    for key, (code, level) in by_key.items():
        beyond = level > max(targets.get(code, 0), current[code])
        needs = tuple(sorted(needs_of[key], key=lambda k: (order[by_key[k][0]], by_key[k][1])))
        step = Step(code, area_of[code], level - 1, level, needs, gains[code], beyond)
        steps_by_phase.setdefault(phase_of[key], []).append(step)

    reached = dict(start)
    before_raw = _raw_overall(framework, reached, area_weights)
    phases = []
    for number in sorted(steps_by_phase):
        steps = sorted(steps_by_phase[number], key=lambda s: (-s.score_gain, order[s.indicator], s.to_level))
        for step in steps:
            reached[step.indicator] = step.to_level  # one step per indicator per phase: its needs chain the levels
        phases.append(Phase(number, tuple(steps), _raw_overall(framework, reached, area_weights)))
    return Roadmap(framework.version, tuple(sorted(targets.items())), is_default, before_raw, tuple(phases))


def _raw_overall(
    framework: FrameworkSpec, answers: Mapping[str, AnswerValue], area_weights: Mapping[str, float] | None
) -> float | None:
    """The unrounded overall score, as score_assessment computes it."""
    profile = score_assessment(framework, answers, area_weights)
    weighted = weights = 0.0
    for spec, area in zip(framework.areas, profile.areas, strict=True):
        if area.raw_score is None:
            continue
        weight = spec.weight if area_weights is None else area_weights.get(spec.code, spec.weight)
        weighted += weight * area.raw_score
        weights += weight
    return weighted / weights if weights else None


def reached_steps(roadmap: Roadmap, later_answers: Mapping[str, AnswerValue]) -> set[str]:
    """The keys of the steps a later assessment has reached: its level on the indicator is at or above the step's."""
    reached = set()
    for step in roadmap.steps():
        value = later_answers.get(step.indicator)
        if isinstance(value, int) and not isinstance(value, bool) and value >= step.to_level:
            reached.add(step.key)
    return reached


def targets_below_prerequisites(
    framework: FrameworkSpec,
    answers: Mapping[str, AnswerValue],
    targets: Mapping[str, int],
    prerequisites: Iterable[Prerequisite],
) -> list[Prerequisite]:
    """The prerequisites the targets leave unmet: the target of X reaches a level L not yet reached that
    needs level M of Y, while Y's target (or, without one, where Y stands) is below M. The roadmap adds
    the missing steps beyond Y's target; this says so to whoever sets the targets."""
    unmet = []
    for p in prerequisites:
        level, needed = current_level(answers.get(p.indicator)), current_level(answers.get(p.needs_indicator))
        if level is None or needed is None:
            continue
        reaches = level < p.level <= targets.get(p.indicator, level)
        if reaches and max(targets.get(p.needs_indicator, needed), needed) < p.needs_level:
            unmet.append(p)
    return unmet
