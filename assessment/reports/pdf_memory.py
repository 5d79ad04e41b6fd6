"""Keeping a long-lived server process small after heavy, rare work (a PDF), and reading its size."""

from __future__ import annotations

import ctypes
import gc
from pathlib import Path

_malloc_trim = None


def return_freed_memory() -> None:
    """Free the rendered document's objects now and hand the freed C heap back to the system.

    A WeasyPrint document is a web of reference cycles that would otherwise wait for a full
    garbage collection, and glibc keeps freed blocks for reuse. Without this a server process
    stayed 50 MB larger after a PDF, and grew with every long one (measured with `make bench`);
    the collection costs a few tens of milliseconds per PDF. Without glibc only the collection runs.
    """
    global _malloc_trim
    if _malloc_trim is None:
        try:
            _malloc_trim = ctypes.CDLL("libc.so.6").malloc_trim
        except (OSError, AttributeError):
            _malloc_trim = False
    gc.collect()  # a rendered document is a web of cycles: free it before handing memory back
    if _malloc_trim:
        _malloc_trim(0)


def resident_mb() -> dict[str, float]:
    """This process's resident size now and its peak so far, in MB (Linux; empty elsewhere)."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return {}
    fields = {"VmRSS": "rss_mb", "VmHWM": "peak_rss_mb"}
    return {
        fields[name]: round(int(value.split()[0]) / 1024, 1)
        for name, value in (line.split(":", 1) for line in status.splitlines() if ":" in line)
        if name in fields
    }
