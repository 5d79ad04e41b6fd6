"""The comparison table (pandas): economies × areas with overall, maturity, stage, rank and rank interval."""

from __future__ import annotations

from .. import scoring
from . import ranking
from .comparison import Compared, WeightChoice

ID_COLUMNS = ["economy", "name", "name_zh", "framework", "status", "version", "assessment_id"]


def area_codes(compared: list[Compared]) -> list[str]:
    """Area columns: those of the first framework involved, then any other version adds."""
    codes: list[str] = []
    for item in compared:
        codes += [area.code for area in item.content.spec.areas if area.code not in codes]
    return codes


def comparison_frame(
    compared: list[Compared],
    choice: WeightChoice,
    *,
    robustness: bool = True,
    min_completeness: float = 60.0,
    provisional: bool = False,
):
    """One row per economy; area scores, overall score and bounds, maturity, stage, completeness, rank and interval.

    Only economies that answered at least `min_completeness` percent of the questionnaire are
    ranked (`ranked` true); the others are listed without a rank, unless `provisional` asks
    for the ranks of all, marked provisional.
    """
    import numpy as np
    import pandas as pd

    codes = area_codes(compared)
    rows = []
    raw_area_scores = []
    evidence = []
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
            # Thin data names no stage (scoring.THIN_BELOW_SHARE).
            "stage": None if profile.completeness.is_thin else profile.overall.stage_name,
            "completeness": profile.completeness.percent,
        }
        rows.append(row)
        raw_area_scores.append([scores[code].raw_score if code in scores else None for code in codes])
        specs = {area.code: area for area in item.content.spec.areas}
        evidence.append(
            [
                ranking.AreaEvidence(*scoring.area_evidence(specs[code], item.answer_values)) if code in specs else None
                for code in codes
            ]
        )
    frame = pd.DataFrame(
        rows, columns=[*ID_COLUMNS, *codes, "overall", "score_low", "score_high", "maturity", "stage", "completeness"]
    )
    frame["ranked"] = [bool(c >= min_completeness) for c in frame["completeness"]]
    included = [True] * len(frame) if provisional else list(frame["ranked"])
    overall = [score if keep else None for score, keep in zip(frame["overall"].astype(object), included, strict=True)]
    frame["rank"] = pd.array(ranking.competition_ranks(overall), dtype="Int64")
    frame["rank_low"] = pd.array([None] * len(frame), dtype="Int64")
    frame["rank_high"] = pd.array([None] * len(frame), dtype="Int64")
    population = [n for n, keep in enumerate(included) if keep]
    if robustness and population:
        weights = choice.area_weights(compared[0].content)
        intervals = ranking.rank_intervals(
            [raw_area_scores[n] for n in population],
            [weights.get(code, 0.0) for code in codes],
            missing=[evidence[n] for n in population],
            rng=np.random.default_rng(ranking.ROBUSTNESS_SEED),
        )
        by_row = dict(zip(population, intervals, strict=True))
        frame["rank_low"] = pd.array(
            [by_row[n].low if by_row.get(n) else None for n in range(len(frame))], dtype="Int64"
        )
        frame["rank_high"] = pd.array(
            [by_row[n].high if by_row.get(n) else None for n in range(len(frame))], dtype="Int64"
        )
    return frame.astype({code: "Float64" for code in [*codes, "overall", "score_low", "score_high", "maturity"]})


def sorted_frame(frame, sort: str, codes: list[str]):
    """Sorted by rank (best first), by economy name, or by a score column (highest first);
    "-key" reverses the order, economies without a value staying last."""
    reverse = sort.startswith("-")
    key = sort.removeprefix("-")
    if key == "economy":
        return frame.sort_values("name", ascending=not reverse, kind="stable")
    if key in codes or key == "overall":
        return frame.sort_values(key, ascending=reverse, na_position="last", kind="stable")
    return frame.sort_values(["rank", "name"], ascending=[not reverse, True], na_position="last", kind="stable")


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
