"""Ranks and rank robustness under other reasonable weights. Pure: no Django import.

docs/methodology.md ("Comparing economies") states the method; the code follows it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..scoring import MAX_LEVEL

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
class AreaEvidence:
    """What one economy's answers give for one area (scoring.area_evidence)."""

    levels_sum: float  # L = Σ weight × level / 4 over the levels given
    known_weight: float  # K = Σ weight over the levels given
    unknown_weights: tuple[float, ...]  # the weights of the unanswered and "don't know" indicators


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
    missing: Sequence[Sequence[AreaEvidence | None]] | None = None,
    draws: int = ROBUSTNESS_DRAWS,
    concentration: float = CONCENTRATION,
) -> list[RankInterval | None]:
    """Each economy's 5th–95th percentile rank when the area weights, and the missing answers, are redrawn.

    `area_scores` holds one row per economy (None where an area has no score);
    `weights` are the chosen area weights. Each draw takes area weights from a
    Dirichlet distribution with parameters κ × (weights / Σ weights). With
    `missing` (per economy and area, the evidence of its answers), each draw also
    gives every unanswered or "don't know" indicator a level drawn uniformly from
    0–4 and recomputes that area's score with it: 100 × (L + Σ w·level/4) / (K + U).
    Every overall score is then the weighted mean over the areas that have a score,
    as in scoring.score_assessment, and the economies are ranked with competition
    ranking. `rng` is a numpy Generator, seeded by the caller. Economies without any
    area score in any draw get None.
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
    per_draw = np.repeat(scores[:, :, None], draws, axis=2)  # economies × areas × draws
    if missing is not None:
        for e, row in enumerate(missing):
            for a, evidence in enumerate(row):
                if evidence is None or not evidence.unknown_weights:
                    continue
                unknown = np.asarray(evidence.unknown_weights, dtype=float)
                levels = rng.integers(0, MAX_LEVEL + 1, size=(len(unknown), draws)) / MAX_LEVEL
                possible = evidence.known_weight + unknown.sum()
                per_draw[e, a, :] = 100 * (evidence.levels_sum + unknown @ levels) / possible
    has_score = ~np.isnan(per_draw)
    filled = np.where(has_score, per_draw, 0.0)
    weighted = np.einsum("ead,da->ed", filled, drawn)  # economies × draws
    weight_sums = np.einsum("ead,da->ed", has_score.astype(float), drawn)
    ranked = has_score.any(axis=(1, 2))
    overall = np.where(weight_sums > 0, weighted / np.where(weight_sums > 0, weight_sums, 1.0), -np.inf)
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
