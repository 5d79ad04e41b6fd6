"""Project documents shown in the app, rendered from their Markdown source."""

import re
from functools import lru_cache
from pathlib import Path

from django.conf import settings

METHODOLOGY_PATH = Path(settings.BASE_DIR) / "docs" / "methodology.md"
# The same page in another language, where one is written: docs/methodology.<language>.md.
TRANSLATED_METHODOLOGY = {"zh-hant": Path(settings.BASE_DIR) / "docs" / "methodology.zh-hant.md"}

# docs/methodology.md documents the code too; what lies between these comments is for developers
# (code paths, tests, fixtures, test data) and stays out of the page the officials read.
DEVELOPER_NOTES = re.compile(r"<!-- developers -->.*?<!-- /developers -->", re.DOTALL)


def methodology_html() -> str:
    """The methodology page in the active language (English where no translation is written)."""
    from django.utils.translation import get_language

    path = TRANSLATED_METHODOLOGY.get(get_language(), METHODOLOGY_PATH)
    path = path if path.exists() else METHODOLOGY_PATH
    return _rendered(path, path.stat().st_mtime)


@lru_cache(maxsize=4)
def _rendered(path: Path, modified: float) -> str:
    return for_readers(path.read_text(encoding="utf-8"))


def for_readers(text: str) -> str:
    """The Markdown as the page shows it: without the developers' notes, with real tables (Bootstrap's,
    each scrolling inside its own box on a phone) and code blocks."""
    import markdown

    html = markdown.markdown(DEVELOPER_NOTES.sub("", text), extensions=["tables", "fenced_code", "toc"])
    html = html.replace("<table>", '<div class="table-responsive"><table class="table table-sm table-bordered">')
    return html.replace("</table>", "</table></div>")
