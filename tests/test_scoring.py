"""The scoring engine: hand-computed tables, properties and one golden file."""

import json
import random
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessment import scoring
from assessment.scoring import AreaSpec, FrameworkSpec, IndicatorSpec

# SW: weights 3, 1, 2 (area weight 60); BL: weights 1, 1 (area weight 40).
SW = AreaSpec("SW", 60, (IndicatorSpec("SW-1", 3), IndicatorSpec("SW-2", 1), IndicatorSpec("SW-3", 2)))
BL = AreaSpec("BL", 40, (IndicatorSpec("BL-1", 1), IndicatorSpec("BL-2", 1)))
FRAMEWORK = FrameworkSpec("T.1", (SW, BL))
GOLDEN = Path(__file__).parent / "golden" / "complete_assessment.json"


@pytest.mark.parametrize(
    ("answers", "score", "maturity", "stage"),
    [
        ({"SW-1": 4, "SW-2": 4, "SW-3": 4}, 100.0, 4.0, 4),
        # (3×1 + 1×0 + 2×0.5) / 6 = 66.67
        ({"SW-1": 4, "SW-2": 0, "SW-3": 2}, 66.7, 2.6, 2),
        # na leaves the denominator, dk scores 0: (1×1 + 2×0) / 3 = 33.33
        ({"SW-1": "na", "SW-2": 4, "SW-3": "dk"}, 33.3, 1.3, 1),
        # unanswered and na leave the denominator: 3×0.75 / 3 = 75
        ({"SW-1": 3, "SW-3": "na"}, 75.0, 3.0, 3),
        ({"SW-1": "dk", "SW-2": "dk", "SW-3": "dk"}, 0.0, 0.0, 0),
        ({"SW-1": "na", "SW-2": "na", "SW-3": "na"}, None, None, None),
        ({}, None, None, None),
    ],
)
def test_area_score_matches_hand_computation(answers, score, maturity, stage):
    rating = scoring.score_area(SW, answers).rating
    assert (rating.score, rating.maturity, rating.stage) == (score, maturity, stage)


@pytest.mark.parametrize(
    ("answers", "area_weights", "overall"),
    [
        # SW 66.67 and BL (0.5 + 1) / 2 = 75: (60×66.67 + 40×75) / 100 = 70
        ({"SW-1": 4, "SW-2": 0, "SW-3": 2, "BL-1": 2, "BL-2": 4}, None, 70.0),
        # an all-na area has no score and leaves the overall mean
        ({"SW-1": 4, "SW-2": 0, "SW-3": 2, "BL-1": "na", "BL-2": "na"}, None, 66.7),
        # equal weights: (66.67 + 75) / 2 = 70.83
        ({"SW-1": 4, "SW-2": 0, "SW-3": 2, "BL-1": 2, "BL-2": 4}, {"SW": 1, "BL": 1}, 70.8),
        # a weight profile that leaves an area out keeps that area's framework weight
        ({"SW-1": 4, "SW-2": 0, "SW-3": 2, "BL-1": 2, "BL-2": 4}, {"SW": 40}, 70.8),
        ({}, None, None),
    ],
)
def test_overall_score_is_weighted_mean_of_area_scores(answers, area_weights, overall):
    assert scoring.score_assessment(FRAMEWORK, answers, area_weights).overall.score == overall


@pytest.mark.parametrize(
    ("raw", "score", "maturity", "stage"),
    [
        (74.96, 75.0, 3.0, 3),  # maturity follows the displayed score
        (74.94, 74.9, 2.9, 2),  # truncated, never rounded up to the next step
        (62.45, 62.5, 2.5, 2),  # halves round up
        (24.99, 25.0, 1.0, 1),
        (100.0, 100.0, 4.0, 4),
        (0.0, 0.0, 0.0, 0),
    ],
)
def test_rate_derives_maturity_and_stage_from_the_displayed_score(raw, score, maturity, stage):
    rating = scoring.rate(raw)
    assert (rating.score, rating.maturity, rating.stage) == (score, maturity, stage)


def test_stage_names_follow_the_stage():
    assert scoring.rate(80).stage_name == "Established"
    assert scoring.rate(10).stage_name == "Not started"


def test_completeness_counts_na_and_dk_as_answered():
    profile = scoring.score_assessment(FRAMEWORK, {"SW-1": "na", "SW-2": 4, "SW-3": "dk"})
    assert (profile.completeness.answered, profile.completeness.total) == (3, 5)
    assert profile.completeness.percent == 60.0
    assert profile.area("SW").completeness.is_complete
    assert not profile.area("BL").completeness.is_complete


def test_dont_know_share_is_among_given_answers():
    profile = scoring.score_assessment(FRAMEWORK, {"SW-1": "na", "SW-2": 4, "SW-3": "dk"})
    assert profile.completeness.dont_know_percent == 33.3


def test_invalid_answer_value_is_refused():
    with pytest.raises(ValueError, match="SW-1"):
        scoring.score_area(SW, {"SW-1": 5})


@pytest.mark.parametrize("value", [5, -1, "3", 2.5, True, None, "yes", [1]])
def test_check_answer_rejects(value):
    assert scoring.check_answer(value) is not None


@pytest.mark.parametrize("value", [0, 1, 2, 3, 4, "na", "dk"])
def test_check_answer_accepts(value):
    assert scoring.check_answer(value) is None


def test_answer_errors_name_unknown_indicator_and_bad_value():
    errors = scoring.answer_errors(FRAMEWORK, {"SW-9": 1, "SW-1": 7, "SW-2": 2})
    assert [key for key, _reason in errors] == ["SW-9", "SW-1"]


def test_weakest_indicators_lowest_first_then_heaviest():
    answers = {"SW-1": 1, "SW-2": 1, "SW-3": 0}
    assert scoring.weakest_indicators(SW, answers) == [("SW-3", 0), ("SW-1", 1), ("SW-2", 1)]


def test_weakest_indicators_skip_top_level_na_and_unanswered():
    assert scoring.weakest_indicators(SW, {"SW-1": 4, "SW-2": "na"}) == []


@pytest.mark.parametrize(
    ("answers", "strengths", "weakest", "dont_know"),
    [
        # "don't know" is never a level: it is listed to find out, not as the weakest at level 0
        ({"SW-1": 1, "SW-2": "dk", "SW-3": 2}, [], [("SW-1", 1), ("SW-3", 2)], ["SW-2"]),
        # level 3 is a strength and therefore never among the weakest, even when it is the lowest
        ({"SW-1": 3, "SW-2": 4, "SW-3": 4}, [("SW-1", 3), ("SW-2", 4), ("SW-3", 4)], [], []),
        ({"SW-1": 3, "SW-2": 2, "SW-3": "na"}, [("SW-1", 3)], [("SW-2", 2)], []),
        ({}, [], [], []),
    ],
)
def test_strengths_weakest_and_dont_know_are_apart(answers, strengths, weakest, dont_know):
    assert scoring.strong_indicators(SW, answers) == strengths
    assert scoring.weakest_indicators(SW, answers) == weakest
    assert scoring.dont_know_indicators(SW, answers) == dont_know


@given(st.dictionaries(st.sampled_from(["SW-1", "SW-2", "SW-3"]), st.sampled_from([0, 1, 2, 3, 4, "na", "dk"])))
def test_no_indicator_is_both_a_strength_and_weak_or_unknown(answers):
    strong = {code for code, _ in scoring.strong_indicators(SW, answers)}
    weak = {code for code, _ in scoring.weakest_indicators(SW, answers)}
    unknown = set(scoring.dont_know_indicators(SW, answers))
    assert not (strong & weak) and not (strong & unknown) and not (weak & unknown)


@pytest.mark.parametrize(("stage", "expected"), [(None, 1), (0, 1), (2, 3), (3, 4), (4, 4)])
def test_next_stage(stage, expected):
    assert scoring.next_stage(stage) == expected


def test_framework_refuses_non_positive_indicator_weight():
    with pytest.raises(ValueError):
        IndicatorSpec("X-1", 0)


def _random_answers(rng: random.Random) -> dict:
    choices = [None, "na", "dk", 0, 1, 2, 3, 4]
    answers = {code: rng.choice(choices) for code in FRAMEWORK.indicator_codes()}
    return {code: value for code, value in answers.items() if value is not None}


def test_raising_an_answer_never_lowers_any_score():
    rng = random.Random(20231016)
    for _ in range(500):
        answers = _random_answers(rng)
        raisable = [code for code, value in answers.items() if isinstance(value, int) and value < 4]
        if not raisable:
            continue
        code = rng.choice(raisable)
        raised = {**answers, code: answers[code] + 1}
        before = scoring.score_assessment(FRAMEWORK, answers)
        after = scoring.score_assessment(FRAMEWORK, raised)
        assert after.overall.score >= before.overall.score
        for old, new in zip(before.areas, after.areas, strict=True):
            assert old.raw_score is None or new.raw_score >= old.raw_score


def test_scores_stay_between_0_and_100_and_maturity_between_0_and_4():
    rng = random.Random(7)
    for _ in range(500):
        profile = scoring.score_assessment(FRAMEWORK, _random_answers(rng), {"SW": rng.random(), "BL": rng.random()})
        for rating in [profile.overall, *(area.rating for area in profile.areas)]:
            if rating.score is not None:
                assert 0 <= rating.score <= 100
                assert 0 <= rating.maturity <= 4
                assert rating.stage == int(rating.maturity)


def test_score_many_equals_scoring_one_by_one():
    rng = random.Random(3)
    answer_sets = [_random_answers(rng) for _ in range(50)]
    assert scoring.score_many(FRAMEWORK, answer_sets) == [scoring.score_assessment(FRAMEWORK, a) for a in answer_sets]


def test_golden_complete_assessment():
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    spec = FrameworkSpec(
        golden["framework"]["version"],
        tuple(
            AreaSpec(area["code"], area["weight"], tuple(IndicatorSpec(code, w) for code, w in area["indicators"]))
            for area in golden["framework"]["areas"]
        ),
    )
    profile = scoring.score_assessment(spec, golden["answers"])
    assert scoring.profile_as_dict(profile, golden["economy"], golden["cycle"]) == golden["profile"]


@pytest.mark.parametrize(
    ("answers", "low", "high"),
    [
        ({"SW-1": 4, "SW-2": 4, "SW-3": 4}, 100.0, 100.0),  # complete: no room either way
        ({"SW-1": 4}, 50.0, 100.0),  # 3 of 6 weight known at level 4
        ({"SW-1": 4, "SW-2": "dk", "SW-3": 2}, 66.7, 83.3),  # "don't know" spans 0–4
        ({"SW-1": "na", "SW-2": "na", "SW-3": "na"}, None, None),  # nothing can be scored
        ({}, 0.0, 100.0),  # nothing answered: anything is possible
    ],
)
def test_area_bounds(answers, low, high):
    bounds = scoring.score_area(SW, answers).bounds
    assert (bounds.low, bounds.high) == (low, high)


def test_the_bounds_always_hold_the_score():
    rng = random.Random(7)
    for _ in range(300):
        answers = {code: value for code, value in _random_answers(rng).items() if rng.random() < 0.7}
        profile = scoring.score_assessment(FRAMEWORK, answers)
        for area in profile.areas:
            if area.raw_score is not None:
                assert area.bounds.raw_low - 1e-9 <= area.raw_score <= area.bounds.raw_high + 1e-9
        if profile.overall.score is not None:
            assert profile.bounds.low <= profile.overall.score <= profile.bounds.high
