"""One rating rule for every illustrative set (docs/content-2025.1.md §3; issue 23 item 2).

A 2023.1 illustrative answer carried forward through the project's own crosswalks, version by
version, gives a level the latest illustrative set accepts for the same economy: the latest set
answers that indicator, at that level or higher (levels are cumulative, so a lower carried level
is still true). Otherwise the 2023.1 answer has to be lowered or go.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.conf import settings

from assessment.framework.crosswalk import IndicatorMap, mapped_answers

FIXTURES = Path(settings.BASE_DIR) / "fixtures"


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def versions() -> list[str]:
    return sorted((p.stem.removeprefix("framework-") for p in FIXTURES.glob("framework-*.json")), key=version_key)


def crosswalk(older: str, newer: str) -> list[IndicatorMap]:
    document = json.loads((FIXTURES / f"crosswalk-{older}-{newer}.json").read_text(encoding="utf-8"))
    return [
        IndicatorMap(row.get("from"), target, levels or {})
        for row in document["mappings"]
        for target, levels in row["to"].items()
    ]


def demo_folder(version: str) -> Path:
    return FIXTURES / ("demo" if version == versions()[0] else f"demo-{version}")


def levels(path: Path) -> dict[str, int]:
    document = json.loads(path.read_text(encoding="utf-8"))
    return {code: given["level"] for code, given in document["answers"].items()}


def carried_to_latest(answers: dict[str, int]) -> dict[str, int]:
    chain = versions()
    for older, newer in zip(chain, chain[1:], strict=False):
        answers = mapped_answers(crosswalk(older, newer), answers)
    return answers


def conflicts(carried: dict[str, int], latest: dict[str, int]) -> list[tuple[str, int, int | None]]:
    """(indicator, carried level, latest level) where the latest set does not accept the carried level."""
    return [(code, level, latest.get(code)) for code, level in carried.items() if latest.get(code, -1) < level]


def test_every_version_after_the_first_has_its_crosswalk_and_its_illustrative_set():
    chain = versions()
    assert len(chain) >= 3
    for older, newer in zip(chain, chain[1:], strict=False):
        assert (FIXTURES / f"crosswalk-{older}-{newer}.json").exists()
        assert sorted(p.name for p in demo_folder(newer).glob("*.json")) == sorted(
            p.name for p in demo_folder(chain[0]).glob("*.json")
        )


@pytest.mark.parametrize("path", sorted((FIXTURES / "demo").glob("*.json")), ids=lambda path: path.stem)
def test_a_2023_1_answer_carried_forward_gives_a_level_the_latest_set_accepts(path):
    latest = levels(demo_folder(versions()[-1]) / path.name)
    assert conflicts(carried_to_latest(levels(path)), latest) == []


def test_the_rule_flags_a_carried_level_above_the_latest_or_where_the_latest_is_silent():
    assert conflicts({"SW-1": 3}, {"SW-1": 1}) == [("SW-1", 3, 1)]
    assert conflicts({"AI-2": 3}, {}) == [("AI-2", 3, None)]
    assert conflicts({"SW-1": 1, "DM-1": 2}, {"SW-1": 1, "DM-1": 3}) == []


def test_chinese_taipei_sw1_of_2023_no_longer_carries_to_level_3():
    # The review's first cross-version contradiction: 2023.1 SW-1 = 3 carried as 3, the 2024.1 set says 1.
    carried = carried_to_latest(levels(FIXTURES / "demo" / "ct-2023.json"))
    assert carried["SW-1"] <= levels(demo_folder(versions()[-1]) / "ct-2023.json")["SW-1"]
