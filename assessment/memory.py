"""Keeping a long-lived server process small after heavy, rare work (a PDF)."""

from __future__ import annotations

import ctypes

_malloc_trim = None


def return_freed_memory() -> None:
    """Hand the C heap that was freed back to the system.

    glibc keeps freed blocks for reuse, so without this a server process stays about 30–40 MB
    larger after its first PDF (Pango, HarfBuzz; measured with `make bench`). Where the C library
    is not glibc this does nothing.
    """
    global _malloc_trim
    if _malloc_trim is None:
        try:
            _malloc_trim = ctypes.CDLL("libc.so.6").malloc_trim
        except (OSError, AttributeError):
            _malloc_trim = False
    if _malloc_trim:
        _malloc_trim(0)
