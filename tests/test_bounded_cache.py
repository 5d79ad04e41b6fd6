"""Variant pages and charts take a bounded number of cache keys, whatever readers choose (probe N4)."""

import itertools

import pytest
from django.core.cache import cache
from django.urls import reverse

from assessment import bounded_cache
from assessment.reports import charts
from assessment.reports import comparison as comparison_reports


def keys_of(family: str) -> set[str]:
    return {key for key in cache._cache if f":slot:{family}:" in key}  # LocMemCache's own store in tests


def test_a_variant_has_two_distinct_slots_within_its_family():
    for digest in ("0" * 64, "f" * 64, "0123456789abcdef" * 4):
        first, second = bounded_cache.slot_keys("family", digest, 16)
        assert first != second
        assert {int(first.rsplit(":", 1)[1]), int(second.rsplit(":", 1)[1])} <= set(range(16))


def test_a_variant_is_made_once_then_served():
    made = []
    for _ in range(3):
        value = bounded_cache.get_or_make(
            "f", "a" * 64, lambda found: 1, lambda: made.append(1) or "A", slots=4, seconds=60
        )
    assert (value, len(made)) == ("A", 1)


def test_a_new_stamp_makes_the_variant_again():
    bounded_cache.get_or_make("f", "a" * 64, lambda found: 1, lambda: "old", slots=4, seconds=60)
    assert bounded_cache.get_or_make("f", "a" * 64, lambda found: 2, lambda: "new", slots=4, seconds=60) == "new"


def test_a_variant_pushed_out_is_made_again_never_served_in_anothers_place():
    first, second = "1" * 64, "2" * 64
    bounded_cache.get_or_make("f", first, lambda found: 1, lambda: "first", slots=1, seconds=60)
    assert bounded_cache.get_or_make("f", second, lambda found: 1, lambda: "second", slots=1, seconds=60) == "second"
    assert bounded_cache.get_or_make("f", first, lambda found: 1, lambda: "first again", slots=1, seconds=60) == (
        "first again"
    )


def test_two_variants_sharing_a_slot_keep_each_other(monkeypatch):
    # Both variants' first choice is slot 0; the second keeps its other slot, so neither is made twice.
    made = []
    for digest in ["00000000" + "00000001" + "0" * 48, "00000004" + "00000002" + "0" * 48] * 3:
        bounded_cache.get_or_make(
            "f", digest, lambda found: 1, lambda digest=digest: made.append(digest) or digest, slots=4, seconds=60
        )
    assert len(made) == 2


@pytest.fixture
def few_slots(monkeypatch):
    monkeypatch.setattr(comparison_reports, "COMPARE_SLOTS", 6)
    monkeypatch.setattr(charts, "CHART_SLOTS", 6)


def test_a_loop_of_distinct_valid_choices_leaves_the_cache_bounded(client, validated, validated_other, few_slots):
    sorts = ["rank", "-rank", "economy", "-economy", "overall", "-overall", "SW", "-SW", "BL", "-BL"]
    choices = list(itertools.product(sorts, ["", "on"], ["", "on"], [["CT"], ["SGP"], ["CT", "SGP"]]))[:40]
    for sort, provisional, reference, radar in choices:
        params = {"cycle": 2025, "sort": sort, "provisional": provisional, "reference": reference, "radar": radar}
        assert client.get(reverse("compare"), params).status_code == 200
    assert len(keys_of("fragment:compare")) <= 6
    for kind in ("heatmap", "radar", "bars"):
        assert 1 <= len(keys_of(f"chart:{kind}")) <= 6
