"""Printing: an A4 summary of an assessment, in the browser and as a PDF made from the same template."""

from __future__ import annotations

from django.http import HttpResponse
from django.template.loader import render_to_string

from .. import charts, exports, selectors
from .access import login_first, viewable_assessment


def _summary_context(request, pk: int, *, for_pdf: bool) -> dict:
    assessment = viewable_assessment(request, pk)
    scored = selectors.scored_assessment(assessment)
    return {
        "assessment": assessment,
        "scored": scored,
        "sections": selectors.area_sections(scored, selectors.best_practices_by_area(assessment.framework)),
        "radar_svg": charts.radar_svg(
            [area.name for area in scored.content.areas],
            {str(assessment.economy): [area.rating.score for area in scored.profile.areas]},
        ),
        "for_pdf": for_pdf,
    }


@login_first
def summary(request, pk: int):
    return HttpResponse(render_to_string("print/summary.html", _summary_context(request, pk, for_pdf=False), request))


@login_first
def summary_pdf(request, pk: int):
    context = _summary_context(request, pk, for_pdf=True)
    pdf = exports.pdf_from_html(render_to_string("print/summary.html", context, request))
    assessment = context["assessment"]
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"{assessment.economy.code}-{assessment.cycle}-maturity-summary.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
