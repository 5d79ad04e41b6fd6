"""Project documents shown in the app, rendered from their Markdown source."""

from functools import lru_cache
from pathlib import Path

from django.conf import settings

METHODOLOGY_PATH = Path(settings.BASE_DIR) / "docs" / "methodology.md"


def methodology_html() -> str:
    return _rendered(METHODOLOGY_PATH, METHODOLOGY_PATH.stat().st_mtime)


@lru_cache(maxsize=4)
def _rendered(path: Path, modified: float) -> str:
    import markdown

    return markdown.markdown(path.read_text(encoding="utf-8"), extensions=["tables", "toc"])
