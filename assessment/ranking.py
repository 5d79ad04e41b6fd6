"""Ranks and rank robustness under other reasonable weights. Pure: no Django import.

docs/methodology.md ("Comparing economies") states the method; the code follows it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

# How many weight sets are drawn, and the seed that makes the intervals repeatable.
ROBUSTNESS_DRAWS = 1000
ROBUSTNESS_SEED = 20230805  # the last day of SCCP2, Seattle
# Dirichlet concentration κ: draws have mean = the chosen weights and a weight w
# has standard deviation √(w(1−w)/(κ+1)); κ = 50 moves a 25% weight by about ±6 points.
CONCENTRATION = 50.0
# Percentiles of each economy's rank over the draws.
LOW_PERCENTILE = 5
HIGH_PERCENTILE = 95


@dataclass(frozen=True)
class RankInterval:
    low: int  # best rank seen in the central 90% of draws
    high: int  # worst rank seen there


def competition_ranks(scores: Sequence[float | None]) -> list[int | None]:
    """Rank 1 for the highest score; ties share the best rank ("1, 2, 2, 4"); None stays unranked."""
    scored = sorted((score for score in scores if score is not None), reverse=True)
    first_rank = {}
    for position, score in enumerate(scored, start=1):
        first_rank.setdefault(score, position)
    return [None if score is None else first_rank[score] for score in scores]


def rank_intervals(
    area_scores: Sequence[Sequence[float | None]],
    weights: Sequence[float],
    *,
    rng,
    draws: int = ROBUSTNESS_DRAWS,
    concentration: float = CONCENTRATION,
) -> list[RankInterval | None]:
    """Each economy's 5th–95th percentile rank when the area weights are redrawn.

    `area_scores` holds one row per economy (None where an area has no score);
    `weights` are the chosen area weights. Each draw takes area weights from a
    Dirichlet distribution with parameters κ × (weights / Σ weights), recomputes
    every overall score (weighted mean over the areas that have a score, as in
    scoring.score_assessment) and ranks them with competition ranking. `rng` is a
    numpy Generator, seeded by the caller. Economies without any area score get None.
    """
    import numpy as np

    scores = np.array([[np.nan if s is None else s for s in row] for row in area_scores], dtype=float)
    if scores.size == 0:
        return []
    base = np.asarray(weights, dtype=float)
    base = base / base.sum()
    # A zero weight would make the Dirichlet undefined; a tiny floor keeps that area all but out.
    alpha = np.maximum(concentration * base, 1e-3)
    drawn = rng.dirichlet(alpha, size=draws)  # draws × areas
    has_score = ~np.isnan(scores)
    filled = np.where(has_score, scores, 0.0)
    weighted = filled @ drawn.T  # economies × draws
    weight_sums = has_score.astype(float) @ drawn.T
    ranked = has_score.any(axis=1)
    overall = np.where(ranked[:, None], weighted / np.where(weight_sums > 0, weight_sums, 1.0), -np.inf)
    # Competition rank per draw: 1 + how many economies score strictly higher,
    # found by binary search in each draw's scores sorted in descending order.
    descending = -np.sort(overall, axis=0)[::-1]
    ranks = np.empty(overall.shape, dtype=int)
    for draw in range(draws):
        ranks[:, draw] = 1 + np.searchsorted(descending[:, draw], -overall[:, draw], side="left")
    low = np.percentile(ranks, LOW_PERCENTILE, axis=1, method="lower")
    high = np.percentile(ranks, HIGH_PERCENTILE, axis=1, method="higher")
    return [
        RankInterval(int(lo), int(hi)) if is_ranked else None
        for lo, hi, is_ranked in zip(low, high, ranked, strict=True)
    ]
