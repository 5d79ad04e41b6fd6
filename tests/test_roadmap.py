"""The roadmap engine: hand-computed tables, properties on generated frameworks, the cycle check."""

import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessment import roadmap, scoring
from assessment.roadmap import Prerequisite, PrerequisiteError
from assessment.scoring import AreaSpec, FrameworkSpec, IndicatorSpec

# SW: weights 3, 1, 2 (area weight 60); BL: weights 1, 1 (area weight 40).
SW = AreaSpec("SW", 60, (IndicatorSpec("SW-1", 3), IndicatorSpec("SW-2", 1), IndicatorSpec("SW-3", 2)))
BL = AreaSpec("BL", 40, (IndicatorSpec("BL-1", 1), IndicatorSpec("BL-2", 1)))
FRAMEWORK = FrameworkSpec("T.1", (SW, BL))

EXAMPLES = settings(
    max_examples=int(os.environ.get("HYPOTHESIS_EXAMPLES", "150")),
    derandomize="HYPOTHESIS_EXAMPLES" not in os.environ,
    database=None,
    deadline=None,
)


@pytest.mark.parametrize(
    ("answers", "targets", "sw", "bl", "overall"),
    [
        # SW: (3×2 + 1×1 + 2×0) / (3×4 + 1×2 + 2×2) = 7 / 18 = 38.9; BL: (1 + 2) / (2 + 2) = 75
        # overall (60×38.89 + 40×75) / 100 = 53.3
        (
            {"SW-1": 2, "SW-2": 1, "SW-3": 0, "BL-1": 1, "BL-2": 2},
            {"SW-1": 4, "SW-2": 2, "SW-3": 2, "BL-1": 2, "BL-2": 2},
            38.9,
            75.0,
            53.3,
        ),
        # a level above its target counts as the target: SW (3×1 + 1×3) / (3×1 + 1×4) = 6 / 7 = 85.7
        ({"SW-1": 4, "SW-2": 3}, {"SW-1": 1, "SW-2": 4}, 85.7, None, 85.7),
        # "don't know" and unanswered stand at 0; "not applicable" leaves: SW 3×0 / 3×2 = 0, BL 1×0 / 1×4 = 0
        ({"SW-1": "dk", "SW-3": "na", "BL-1": "dk"}, {"SW-1": 2, "SW-3": 4, "BL-2": 4}, 0.0, 0.0, 0.0),
        # an indicator without a target is left out: SW-2 at 0 does not count; SW 3×3 / 3×3 = 100
        ({"SW-1": 3, "SW-2": 0}, {"SW-1": 3}, 100.0, None, 100.0),
        # no target at all: no percent
        ({"SW-1": 3}, {}, None, None, None),
        # a target of 0 asks nothing
        ({"SW-1": 3}, {"SW-1": 0}, None, None, None),
    ],
)
def test_percent_to_target_matches_hand_computation(answers, targets, sw, bl, overall):
    result = roadmap.percent_to_target(FRAMEWORK, answers, targets)
    assert (result.area("SW"), result.area("BL"), result.overall) == (sw, bl, overall)


def test_area_targets_apply_to_indicators_without_their_own():
    targets = roadmap.indicator_targets(FRAMEWORK, {"SW": 3}, {"SW-2": 1, "BL-1": 4})
    assert targets == {"SW-1": 3, "SW-2": 1, "SW-3": 3, "BL-1": 4}


def keys_by_phase(plan: roadmap.Roadmap) -> list[list[str]]:
    return [[step.key for step in phase.steps] for phase in plan.phases]


@pytest.mark.parametrize(
    ("answers", "targets", "prerequisites", "phases"),
    [
        # gains: SW-1 100×0.6×3/6/4 = 7.5, SW-3 5.0, SW-2 2.5, BL-1 = BL-2 5.0
        ({"SW-1": 1, "SW-2": 1, "SW-3": 1}, {"SW-1": 2, "SW-2": 2, "SW-3": 2}, [], [["SW-1:2", "SW-3:2", "SW-2:2"]]),
        # two levels on one indicator take two phases
        ({"SW-1": 0}, {"SW-1": 2}, [], [["SW-1:1"], ["SW-1:2"]]),
        # a target below the current level asks nothing
        ({"SW-1": 3, "SW-2": 0}, {"SW-1": 1, "SW-2": 1}, [], [["SW-2:1"]]),
        # SW-1:2 needs BL-1:1: BL-1 first, although it gains less
        (
            {"SW-1": 1, "BL-1": 0},
            {"SW-1": 2, "BL-1": 1},
            [Prerequisite("SW-1", 2, "BL-1", 1)],
            [["BL-1:1"], ["SW-1:2"]],
        ),
        # a prerequisite above the target of what it needs adds that step, beyond the target
        (
            {"SW-1": 1, "BL-1": 0},
            {"SW-1": 2},
            [Prerequisite("SW-1", 2, "BL-1", 2)],
            [["BL-1:1"], ["BL-1:2"], ["SW-1:2"]],
        ),
        # a prerequisite already met, or on a "not applicable" indicator, asks nothing
        ({"SW-1": 1, "BL-1": 2}, {"SW-1": 2}, [Prerequisite("SW-1", 2, "BL-1", 2)], [["SW-1:2"]]),
        ({"SW-1": 1, "BL-1": "na"}, {"SW-1": 2}, [Prerequisite("SW-1", 2, "BL-1", 2)], [["SW-1:2"]]),
        # "don't know" and unanswered start at 0; "not applicable" gets no step
        ({"SW-1": "dk", "SW-3": "na"}, {"SW-1": 1, "SW-2": 1, "SW-3": 1}, [], [["SW-1:1", "SW-2:1"]]),
    ],
)
def test_roadmap_phases_match_hand_computation(answers, targets, prerequisites, phases):
    assert keys_by_phase(roadmap.plan_roadmap(FRAMEWORK, answers, targets, prerequisites)) == phases


def test_a_step_beyond_the_target_is_marked():
    plan = roadmap.plan_roadmap(FRAMEWORK, {"SW-1": 1, "BL-1": 0}, {"SW-1": 2}, [Prerequisite("SW-1", 2, "BL-1", 2)])
    assert [(step.key, step.beyond_target) for step in plan.steps()] == [
        ("BL-1:1", True),
        ("BL-1:2", True),
        ("SW-1:2", False),
    ]


def test_a_step_lists_what_it_needs():
    plan = roadmap.plan_roadmap(
        FRAMEWORK, {"SW-1": 0, "BL-1": 0}, {"SW-1": 2, "BL-1": 1}, [Prerequisite("SW-1", 2, "BL-1", 1)]
    )
    assert {step.key: step.needs for step in plan.steps()} == {
        "SW-1:1": (),
        "BL-1:1": (),
        "SW-1:2": ("SW-1:1", "BL-1:1"),
    }


@pytest.mark.parametrize(
    ("answers", "indicator", "gain"),
    [
        # 100 × 60/100 × 3/6 × 1/4 = 7.5
        ({"SW-1": 0, "SW-2": 0, "SW-3": 0, "BL-1": 0, "BL-2": 0}, "SW-1", 7.5),
        # BL-2 "not applicable": BL-1 carries the whole of BL: 100 × 40/100 × 1/1 × 1/4 = 10
        ({"SW-1": 0, "SW-2": 0, "SW-3": 0, "BL-1": 0, "BL-2": "na"}, "BL-1", 10.0),
        # all of BL "not applicable": SW is the whole score; SW-2: 100 × 1/6 × 1/4 = 4.17
        ({"SW-1": 0, "SW-2": 0, "SW-3": 0, "BL-1": "na", "BL-2": "na"}, "SW-2", 100 / 24),
    ],
)
def test_score_gain_is_weights_times_one_level(answers, indicator, gain):
    plan = roadmap.plan_roadmap(FRAMEWORK, answers, {indicator: 1})
    assert plan.steps()[0].score_gain == pytest.approx(gain)


def test_score_after_each_phase_is_the_score_with_its_steps_done():
    answers = {"SW-1": 1, "SW-2": 1, "SW-3": 1, "BL-1": 0, "BL-2": 4}
    plan = roadmap.plan_roadmap(FRAMEWORK, answers, {"SW-1": 3, "BL-1": 1})
    after_first = {**answers, "SW-1": 2, "BL-1": 1}
    expected = scoring.score_assessment(FRAMEWORK, after_first).overall.score
    assert scoring.rate(plan.phases[0].score_after).score == expected


def test_without_targets_the_plan_is_one_level_up_and_says_it_is_a_default():
    plan = roadmap.plan_roadmap(FRAMEWORK, {"SW-1": 4, "SW-2": 2, "SW-3": "na", "BL-1": "dk"}, None)
    assert plan.is_default
    assert sorted(step.key for step in plan.steps()) == ["BL-1:1", "BL-2:1", "SW-2:3"]


def test_with_targets_the_plan_is_not_a_default():
    assert not roadmap.plan_roadmap(FRAMEWORK, {}, {"SW-1": 1}).is_default


def test_a_later_assessment_reaches_the_steps_at_or_below_its_levels():
    plan = roadmap.plan_roadmap(FRAMEWORK, {"SW-1": 0, "BL-1": 0}, {"SW-1": 3, "BL-1": 1})
    assert roadmap.reached_steps(plan, {"SW-1": 2, "BL-1": "dk"}) == {"SW-1:1", "SW-1:2"}


@pytest.mark.parametrize(
    ("prerequisites", "message"),
    [
        ([Prerequisite("SW-1", 2, "BL-1", 2), Prerequisite("BL-1", 2, "SW-1", 2)], "BL-1:2 → SW-1:2 → BL-1:2"),
        # through the levels below: SW-1:1 needs BL-1:2, which needs BL-1:1, which needs SW-1:2, which needs SW-1:1
        (
            [Prerequisite("SW-1", 1, "BL-1", 2), Prerequisite("BL-1", 1, "SW-1", 2)],
            "BL-1:1 → SW-1:2 → SW-1:1 → BL-1:2 → BL-1:1",
        ),
        ([Prerequisite("SW-1", 2, "XX-9", 1)], "no indicator 'XX-9'"),
        ([Prerequisite("SW-1", 5, "BL-1", 1)], "level 5 is not 1–4"),
        ([Prerequisite("SW-1", 2, "BL-1", 0)], "level 0 is not 1–4"),
        ([Prerequisite("SW-1", 2, "SW-1", 1)], "cannot need itself"),
        ([Prerequisite("SW-1", 2, "BL-1", 1), Prerequisite("SW-1", 2, "BL-1", 2)], "SW-1:2 needs BL-1 twice"),
    ],
)
def test_bad_prerequisites_are_refused_naming_the_fault(prerequisites, message):
    with pytest.raises(PrerequisiteError, match=message):
        roadmap.check_prerequisites(FRAMEWORK, prerequisites)


def test_planning_refuses_a_cycle():
    cycle = [Prerequisite("SW-1", 2, "BL-1", 2), Prerequisite("BL-1", 2, "SW-1", 2)]
    with pytest.raises(PrerequisiteError, match="cycle"):
        roadmap.plan_roadmap(FRAMEWORK, {}, {"SW-1": 4}, cycle)


# Generated frameworks: up to 4 areas of up to 4 indicators, random answers and targets, and
# prerequisites that only point to an indicator earlier in a random order, hence acyclic.
@st.composite
def plans(draw):
    weights = st.sampled_from([0.5, 1, 2, 3])
    areas = []
    for a in range(draw(st.integers(1, 4))):
        count = draw(st.integers(1, 4))
        areas.append(
            AreaSpec(
                f"A{a}",
                draw(st.sampled_from([0, 10, 25, 40])),
                tuple(IndicatorSpec(f"A{a}-{i}", draw(weights)) for i in range(count)),
            )
        )
    framework = FrameworkSpec("G.1", tuple(areas))
    codes = framework.indicator_codes()
    value = st.one_of(st.integers(0, 4), st.sampled_from(["na", "dk"]), st.none())
    answers = {code: v for code in codes if (v := draw(value)) is not None}
    targets = draw(st.dictionaries(st.sampled_from(codes), st.integers(0, 4)))
    order = draw(st.permutations(codes))
    prerequisites = []
    if len(codes) > 1:
        for _ in range(draw(st.integers(0, 8))):
            later, earlier = sorted(draw(st.lists(st.integers(0, len(codes) - 1), min_size=2, max_size=2, unique=True)))
            prerequisites.append(
                Prerequisite(order[later], draw(st.integers(1, 4)), order[earlier], draw(st.integers(1, 4)))
            )
    # one prerequisite per level and indicator needed, as the framework content allows
    unique = {(p.indicator, p.level, p.needs_indicator): p for p in prerequisites}
    return framework, answers, targets, list(unique.values())


def phase_by_key(plan):
    return {step.key: phase.number for phase in plan.phases for step in phase.steps}


@EXAMPLES
@given(plans())
def test_no_step_comes_before_a_step_it_needs(case):
    framework, answers, targets, prerequisites = case
    plan = roadmap.plan_roadmap(framework, answers, targets, prerequisites)
    phase = phase_by_key(plan)
    for step in plan.steps():
        # recomputed from the prerequisites, not trusted from step.needs
        level_below = roadmap.step_key(step.indicator, step.to_level - 1)
        if level_below in phase:
            assert phase[level_below] < phase[step.key]
        for p in prerequisites:
            if (p.indicator, p.level) != (step.indicator, step.to_level):
                continue
            start = roadmap.current_level(answers.get(p.needs_indicator))
            if start is None or start >= p.needs_level:
                continue
            needed = roadmap.step_key(p.needs_indicator, p.needs_level)
            assert phase[needed] < phase[step.key]


@EXAMPLES
@given(plans())
def test_every_gap_is_covered_exactly_once(case):
    framework, answers, targets, prerequisites = case
    plan = roadmap.plan_roadmap(framework, answers, targets, prerequisites)
    keys = [step.key for step in plan.steps()]
    assert len(keys) == len(set(keys))
    wanted = targets or roadmap.default_targets(framework, answers)
    for code, target in wanted.items():
        start = roadmap.current_level(answers.get(code))
        if start is None:
            continue
        for level in range(start + 1, target + 1):
            assert roadmap.step_key(code, level) in keys
    for step in plan.steps():
        assert step.to_level == step.from_level + 1
        assert step.beyond_target == (step.to_level > wanted.get(step.indicator, 0))


@EXAMPLES
@given(plans())
def test_a_step_beyond_its_target_is_needed_by_another_step(case):
    framework, answers, targets, prerequisites = case
    plan = roadmap.plan_roadmap(framework, answers, targets, prerequisites)
    needed = {key for step in plan.steps() for key in step.needs}
    for step in plan.steps():
        if step.beyond_target:
            assert step.key in needed


@EXAMPLES
@given(plans())
def test_phases_are_minimal(case):
    framework, answers, targets, prerequisites = case
    plan = roadmap.plan_roadmap(framework, answers, targets, prerequisites)
    phase = phase_by_key(plan)
    assert [p.number for p in plan.phases] == list(range(1, len(plan.phases) + 1))
    for step in plan.steps():
        if phase[step.key] > 1:
            assert any(phase[needed] == phase[step.key] - 1 for needed in step.needs)
        else:
            assert not step.needs


@EXAMPLES
@given(plans())
def test_within_a_phase_the_larger_gain_comes_first_and_gains_add_up_to_the_score(case):
    framework, answers, targets, prerequisites = case
    plan = roadmap.plan_roadmap(framework, answers, targets, prerequisites)
    before = plan.score_before
    for phase in plan.phases:
        gains = [step.score_gain for step in phase.steps]
        assert gains == sorted(gains, reverse=True)
        if before is not None:
            assert phase.score_after == pytest.approx(before + sum(gains))
        before = phase.score_after


def has_cycle(prerequisites) -> bool:
    """Brute force: a node that reaches itself through the transitive closure."""
    nodes = {(p.indicator, p.level) for p in prerequisites} | {
        (p.needs_indicator, p.needs_level) for p in prerequisites
    }
    nodes |= {(code, level) for code, _ in list(nodes) for level in range(1, 5)}
    edges = {node: set() for node in nodes}
    for p in prerequisites:
        edges[(p.indicator, p.level)].add((p.needs_indicator, p.needs_level))
    for code, level in nodes:
        if level > 1:
            edges[(code, level)].add((code, level - 1))
    for start in nodes:
        seen, frontier = set(), set(edges[start])
        while frontier:
            if start in frontier:
                return True
            seen |= frontier
            frontier = {n for f in frontier for n in edges[f]} - seen
    return False


@EXAMPLES
@given(
    st.lists(
        st.builds(
            Prerequisite,
            st.sampled_from(["SW-1", "SW-2", "BL-1"]),
            st.integers(1, 4),
            st.sampled_from(["SW-1", "SW-2", "BL-1"]),
            st.integers(1, 4),
        ).filter(lambda p: p.indicator != p.needs_indicator),
        max_size=5,
        unique_by=lambda p: (p.indicator, p.level, p.needs_indicator),
    )
)
def test_a_set_of_prerequisites_is_refused_exactly_when_it_has_a_cycle(prerequisites):
    try:
        roadmap.check_prerequisites(FRAMEWORK, prerequisites)
        refused = False
    except PrerequisiteError as error:
        refused = True
        assert "cycle" in str(error)
    assert refused == has_cycle(prerequisites)


@pytest.mark.parametrize(
    ("answers", "targets", "unmet"),
    [
        # SW-1 aims at 2, which needs BL-1 at 2; BL-1 aims at 1: unmet
        ({"SW-1": 1, "BL-1": 0}, {"SW-1": 2, "BL-1": 1}, ["SW-1:2 needs BL-1:2"]),
        # no target on BL-1, which stands at 0: unmet
        ({"SW-1": 1}, {"SW-1": 3}, ["SW-1:2 needs BL-1:2"]),
        # BL-1 already stands at 2: met
        ({"SW-1": 1, "BL-1": 2}, {"SW-1": 2, "BL-1": 0}, []),
        # SW-1's target stays below the guarded level: nothing to say
        ({"SW-1": 0}, {"SW-1": 1}, []),
        # SW-1 is already at 2: its prerequisite is no target's business
        ({"SW-1": 2}, {"SW-1": 4}, []),
    ],
)
def test_a_target_below_a_prerequisites_level_is_named(answers, targets, unmet):
    prerequisites = [Prerequisite("SW-1", 2, "BL-1", 2)]
    found = roadmap.targets_below_prerequisites(FRAMEWORK, answers, targets, prerequisites)
    assert [p.label for p in found] == unmet
