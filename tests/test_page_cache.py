"""Cached fragments: rendered once per key and language, renewed when the content changes."""

from django.utils import translation

from assessment import code_version, page_cache


def test_a_fragment_is_rendered_once_per_key():
    calls = []
    for _ in range(3):
        html = page_cache.cached_html("demo", ("a",), 1, lambda: calls.append(1) or "<p>A</p>")
    assert html == "<p>A</p>"
    assert len(calls) == 1


def test_a_new_version_renders_again():
    assert page_cache.cached_html("demo", ("a",), 1, lambda: "one") == "one"
    assert page_cache.cached_html("demo", ("a",), 2, lambda: "two") == "two"


def test_each_language_has_its_own_fragment():
    with translation.override("en"):
        page_cache.cached_html("demo", ("a",), 1, lambda: "English")
    with translation.override("zh-hant"):
        assert page_cache.cached_html("demo", ("a",), 1, lambda: "中文") == "中文"


def test_forgetting_the_content_renders_again():
    page_cache.cached_html("demo", ("a",), 1, lambda: "old")
    page_cache.forget_all()
    assert page_cache.cached_html("demo", ("a",), 1, lambda: "new") == "new"


def test_a_lost_generation_token_never_revives_old_fragments():
    from django.core.cache import cache

    page_cache.cached_html("demo", ("a",), 1, lambda: "old")
    cache.delete(page_cache.GENERATION_KEY)
    assert page_cache.cached_html("demo", ("a",), 1, lambda: "new") == "new"


def test_loading_best_practices_renews_the_content(framework, django_capture_on_commit_callbacks):
    from assessment.framework.loaders import load_best_practices

    before = page_cache.content_generation()
    with django_capture_on_commit_callbacks(execute=True):
        load_best_practices(framework, [])
    assert page_cache.content_generation() != before


def test_a_new_version_takes_the_place_of_the_old_one():
    from django.core.cache import cache

    page_cache.cached_html("demo", ("a",), 1, lambda: "one")
    page_cache.cached_html("demo", ("a",), 2, lambda: "two")
    _stamp, stored = cache.get(page_cache.slot_key("demo", ("a",)))
    assert stored == "two"


def test_a_new_release_renders_again(monkeypatch):

    page_cache.cached_html("page", ("a",), 1, lambda: "old release")
    monkeypatch.setattr(code_version, "code_version", lambda: "another-release")
    assert page_cache.cached_html("page", ("a",), 1, lambda: "new release") == "new release"
