"""What the profile and its printed summary show: each area's strengths, weakest indicators and peers."""

from __future__ import annotations

from dataclasses import dataclass

from .. import scoring
from ..answers.selectors import ScoredAssessment
from ..framework.selectors import practices_for_stage
from ..models import Area, BestPractice, Indicator


@dataclass(frozen=True)
class WeakIndicator:
    indicator: Indicator
    level: int
    next_level_description: str


@dataclass(frozen=True)
class AreaSection:
    """What the profile and summary pages show for one area.

    Strengths (level ≥ scoring.STRENGTH_LEVEL), weakest (levels below it) and to_find_out
    ("don't know") never share an indicator."""

    area: Area
    profile: scoring.AreaProfile
    strengths: list[tuple[Indicator, int]]
    weakest: list[WeakIndicator]
    practices: list[BestPractice]  # peers' practices and results at the next stage
    context: list[BestPractice]  # plans and findings the report gives for the area
    to_find_out: list[Indicator]  # answered "don't know"

    @property
    def has_answers(self) -> bool:
        return self.profile.completeness.answered > 0


def area_sections(scored: ScoredAssessment, practices_by_area: dict[str, list[BestPractice]]) -> list[AreaSection]:
    """Each area's strengths, weakest indicators with their next level, "don't know" answers and the
    peers' practices that show the way (never the economy's own)."""
    values = scored.answer_values
    sections = []
    content = scored.content
    for area, area_spec, area_profile in zip(content.areas, content.spec.areas, scored.profile.areas, strict=True):
        indicators = {indicator.code: indicator for indicator in area.indicators.all()}
        weakest = [
            WeakIndicator(indicators[code], level, indicators[code].levels[level + 1])
            for code, level in scoring.weakest_indicators(area_spec, values)
        ]
        strengths = [(indicators[code], level) for code, level in scoring.strong_indicators(area_spec, values)]
        to_find_out = [indicators[code] for code in scoring.dont_know_indicators(area_spec, values)]
        # A peer's practice is never the economy's own.
        others = [p for p in practices_by_area.get(area.code, []) if p.economy_id != scored.assessment.economy_id]
        peers = [p for p in others if p.kind in BestPractice.PEER_KINDS]
        context = [p for p in others if p.kind not in BestPractice.PEER_KINDS]
        practices = practices_for_stage(peers, area_profile.rating.stage)
        sections.append(AreaSection(area, area_profile, strengths, weakest, practices, context, to_find_out))
    return sections
