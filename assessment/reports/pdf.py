"""The PDF writer: the print templates rendered by WeasyPrint, with no network access, and kept in
the shared cache under what they show (downloads.py serves them; tasks.py makes them ahead)."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders

from .. import page_cache
from . import pdf_memory

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
    """A WeasyPrint fetcher that serves /static/ files from disk and inline data: URLs (matplotlib
    writes a chart's colour bar as an inline PNG), and refuses everything else.

    A refused URL raises inside fetch(), which WeasyPrint catches: the resource is left out of
    the PDF with a logged warning, and the PDF is made all the same (fail_on_errors stays off).
    """
    from weasyprint.urls import URLFetcher, URLFetcherResponse, URLFetchingError

    class StaticFilesOnly(URLFetcher):
        def fetch(self, url, headers=None):
            if url[:5].lower() == "data:":  # decoded from the URL itself: nothing is opened or connected to
                return super().fetch(url, headers)
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
