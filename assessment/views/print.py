"""Printing: an A4 summary of an assessment, in the browser and as a PDF made from the same template."""

from __future__ import annotations

from django.http import HttpResponse
from django.template.loader import render_to_string

from ..downloads import pdf_response
from ..reports.profile import summary_context, summary_page, summary_pdf_key
from .access import login_first, viewable_assessment
from .language import in_requested_language, language_suffix


@login_first
@in_requested_language
def summary(request, pk: int):
    assessment = viewable_assessment(request, pk)
    return HttpResponse(summary_page(assessment, request.GET.get("weights")))


@login_first
@in_requested_language
def summary_pdf(request, pk: int):
    assessment = viewable_assessment(request, pk)
    weights = request.GET.get("weights")

    def html() -> str:
        return render_to_string("print/summary.html", summary_context(assessment, weights, for_pdf=True))

    filename = f"{assessment.economy.code}-{assessment.cycle}-maturity-summary{language_suffix()}.pdf"
    return pdf_response(request, summary_pdf_key(assessment, weights), html, filename)
