"""Ranks and rank intervals under redrawn weights."""

import numpy as np
import pytest

from assessment.compare.ranking import RankInterval, competition_ranks, rank_intervals


@pytest.mark.parametrize(
    ("scores", "ranks"),
    [
        ([50.0, 70.0, 60.0], [3, 1, 2]),
        ([70.0, 60.0, 60.0, 10.0], [1, 2, 2, 4]),
        ([None, 40.0], [None, 1]),
        ([], []),
    ],
)
def test_competition_ranks(scores, ranks):
    assert competition_ranks(scores) == ranks


def test_a_dominant_economy_ranks_first_under_every_draw():
    intervals = rank_intervals([[90, 90], [50, 60], [10, 20]], [1, 1], rng=np.random.default_rng(1))
    assert intervals == [RankInterval(1, 1), RankInterval(2, 2), RankInterval(3, 3)]


def test_economies_that_trade_places_get_wide_intervals():
    # A leads in area 1, B in area 2, equal weights: their order depends on the draw.
    intervals = rank_intervals([[80, 40], [40, 80]], [1, 1], rng=np.random.default_rng(2))
    assert intervals == [RankInterval(1, 2), RankInterval(1, 2)]


def test_an_economy_without_any_score_has_no_interval():
    assert rank_intervals([[None, None], [50, 50]], [1, 1], rng=np.random.default_rng(3))[0] is None


def test_the_same_seed_gives_the_same_intervals():
    scores = [[60, 50, 40], [50, 55, 45], [58, 52, 41]]
    first = rank_intervals(scores, [2, 1, 1], rng=np.random.default_rng(7))
    assert rank_intervals(scores, [2, 1, 1], rng=np.random.default_rng(7)) == first


def test_the_interval_contains_the_rank_under_the_chosen_weights():
    scores = [[60, 50, 40], [50, 55, 45], [58, 52, 41], [30, 90, 70]]
    weights = [2, 1, 1]
    overall = [sum(w * s for w, s in zip(weights, row, strict=True)) / sum(weights) for row in scores]
    for rank, interval in zip(
        competition_ranks(overall), rank_intervals(scores, weights, rng=np.random.default_rng(5)), strict=True
    ):
        assert interval.low <= rank <= interval.high


def test_missing_answers_widen_the_interval():
    from assessment.compare.ranking import AreaEvidence

    # Three complete economies at 80, 60 and 40, and one that answered one indicator in four, at level 4.
    scores = [[80, 80], [60, 60], [40, 40], [100, 100]]
    complete = [AreaEvidence(s / 100 * 4, 4, ()) for s in (80, 60, 40)]
    sparse = AreaEvidence(1.0, 1, (1.0, 1.0, 1.0))
    missing = [[e, e] for e in complete] + [[sparse, sparse]]
    certain = rank_intervals(scores, [1, 1], rng=np.random.default_rng(1))
    uncertain = rank_intervals(scores, [1, 1], rng=np.random.default_rng(1), missing=missing)
    assert certain[3] == RankInterval(1, 1)
    assert uncertain[3].high - uncertain[3].low >= 2
