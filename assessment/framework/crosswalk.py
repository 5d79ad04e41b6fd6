"""Carrying answers from one framework version to the next through a crosswalk. Pure: no Django.

A crosswalk says, for each indicator of the newer version, which indicators of the older one it
comes from and what each of their levels becomes there (or that a level cannot be carried).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .. import scoring

LEVEL_KEYS = tuple(str(level) for level in scoring.LEVELS)


@dataclass(frozen=True)
class IndicatorMap:
    source: str | None  # None: the target indicator is new, nothing carries over
    target: str
    levels: Mapping[str, int | None]  # "0"–"4" → the target level, None where it cannot be carried


def mapped_answers(maps: Iterable[IndicatorMap], answers: Mapping[str, scoring.AnswerValue]):
    """The answers of the older version as answers of the newer one.

    A target fed by several source indicators (merged) takes the lowest level any of them maps
    to, so a merge never claims more than its weakest part. "Not applicable" and "don't know" carry
    over as they are; a numeric level wins over them. A level mapped to None, an unanswered
    source and a new indicator give no answer: the focal point answers it afresh.
    """
    carried: dict[str, list[scoring.AnswerValue]] = {}
    for indicator_map in maps:
        if indicator_map.source is None or indicator_map.source not in answers:
            continue
        value = answers[indicator_map.source]
        if isinstance(value, int):
            value = indicator_map.levels.get(str(value))
            if value is None:
                continue
        carried.setdefault(indicator_map.target, []).append(value)
    return {target: _combined(values) for target, values in carried.items()}


def _combined(values: list[scoring.AnswerValue]) -> scoring.AnswerValue:
    levels = [value for value in values if isinstance(value, int)]
    if levels:
        return min(levels)
    return scoring.DONT_KNOW if scoring.DONT_KNOW in values else scoring.NOT_APPLICABLE


def problems(maps: Iterable[IndicatorMap], sources: set[str], targets: set[str]) -> list[tuple[str, str]]:
    """(key, reason) for a crosswalk that leaves an indicator unmapped or maps a level out of range."""
    maps = list(maps)
    found = []
    mapped_sources = [m.source for m in maps if m.source is not None]
    for code in sorted(sources - set(mapped_sources)):
        found.append((code, "this indicator of the older version is not mapped"))
    for code in sorted(set(mapped_sources) - sources):
        found.append((code, "no such indicator in the older version"))
    for code in sorted(targets - {m.target for m in maps}):
        found.append((code, "this indicator of the newer version is not mapped (say 'new' if it has no source)"))
    for code in sorted({m.target for m in maps} - targets):
        found.append((code, "no such indicator in the newer version"))
    for indicator_map in maps:
        if indicator_map.source is None:
            continue
        if set(indicator_map.levels) != set(LEVEL_KEYS):
            found.append((f"{indicator_map.source}→{indicator_map.target}", "needs a target for each level 0–4"))
        elif any(v is not None and v not in scoring.LEVELS for v in indicator_map.levels.values()):
            found.append((f"{indicator_map.source}→{indicator_map.target}", "maps a level outside 0–4"))
    return found
