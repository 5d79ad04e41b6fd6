"""The comparison table (pandas): economies × areas with overall, maturity, stage, rank and rank interval."""

from __future__ import annotations

from . import ranking, scoring
from .comparison import Compared, WeightChoice

ID_COLUMNS = ["economy", "name", "name_zh", "framework", "status", "version", "assessment_id"]


def area_codes(compared: list[Compared]) -> list[str]:
    """Area columns: those of the first framework involved, then any other version adds."""
    codes: list[str] = []
    for item in compared:
        codes += [area.code for area in item.content.spec.areas if area.code not in codes]
    return codes


def comparison_frame(compared: list[Compared], choice: WeightChoice, *, robustness: bool = True):
    """One row per economy; area scores, overall score, maturity, stage, completeness, rank and interval."""
    import numpy as np
    import pandas as pd

    codes = area_codes(compared)
    rows = []
    raw_area_scores = []
    for item in compared:
        assessment, profile = item.assessment, item.profile
        scores = {area.code: area for area in profile.areas}
        row = {
            "economy": assessment.economy.code,
            "name": assessment.economy.name,
            "name_zh": assessment.economy.name_zh,
            "framework": profile.framework_version,
            "status": assessment.public_status,
            "version": assessment.version,
            "assessment_id": assessment.pk,
        }
        row |= {code: scores[code].rating.score if code in scores else None for code in codes}
        row |= {
            "overall": profile.overall.score,
            "score_low": profile.bounds.low,
            "score_high": profile.bounds.high,
            "maturity": profile.overall.maturity,
            "stage": profile.overall.stage_name,
            "completeness": profile.completeness.percent,
        }
        rows.append(row)
        raw_area_scores.append([scores[code].raw_score if code in scores else None for code in codes])
    frame = pd.DataFrame(
        rows, columns=[*ID_COLUMNS, *codes, "overall", "score_low", "score_high", "maturity", "stage", "completeness"]
    )
    frame["rank"] = pd.array(ranking.competition_ranks(list(frame["overall"].astype(object))), dtype="Int64")
    frame["rank_low"] = pd.array([None] * len(frame), dtype="Int64")
    frame["rank_high"] = pd.array([None] * len(frame), dtype="Int64")
    if robustness and compared:
        weights = choice.area_weights(compared[0].content)
        intervals = ranking.rank_intervals(
            raw_area_scores,
            [weights.get(code, 0.0) for code in codes],
            rng=np.random.default_rng(ranking.ROBUSTNESS_SEED),
        )
        frame["rank_low"] = pd.array([i.low if i else None for i in intervals], dtype="Int64")
        frame["rank_high"] = pd.array([i.high if i else None for i in intervals], dtype="Int64")
    return frame.astype({code: "Float64" for code in [*codes, "overall", "score_low", "score_high", "maturity"]})


def sorted_frame(frame, sort: str, codes: list[str]):
    """Sorted by rank (best first), by economy name, or by a score column (highest first)."""
    if sort == "economy":
        return frame.sort_values("name", kind="stable")
    if sort in codes or sort == "overall":
        return frame.sort_values(sort, ascending=False, na_position="last", kind="stable")
    return frame.sort_values(["rank", "name"], na_position="last", kind="stable")


def summary_rows(frame, codes: list[str]) -> list[dict]:
    """Mean and median of each score column over the economies that have a score there."""
    columns = [*codes, "overall"]
    return [
        {"label": label, **{c: _one_decimal(getattr(frame[c].astype(float), how)()) for c in columns}}
        for label, how in (("Mean", "mean"), ("Median", "median"))
    ]


def _one_decimal(value) -> float | None:
    import math

    return None if value is None or math.isnan(value) else scoring.round_half_up(value)
