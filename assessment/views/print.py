"""Printing: an A4 summary of an assessment, in the browser and as a PDF made from the same template."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.template.loader import render_to_string

from .. import charts, compare_table, exports, selectors
from .access import login_first, viewable_assessment
from .compare import MAX_CHART_ECONOMIES, comparison_from_query, records


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


def _comparison_context(request, *, for_pdf: bool) -> dict | None:
    result = comparison_from_query(request)
    if result.frame is None:
        return None
    rows = records(result.frame)
    codes = result.codes
    charted = sorted(rows, key=lambda r: (r["rank"] is None, r["rank"] or 0))[:MAX_CHART_ECONOMIES]
    return {
        "result": result,
        "rows": rows,
        "codes": codes,
        "summary": compare_table.summary_rows(result.frame, codes),
        "has_illustrative": any(r["status"] == "illustrative" for r in rows),
        "heatmap_svg": charts.heatmap_svg(
            [r["economy"] for r in charted], codes, [[r[c] for c in codes] for r in charted]
        ),
        "query": request.GET.urlencode(),
        "for_pdf": for_pdf,
    }


def comparison_summary(request):
    context = _comparison_context(request, for_pdf=False)
    if context is None:
        raise Http404
    return HttpResponse(render_to_string("print/comparison.html", context, request))


def comparison_pdf(request):
    context = _comparison_context(request, for_pdf=True)
    if context is None:
        raise Http404
    pdf = exports.pdf_from_html(render_to_string("print/comparison.html", context, request))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="comparison-{context["result"].cycle}.pdf"'
    return response
