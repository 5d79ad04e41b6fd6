"""Carrying answers across framework versions: the mapping rules and the crosswalk loader."""

import pytest

from assessment.framework import crosswalk
from assessment.framework.crosswalk import IndicatorMap
from assessment.framework.loaders import DocumentError, load_crosswalk

from .conftest import make_framework

SAME = {str(level): level for level in range(5)}
DOWN_ONE = {"0": 0, "1": 0, "2": 1, "3": 2, "4": None}


@pytest.mark.parametrize(
    ("maps", "answers", "expected"),
    [
        ([IndicatorMap("A", "A", SAME)], {"A": 3}, {"A": 3}),
        ([IndicatorMap("A", "B", DOWN_ONE)], {"A": 3}, {"B": 2}),
        ([IndicatorMap("A", "B", DOWN_ONE)], {"A": 4}, {}),  # a level that cannot be carried
        ([IndicatorMap("A", "C", SAME), IndicatorMap("B", "C", SAME)], {"A": 4, "B": 1}, {"C": 1}),  # merged
        ([IndicatorMap("A", "C", SAME), IndicatorMap("B", "C", SAME)], {"A": "na", "B": 2}, {"C": 2}),
        ([IndicatorMap("A", "C", SAME), IndicatorMap("B", "C", SAME)], {"A": "na", "B": "dk"}, {"C": "dk"}),
        ([IndicatorMap("A", "A1", SAME), IndicatorMap("A", "A2", DOWN_ONE)], {"A": 2}, {"A1": 2, "A2": 1}),  # split
        ([IndicatorMap(None, "N", {})], {"A": 3}, {}),  # new: nothing carries
        ([IndicatorMap("A", "A", SAME)], {}, {}),  # unanswered stays unanswered
    ],
)
def test_answers_map_by_the_crosswalk(maps, answers, expected):
    assert crosswalk.mapped_answers(maps, answers) == expected


def test_an_unmapped_indicator_is_a_problem_either_way():
    found = crosswalk.problems([IndicatorMap("A", "A", SAME)], sources={"A", "B"}, targets={"A", "C"})
    assert [key for key, _reason in found] == ["B", "C"]


def test_a_level_map_needs_every_level():
    found = crosswalk.problems([IndicatorMap("A", "A", {"0": 0})], sources={"A"}, targets={"A"})
    assert found == [("A→A", "needs a target for each level 0–4")]


@pytest.fixture
def versions(db):
    older = make_framework(version="T.0", areas=(("SW", 100, (1, 1)),), current=False)
    newer = make_framework(version="T.1", areas=(("SW", 100, (1, 1, 1)),))
    return older, newer


def crosswalk_document(**overrides):
    document = {
        "from": "T.0",
        "to": "T.1",
        "mappings": [
            {"from": "SW-1", "relation": "same", "to": {"SW-1": SAME}, "rule": "unchanged"},
            {"from": "SW-2", "relation": "relevelled", "to": {"SW-2": DOWN_ONE}, "rule": "one level lower"},
            {"from": None, "relation": "new", "to": {"SW-3": None}, "rule": "new indicator"},
        ],
    }
    return document | overrides


def test_the_loader_stores_a_complete_crosswalk(versions):
    assert load_crosswalk(crosswalk_document()) == 3


def test_the_loader_refuses_a_crosswalk_that_leaves_an_indicator_unmapped(versions):
    document = crosswalk_document()
    document["mappings"] = document["mappings"][:2]
    with pytest.raises(DocumentError, match="SW-3: this indicator of the newer version is not mapped"):
        load_crosswalk(document)
