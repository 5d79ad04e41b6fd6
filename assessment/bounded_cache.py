"""A family of cache entries that never grows past a fixed number of slots (security probe N4).

Pages and charts that readers choose (which economies to compare, which to draw on the radar) have
as many variants as there are subsets of 21 economies: keyed by their choices, a loop of distinct
valid choices would fill the shared cache without bound. Each variant is therefore kept in one of
two slots of its family, picked from its digest (two choices, as in a 2-way set-associative cache:
two popular variants that share one slot still have their other slot, so they do not evict each
other in turn). The family takes at most `slots` keys, whatever readers ask for; a variant pushed
out is made again when asked for, never served in another's place, since each slot holds the
digest of what it holds.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.core.cache import cache


def slot_keys(family: str, digest: str, slots: int) -> tuple[str, str]:
    """The two keys where the variant with this hex digest may be kept."""
    first = int(digest[:8], 16) % slots
    second = int(digest[8:16], 16) % slots
    if second == first:
        second = (first + 1) % slots
    return f"slot:{family}:{first}", f"slot:{family}:{second}"


def get_or_make(
    family: str,
    digest: str,
    stamp_of: Callable[[dict], object],
    make: Callable[[], object],
    *,
    slots: int,
    seconds: int,
    also: tuple[str, ...] = (),
) -> object:
    """The value kept for `digest` if it was made under the current stamp, else `make()`'s, then kept.

    `also` names keys read in the same round trip (one network call with Redis or Memcached);
    `stamp_of` gets what was found under them and names what the value is made from (data
    versions, code version): a slot holding the same digest under another stamp is stale."""
    keys = slot_keys(family, digest, slots)
    found = cache.get_many([*keys, *also])
    stamp = stamp_of(found)
    for key in keys:
        held = found.get(key)
        if held is not None and held[0] == digest and held[1] == stamp:
            return held[3]
    value = make()
    cache.set(_slot_to_write(keys, found, digest), (digest, stamp, time.time(), value), seconds)
    return value


def _slot_to_write(keys: tuple[str, str], found: dict, digest: str) -> str:
    """The slot this variant held, else an empty one, else the one written longest ago."""
    for key in keys:
        if found.get(key) is not None and found[key][0] == digest:
            return key
    for key in keys:
        if found.get(key) is None:
            return key
    return min(keys, key=lambda key: found[key][2])
