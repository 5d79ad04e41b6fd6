"""What an economy's page shows across cycles: scores, and a change only where two cycles compare.

A change is shown only between two real (not illustrative) assessments that both meet the
completeness threshold of the ranking. Two such cycles on the same framework version compare
directly; across versions the earlier answers are first carried into the later version through
the crosswalk and scored with it, and the change is marked as mapped. Otherwise the row says why
the cycles are not compared.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import scoring
from ..framework import crosswalk
from ..framework.selectors import crosswalk_maps
from .comparison import Compared, WeightChoice

SAME = "same"  # same framework version
MAPPED = "mapped"  # earlier answers mapped into the later version
NOT_COMPARABLE = "not-comparable"  # different versions and no crosswalk between them
ILLUSTRATIVE = "illustrative"  # one of the two is illustrative data, not a self-assessment
INCOMPLETE = "incomplete"  # one of the two answered less than the threshold


@dataclass
class TrendRow:
    compared: Compared
    scores: dict[str, float | None]
    change: dict[str, float | None] = field(default_factory=dict)
    basis: str | None = None  # SAME, MAPPED, or why not compared; None for the first cycle
    framework_changed: bool = False
    incomplete: bool = False  # below the completeness threshold


def _scores(profile: scoring.Profile) -> dict[str, float | None]:
    scores = {area.code: area.rating.score for area in profile.areas}
    scores["overall"] = profile.overall.score
    return scores


def trend_rows(
    compared: list[Compared], codes: list[str], choice: WeightChoice, min_completeness: float
) -> list[TrendRow]:
    rows: list[TrendRow] = []
    previous: Compared | None = None
    for item in compared:
        row = TrendRow(item, _scores(item.profile), dict.fromkeys([*codes, "overall"]))
        row.incomplete = item.profile.completeness.percent < min_completeness
        if previous is not None:
            before, row.basis = _comparable_scores(previous, item, choice, min_completeness)
            row.framework_changed = previous.assessment.framework_id != item.assessment.framework_id
            row.change = {
                key: None
                if before is None or row.scores.get(key) is None or before.get(key) is None
                else round(row.scores[key] - before[key], 1)
                for key in [*codes, "overall"]
            }
        rows.append(row)
        previous = item
    return rows


def _comparable_scores(previous: Compared, item: Compared, choice: WeightChoice, min_completeness: float):
    """The previous cycle's scores as comparable with this one, and on what basis (or why not)."""
    if previous.assessment.is_illustrative or item.assessment.is_illustrative:
        return None, ILLUSTRATIVE
    if min(previous.profile.completeness.percent, item.profile.completeness.percent) < min_completeness:
        return None, INCOMPLETE
    if previous.assessment.framework_id == item.assessment.framework_id:
        return _scores(previous.profile), SAME
    maps = crosswalk_maps(previous.assessment.framework, item.assessment.framework)
    if not maps:
        return None, NOT_COMPARABLE
    carried = crosswalk.mapped_answers(maps, previous.answer_values)
    weights = choice.area_weights(item.content)
    return _scores(scoring.score_assessment(item.content.spec, carried, weights)), MAPPED
