"""The PDF writer: the print templates rendered by WeasyPrint, with no network access."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders

from . import pdf_memory

# WeasyPrint resolves relative URLs against this made-up origin; only static files are served.
PDF_BASE_URL = "https://pdf.invalid/"


def _static_files_fetcher():
    """A WeasyPrint fetcher that serves /static/ files from disk and refuses everything else.

    A refused URL raises inside fetch(), which WeasyPrint catches: the resource is left out of
    the PDF with a logged warning, and the PDF is made all the same (fail_on_errors stays off).
    """
    from weasyprint.urls import URLFetcher, URLFetcherResponse, URLFetchingError

    class StaticFilesOnly(URLFetcher):
        def fetch(self, url, headers=None):
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
