"""Rendered HTML kept in the shared cache, keyed by everything it shows.

Template rendering is most of a page's time (profiled in docs/performance.md). The parts of a page
that depend only on stored data are therefore rendered once per change of that data and reused
by every server process. Each is stored with the data's own version (an assessment's revision
and update time, the published assessments' latest change) and the content generation, and is
rendered again when either moved, so a change is never served stale. What varies per request
(the CSRF token, messages, the signed-in user) stays outside the fragments.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable

from django.core.cache import cache
from django.db import transaction
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from . import bounded_cache, code_version

FRAGMENT_SECONDS = 60 * 60 * 24 * 7
GENERATION_KEY = "fragment:generation"

render_count = 0  # how many fragments this process rendered; the tests read it to prove caching


def assessment_version(assessment) -> str:
    """Changes whenever anything shown about the assessment's answers or state changes."""
    return f"{assessment.pk}.{assessment.revision}.{assessment.status}.{assessment.is_illustrative:d}." + (
        f"{assessment.updated_at.timestamp():.6f}"
    )


def cached_html(name: str, identity: tuple, version: object, render: Callable[[], str]) -> SafeString:
    """The cached HTML of this fragment in the current language, rendered again when `version` moved."""
    return mark_safe(cached(name, identity, version, lambda: str(render())))


def cached(name: str, identity: tuple, version: object, compute: Callable[[], object], *, slots: int | None = None):
    """The cached value (HTML, or HTML with its status) of one fragment, computed when stale.

    A fragment has one slot, named by `identity` (which page, which options, which language) and
    holding the `version` it was made from, so a new version overwrites the old one instead of
    adding an entry: the cache stays as large as the number of pages, however often they change.
    Fragments whose identities readers choose freely (a comparison's economies) give `slots`: the
    family then takes at most that many keys (bounded_cache), whatever is asked for.
    """
    if slots is not None:
        return _cached_in_slots(name, identity, version, compute, slots)
    key = slot_key(name, identity)
    # One round trip for the slot and the generation token (a network call with Redis or Memcached).
    found = cache.get_many([key, GENERATION_KEY])
    stamp = repr((found.get(GENERATION_KEY) or content_generation(), code_version.code_version(), version))
    stored = found.get(key)
    if stored is not None and stored[0] == stamp:
        return stored[1]
    global render_count
    render_count += 1
    value = compute()
    cache.set(key, (stamp, value), FRAGMENT_SECONDS)
    return value


def _cached_in_slots(name: str, identity: tuple, version: object, compute: Callable[[], object], slots: int):
    def stamp_of(found: dict) -> str:
        return repr((found.get(GENERATION_KEY) or content_generation(), code_version.code_version(), version))

    def make():
        global render_count
        render_count += 1
        return compute()

    digest = hashlib.sha256(repr((*identity, get_language())).encode()).hexdigest()
    return bounded_cache.get_or_make(
        f"fragment:{name}", digest, stamp_of, make, slots=slots, seconds=FRAGMENT_SECONDS, also=(GENERATION_KEY,)
    )


def slot_key(name: str, identity: tuple) -> str:
    """The cache key of a fragment's one slot, in the current language."""
    digest = hashlib.sha256(repr((*identity, get_language())).encode()).hexdigest()
    return f"fragment:{name}:{digest}"


def content_generation() -> str:
    """A token naming the current content (framework texts, best practices).

    A new token orphans every fragment rendered before it. It is random rather than a counter so
    that a token evicted from the cache can never come back and revive old fragments."""
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = uuid.uuid4().hex
        cache.add(GENERATION_KEY, generation, None)
        generation = cache.get(GENERATION_KEY, generation)
    return generation


def forget_all() -> None:
    """After the framework, its texts, the best practices, an economy or a weight profile changed.

    Called once the change is committed, so no request can re-cache the old data under the new token."""
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)


def forget_all_on_commit(**_signal_arguments) -> None:
    transaction.on_commit(forget_all)
