"""A digest of the code and templates this process runs, part of every cached page and chart's key.

Cached HTML and SVG outlive a deploy (they sit in a shared cache); without this, a release that
changes a template or a chart's drawing would keep serving what the previous release drew."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [("assessment", "*.py"), ("templates", "*.html"), ("locale", "*.mo")]


@lru_cache(maxsize=1)
def code_version() -> str:
    digest = hashlib.sha256()
    for folder, pattern in SOURCES:
        for path in sorted((ROOT / folder).rglob(pattern)):
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]
