"""Reads of framework content: areas, indicators, crosswalks and best practices, shaped for scoring."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.db.models import Prefetch

from .. import page_cache, roadmap, scoring
from ..models import Area, BestPractice, Framework, Indicator, IndicatorMapping, Prerequisite
from . import crosswalk


@dataclass(frozen=True)
class FrameworkContent:
    """A framework's areas (each with .indicators prefetched) and its scoring spec."""

    framework: Framework
    areas: list[Area]
    spec: scoring.FrameworkSpec

    def area(self, code: str) -> Area | None:
        return next((area for area in self.areas if area.code == code), None)

    @property
    def indicators(self) -> list[Indicator]:
        return [indicator for area in self.areas for indicator in area.indicators.all()]

    @cached_property
    def prerequisites(self) -> list[Prerequisite]:
        """The framework's prerequisites, read on first use and then kept as long as the content."""
        return prerequisites_of(self.framework)

    def prerequisites_of_indicator(self, code: str) -> list[Prerequisite]:
        return [p for p in self.prerequisites if p.indicator.code == code]


def spec_of(framework: Framework, areas: list[Area]) -> scoring.FrameworkSpec:
    return scoring.FrameworkSpec(
        version=framework.version,
        areas=tuple(
            scoring.AreaSpec(
                code=area.code,
                weight=float(area.weight),
                indicators=tuple(
                    scoring.IndicatorSpec(code=indicator.code, weight=float(indicator.weight))
                    for indicator in area.indicators.all()
                ),
            )
            for area in areas
        ),
    )


_content_memo: dict[int, tuple[str, FrameworkContent]] = {}


def framework_content(framework: Framework) -> FrameworkContent:
    """Areas and indicators of a framework, kept in the process until the content changes.

    Every page needs them and they change only when the framework is reloaded or edited, which
    renews the content generation (see page_cache.forget_all)."""
    generation = page_cache.content_generation()
    memo = _content_memo.get(framework.pk)
    if memo is not None and memo[0] == generation:
        return memo[1]
    content = load_framework_content(framework)
    _content_memo[framework.pk] = (generation, content)
    return content


def load_framework_content(framework: Framework) -> FrameworkContent:
    """Areas and indicators of a framework in two queries, read now."""
    areas = list(
        Area.objects.filter(framework=framework).prefetch_related(
            Prefetch("indicators", queryset=Indicator.objects.order_by("order"))
        )
    )
    return FrameworkContent(framework, areas, spec_of(framework, areas))


def current_framework() -> Framework | None:
    return Framework.objects.filter(is_current=True).first()


def crosswalk_maps(older: Framework, newer: Framework) -> list[crosswalk.IndicatorMap]:
    """How the older version's indicators carry over into the newer one (empty when no crosswalk joins them)."""
    mappings = IndicatorMapping.objects.filter(target__area__framework=newer).select_related("source__area", "target")
    return [
        crosswalk.IndicatorMap(m.source.code if m.source else None, m.target.code, m.levels)
        for m in mappings
        if m.source is None or m.source.area.framework_id == older.pk
    ]


def best_practices_by_area(framework: Framework) -> dict[str, list[BestPractice]]:
    practices: dict[str, list[BestPractice]] = {}
    for practice in (
        BestPractice.objects.filter(area__framework=framework).select_related("area").prefetch_related("economies")
    ):
        practices.setdefault(practice.area.code, []).append(practice)
    return practices


def practices_for_stage(practices: list[BestPractice], stage: int | None) -> list[BestPractice]:
    """Practices at the next stage; failing that the nearest stage above, then below."""
    target = scoring.next_stage(stage)
    levels = sorted({practice.level for practice in practices}, key=lambda level: (level < target, abs(level - target)))
    if not levels:
        return []
    return [practice for practice in practices if practice.level == levels[0]]


def prerequisites_of(framework: Framework) -> list[Prerequisite]:
    """A framework's prerequisites, each with its indicator and the one it needs, in one query."""
    return list(Prerequisite.objects.filter(indicator__area__framework=framework).select_related("indicator", "needs"))


def prerequisite_specs(prerequisites: list[Prerequisite]) -> list[roadmap.Prerequisite]:
    """The prerequisites as the roadmap engine takes them."""
    return [roadmap.Prerequisite(p.indicator.code, p.level, p.needs.code, p.needs_level) for p in prerequisites]
