"""Downloads: files offered as attachments; PDFs served from the shared cache with their validators,
and few renders per client.

A PDF is kept in the cache (page_cache) under what it shows: its page, options and language, the
data's version and the code's, so a change is never served stale. Its ETag is the digest of its
bytes and its Last-Modified the time it was made, so a browser asking again gets 304 Not Modified.
A PDF not in the cache is rendered in the request (or, after a change, by the task worker before
anyone asks: reports/tasks.py); each client address may cause PDF_RENDERS_PER_CLIENT such
renders, then gets 429 Too Many Requests with Retry-After (security probe N8: a few anonymous
loops on PDF addresses held every worker).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import timedelta

from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import gettext as _

from .reports import pdf
from .request_limits import Limit, client_address, locked_until, take

# A reader downloads a handful of PDFs, in a language or two; rendering one takes about a second.
PDF_RENDERS_PER_CLIENT = Limit("pdf-render:client", 20, timedelta(minutes=10))


class TooManyRenders(Exception):
    pass


def pdf_response(request, key: pdf.PdfKey, render_html: Callable[[], str], filename: str) -> HttpResponse:
    """The PDF for `key` as a download, from the cache when there, else rendered if this client may."""
    client = client_address(request) or "unknown"

    def make_html() -> str:
        if not take(PDF_RENDERS_PER_CLIENT, client):
            raise TooManyRenders
        return render_html()

    try:
        document = pdf.cached_pdf(key, make_html)
    except TooManyRenders:
        return _too_many(client)
    etag = f'"{document.digest}"'
    not_modified = get_conditional_response(request, etag=etag, last_modified=int(document.made))
    if not_modified is not None:
        return not_modified
    response = attachment(document.content, "application/pdf", filename)
    response["ETag"] = etag
    response["Last-Modified"] = http_date(document.made)
    response["Cache-Control"] = "private, no-cache"
    return response


def attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    """The content as a file to save under `filename` (ASCII: codes, years, a language suffix)."""
    return HttpResponse(
        content, content_type=content_type, headers={"Content-Disposition": f'attachment; filename="{filename}"'}
    )


def _too_many(client: str) -> HttpResponse:
    ends = locked_until({PDF_RENDERS_PER_CLIENT: client}) or timezone.now() + PDF_RENDERS_PER_CLIENT.window
    message = _("Too many PDFs were made for you in the last few minutes. Try again a little later.")
    response = HttpResponse(message, status=429, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(max(1, math.ceil((ends - timezone.now()).total_seconds())))
    return response
