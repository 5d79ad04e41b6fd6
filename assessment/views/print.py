"""Printing: an A4 summary of an assessment, in the browser and as a PDF made from the same template."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.utils import translation

from ..reports import pdf
from .access import login_first, viewable_assessment
from .compare import comparison_from_query, table_context
from .language import in_requested_language, language_suffix
from .profile import _scored, _weights, profile_parts


def _summary_context(request, pk: int, *, for_pdf: bool) -> dict:
    """The profile under the weight profile chosen on the page (?weights=), which the printout names."""
    assessment = viewable_assessment(request, pk)
    content, _choices, choice = _weights(request, assessment)
    parts = profile_parts(_scored(assessment, content, choice))
    return parts | {"for_pdf": for_pdf, "choice": choice, "weights_query": _weights_query(choice)}


def _weights_query(choice) -> str:
    """The query that keeps the chosen weights, and the printing language, on the next link."""
    params = [] if choice.slug == "default" else [f"weights={choice.slug}"]
    language = translation.get_language()
    if language != settings.LANGUAGE_CODE:
        params.append(f"lang={language}")
    return "?" + "&".join(params) if params else ""


@login_first
@in_requested_language
def summary(request, pk: int):
    return HttpResponse(render_to_string("print/summary.html", _summary_context(request, pk, for_pdf=False), request))


@login_first
@in_requested_language
def summary_pdf(request, pk: int):
    context = _summary_context(request, pk, for_pdf=True)
    document = pdf.pdf_from_html(render_to_string("print/summary.html", context, request))
    assessment = context["assessment"]
    response = HttpResponse(document, content_type="application/pdf")
    filename = f"{assessment.economy.code}-{assessment.cycle}-maturity-summary{language_suffix()}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _comparison_context(request, *, for_pdf: bool) -> dict | None:
    result = comparison_from_query(request)
    if result.frame is None:
        return None
    return table_context(result) | {"query": result.query, "for_pdf": for_pdf}


@in_requested_language
def comparison_summary(request):
    context = _comparison_context(request, for_pdf=False)
    if context is None:
        raise Http404
    return HttpResponse(render_to_string("print/comparison.html", context, request))


@in_requested_language
def comparison_pdf(request):
    context = _comparison_context(request, for_pdf=True)
    if context is None:
        raise Http404
    document = pdf.pdf_from_html(render_to_string("print/comparison.html", context, request))
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="comparison-{context["result"].cycle}.pdf"'
    return response
