"""Independent reference data beside the self-assessment: published indicators per economy, the
rank correlation with the self-assessed scores, and the economies whose two ranks disagree."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..languages import reads_chinese
from ..models import ReferenceIndicator


@dataclass
class ReferenceColumn:
    """One measure of one source (its labels in the active language), its latest value up to a cycle
    for each economy."""

    source: str
    measure: str
    scale: str
    values: dict[str, float] = field(default_factory=dict)  # economy code → value
    years: dict[str, int] = field(default_factory=dict)
    urls: set[str] = field(default_factory=set)  # the publisher's pages
    copy_urls: set[str] = field(default_factory=set)  # third-party copies the values were transcribed from

    @property
    def label(self) -> str:
        """The source and its years; the heading names the measure (its scale, best end and scope) below."""
        years = sorted(set(self.years.values()))
        span = f"{years[0]}" if len(years) == 1 else f"{years[0]}–{years[-1]}" if years else ""
        if not span:
            return self.source
        # A Chinese label takes full-width brackets without a space: "OECD 貿易便捷化指標（2017–2022）".
        return f"{self.source}（{span}）" if reads_chinese() else f"{self.source} ({span})"


def columns_for(cycle: int, economy_codes: list[str]) -> list[ReferenceColumn]:
    """Each measure's latest value at or before the cycle, for the economies compared (one query)."""
    columns: dict[tuple[str, str], ReferenceColumn] = {}
    rows = (
        ReferenceIndicator.objects.filter(year__lte=cycle, economy__code__in=economy_codes)
        .select_related("economy")
        .order_by("source", "measure", "year")
    )
    for row in rows:
        column = columns.setdefault((row.source, row.measure), ReferenceColumn(row.source, row.measure, row.scale))
        column.values[row.economy.code] = row.value  # later years overwrite earlier ones
        column.years[row.economy.code] = row.year
        column.urls.add(row.url)
        if row.copy_url:
            column.copy_urls.add(row.copy_url)
    return list(columns.values())


# When the two rankings are said to agree (docs/methodology.md, "Reading the rank correlation"):
# the usual conventions for a rank correlation, |rho| under 0.3 weak, from 0.6 strong.
STRONG_AGREEMENT = 0.6
SOME_AGREEMENT = 0.3
# An economy is flagged only where the two rankings agree at least somewhat (otherwise every
# economy differs and a flag says nothing) and its two ranks lie more than a third of the economies
# compared apart, and at least this many places: with 21 economies, more than 7 places.
FLAG_SHARE = 1 / 3
FLAG_MIN_PLACES = 3


def agreement_reading(spearman: float | None) -> str:
    """How the two rankings agree, in words: "strong", "some", "weak", "opposite" ("" without a value)."""
    if spearman is None:
        return ""
    if spearman >= STRONG_AGREEMENT:
        return "strong"
    if spearman >= SOME_AGREEMENT:
        return "some"
    return "opposite" if spearman <= -SOME_AGREEMENT else "weak"


@dataclass(frozen=True)
class Disagreement:
    economy: str
    own_rank: int
    reference_rank: int


@dataclass(frozen=True)
class Agreement:
    column: ReferenceColumn
    spearman: float | None  # None with fewer than three economies holding both values
    compared: int
    disagreements: list[Disagreement]


def agreement(overall: dict[str, float | None], column: ReferenceColumn) -> Agreement:
    """Spearman's rank correlation between the self-assessed overall scores and the reference measure,
    and, where the two agree at least somewhat (SOME_AGREEMENT), every economy whose two ranks differ
    by more than FLAG_SHARE of the economies compared and at least FLAG_MIN_PLACES places."""
    import pandas as pd

    codes = [code for code, score in overall.items() if score is not None and code in column.values]
    if len(codes) < 3:
        return Agreement(column, None, len(codes), [])
    frame = pd.DataFrame(
        {"own": [overall[c] for c in codes], "reference": [column.values[c] for c in codes]}, index=codes
    )
    own_rank = frame["own"].rank(ascending=False, method="min").astype(int)
    reference_rank = frame["reference"].rank(ascending=False, method="min").astype(int)
    # Spearman's rho: Pearson's correlation of the ranks (ties take their average rank).
    spearman = frame["own"].rank().corr(frame["reference"].rank())
    rho = None if spearman != spearman else round(float(spearman), 2)
    limit = max(len(codes) * FLAG_SHARE, FLAG_MIN_PLACES - 0.5)
    disagreements = [
        Disagreement(code, int(own_rank[code]), int(reference_rank[code]))
        for code in codes
        if rho is not None and rho >= SOME_AGREEMENT and abs(own_rank[code] - reference_rank[code]) > limit
    ]
    return Agreement(column, rho, len(codes), disagreements)
