"""The file cache that every worker of one machine shares (config/file_cache.py)."""

import os

import pytest

from config.file_cache import FileCache


@pytest.fixture
def file_cache(tmp_path):
    return FileCache(str(tmp_path), {})


def test_a_value_comes_back(file_cache):
    file_cache.set("page", ("stamp", "<p>本頁</p>"), 60)
    assert file_cache.get("page") == ("stamp", "<p>本頁</p>")


def test_a_new_value_takes_the_place_of_the_old(file_cache, tmp_path):
    file_cache.set("page", "old", 60)
    file_cache.set("page", "new", 60)
    assert file_cache.get("page") == "new"
    assert len([name for name in os.listdir(tmp_path) if name.endswith(".djcache")]) == 1


def test_an_unreadable_file_is_a_miss_and_is_removed(file_cache):
    file_cache.set("page", "value", 60)
    path = file_cache._key_to_file("page")
    with open(path, "r+b") as stored:
        stored.truncate(os.path.getsize(path) - 3)  # as a crash mid-write would leave it
    assert file_cache.get("page", "missed") == "missed"
    assert not os.path.exists(path)


def test_an_expired_value_is_a_miss(file_cache):
    file_cache.set("page", "value", -1)
    assert file_cache.get("page") is None
