"""Printing: an A4 summary of an assessment, in the browser and as a PDF made from the same template."""

from __future__ import annotations

from django.http import HttpResponse
from django.template.loader import render_to_string

from ..reports import pdf
from ..reports.profile import summary_context
from .access import login_first, viewable_assessment
from .language import in_requested_language, language_suffix


@login_first
@in_requested_language
def summary(request, pk: int):
    assessment = viewable_assessment(request, pk)
    context = summary_context(assessment, request.GET.get("weights"), for_pdf=False)
    return HttpResponse(render_to_string("print/summary.html", context, request))


@login_first
@in_requested_language
def summary_pdf(request, pk: int):
    assessment = viewable_assessment(request, pk)
    context = summary_context(assessment, request.GET.get("weights"), for_pdf=True)
    document = pdf.pdf_from_html(render_to_string("print/summary.html", context, request))
    response = HttpResponse(document, content_type="application/pdf")
    filename = f"{assessment.economy.code}-{assessment.cycle}-maturity-summary{language_suffix()}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
