"""From profile to plan: an economy's targets, and an assessment's roadmap as a page, JSON, print, PDF and XLSX."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from .. import permissions
from ..answers.selectors import assessment_by_id
from ..downloads import attachment
from ..forms import TargetsForm
from ..framework.selectors import framework_content
from ..planning import services
from ..planning.selectors import target_plan
from ..reports import pdf, spreadsheets
from ..reports.roadmap import RoadmapPage, roadmap_document, roadmap_workbook, target_rows, targets_initial
from .access import login_first, viewable_assessment
from .language import in_requested_language, language_suffix


def _roadmap_page(request, pk: int) -> RoadmapPage:
    """The roadmap if the reader may see both the assessment and the economy's targets."""
    assessment = viewable_assessment(request, pk)
    plan = target_plan(assessment.economy, assessment.framework)
    if not permissions.can_view_roadmap(request.user, assessment, plan):
        raise PermissionDenied
    return RoadmapPage(assessment, plan, request.user)


@login_first
def targets(request, pk: int):
    assessment = viewable_assessment(request, pk)
    if not permissions.can_set_targets(request.user, assessment):
        raise PermissionDenied
    areas = framework_content(assessment.framework).areas
    plan = target_plan(assessment.economy, assessment.framework)
    data = request.POST if request.method == "POST" else None
    form = TargetsForm(data, areas=areas, initial=targets_initial(assessment, plan))
    if request.method == "POST" and form.is_valid():
        try:
            services.set_targets(
                assessment=assessment, user=request.user, levels=form.levels(), area_levels=form.area_levels(),
                target_year=form.cleaned_data["target_year"], is_public=form.cleaned_data["is_public"],
            )  # fmt: skip
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Targets saved."))
            return redirect("roadmap", pk=assessment.pk)
    page = RoadmapPage(assessment, plan, request.user)
    context = {"assessment": assessment, "form": form, "page": page, "rows": target_rows(page, form)}
    return render(request, "assessment/targets.html", context, status=400 if form.errors else 200)


@login_first
def roadmap(request, pk: int):
    page = _roadmap_page(request, pk)
    can_set = permissions.can_set_targets(request.user, page.assessment)
    return render(request, "assessment/roadmap.html", {"assessment": page.assessment, "page": page, "can_set": can_set})


@require_safe
def api_roadmap(request, pk: int):
    assessment = assessment_by_id(pk)
    plan = target_plan(assessment.economy, assessment.framework) if assessment else None
    if assessment is None or not permissions.can_view_roadmap(request.user, assessment, plan):
        return JsonResponse({"error": "not found"}, status=404)
    document = roadmap_document(RoadmapPage(assessment, plan, request.user))
    return JsonResponse(document, json_dumps_params={"ensure_ascii": False})


@login_first
@in_requested_language
def roadmap_print(request, pk: int):
    page = _roadmap_page(request, pk)
    context = {"assessment": page.assessment, "page": page, "for_pdf": False}
    return HttpResponse(render_to_string("print/roadmap.html", context, request))


@login_first
@in_requested_language
def roadmap_pdf(request, pk: int):
    page = _roadmap_page(request, pk)
    context = {"assessment": page.assessment, "page": page, "for_pdf": True}
    content = pdf.pdf_from_html(render_to_string("print/roadmap.html", context, request))
    name = f"{page.assessment.economy.code}-{page.assessment.cycle}-roadmap{language_suffix()}.pdf"
    return attachment(content, "application/pdf", name)


@login_first
@in_requested_language
def roadmap_xlsx(request, pk: int):
    page = _roadmap_page(request, pk)
    name = f"{page.assessment.economy.code}-{page.assessment.cycle}-roadmap{language_suffix()}.xlsx"
    return attachment(roadmap_workbook(page), spreadsheets.CONTENT_TYPES["xlsx"], name)
