"""The PDF writer: the print templates rendered by WeasyPrint, with no network access, and kept in
the shared cache under what they show (downloads.py serves them; tasks.py makes them ahead)."""

from __future__ import annotations

import base64
import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders

from .. import page_cache
from . import pdf_memory
from .charts import CJK_FONT

# Cache keys the PDFs may take, however many variants readers ask for (as the compare page's).
PDF_SLOTS = 256

render_count = 0  # how many PDFs this process rendered; the tests read it to prove caching


@dataclass(frozen=True)
class PdfKey:
    """Which PDF: its kind, what names it (assessment, options), and the version of its data.

    The language is the one active when it is read or made (page_cache keys by it)."""

    kind: str
    identity: tuple
    version: object


@dataclass(frozen=True)
class CachedPdf:
    content: bytes
    digest: str  # SHA-256 of the content: the ETag
    made: float  # when it was rendered (a Unix time): the Last-Modified


def cached_pdf(key: PdfKey, make_html: Callable[[], str]) -> CachedPdf:
    """The PDF kept for `key`, else rendered from `make_html()` and kept."""

    def make() -> CachedPdf:
        global render_count
        render_count += 1
        content = pdf_from_html(make_html())
        return CachedPdf(content, hashlib.sha256(content).hexdigest(), time.time())

    return page_cache.cached(f"pdf-{key.kind}", key.identity, key.version, make, slots=PDF_SLOTS)


# WeasyPrint resolves relative URLs against this made-up origin; only static files are served.
PDF_BASE_URL = "https://pdf.invalid/"


def _static_files_fetcher():
    """A WeasyPrint fetcher that serves /static/ files from disk, the PDF fonts, and inline data: URLs
    (the charts, chart filter, and the colour bar matplotlib writes inside one as a PNG), and refuses
    everything else.

    A refused URL raises inside fetch(), which WeasyPrint catches: the resource is left out of
    the PDF with a logged warning, and the PDF is made all the same (fail_on_errors stays off).
    """
    from weasyprint.urls import URLFetcher, URLFetcherResponse, URLFetchingError

    class StaticFilesOnly(URLFetcher):
        def fetch(self, url, headers=None):
            if url[:5].lower() == "data:":  # decoded from the URL itself: nothing is opened or connected to
                return super().fetch(url, headers)
            font = _font_file(url.removeprefix(PDF_FONTS_URL)) if url.startswith(PDF_FONTS_URL) else None
            if font:
                return URLFetcherResponse(url, body=font.read_bytes(), headers={"Content-Type": "font/otf"})
            prefix = PDF_BASE_URL + settings.STATIC_URL.lstrip("/")
            if url.startswith(prefix):
                name = url.removeprefix(prefix).split("?", 1)[0]
                # Source files in development; collected, hashed names (print.<hash>.css) in production.
                path = _found(name)
                if path:
                    content_type = "text/css; charset=utf-8" if path.endswith(".css") else "application/octet-stream"
                    with open(path, "rb") as file:
                        return URLFetcherResponse(url, body=file.read(), headers={"Content-Type": content_type})
            raise URLFetchingError(f"not fetched while making a PDF: {url}")

    return StaticFilesOnly(fail_on_errors=False)


PDF_FONTS_URL = PDF_BASE_URL + "fonts/"
# CSS family name of the common-characters font (scripts/pdf_fonts.py) → its files by weight.
PDF_FONT_FAMILY = "Noto Sans TC Common"
PDF_FONT_FILES = {"normal": "NotoSansTC-Common-Regular.otf", "bold": "NotoSansTC-Common-Bold.otf"}


def font_faces_css() -> str:
    """@font-face rules for the PDF fonts that are built; none when they are not (the PDFs then use
    the full system font, the next family in print.css)."""
    return "".join(
        f'@font-face {{ font-family: "{PDF_FONT_FAMILY}"; font-weight: {weight}; src: url("{PDF_FONTS_URL}{name}"); }}'
        for weight, name in PDF_FONT_FILES.items()
        if _font_file(name)
    )


def chart_image_url(svg: str) -> str:
    """A chart's SVG as a data: URL for an <img> in a PDF, its Chinese text in the PDF's first font
    where that is built (the chart names the system font, charts.FONT_FAMILY)."""
    if _font_file(PDF_FONT_FILES["normal"]):
        svg = svg.replace(f"'{CJK_FONT}'", f"'{PDF_FONT_FAMILY}','{CJK_FONT}'")
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")


def _font_file(name: str) -> Path | None:
    if name not in PDF_FONT_FILES.values():
        return None
    path = Path(settings.PDF_FONTS_DIR) / name
    return path if path.is_file() else None


def _found(name: str) -> str | None:
    """The static file's path, never one outside the static folders ("../" included)."""
    if ".." in name.split("/") or name.startswith("/"):
        return None
    return finders.find(name) or _collected(name)


def _collected(name: str) -> str | None:
    path = Path(settings.STATIC_ROOT) / name
    return str(path) if path.is_file() and path.resolve().is_relative_to(Path(settings.STATIC_ROOT).resolve()) else None


def pdf_from_html(html: str) -> bytes:
    """An A4 PDF of the HTML; fonts are embedded (subsetted) by WeasyPrint."""
    from weasyprint import HTML

    pdf = HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=_static_files_fetcher()).write_pdf()
    pdf_memory.return_freed_memory()
    return pdf
