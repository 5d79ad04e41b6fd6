"""Reading: the maturity profile, its JSON, and the methodology page."""

from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from .. import permissions
from ..answers.selectors import assessment_by_id
from ..compare import comparison
from ..framework import documents
from ..framework.selectors import current_framework
from ..models import Framework
from ..reports.profile import profile_body, profile_document, weighted_content, workflow_state
from ..reports.roadmap import profile_targets
from .access import login_first, viewable_assessment


@login_first
def profile(request, pk: int):
    assessment = viewable_assessment(request, pk)
    content, choices, choice = weighted_content(assessment, request.GET.get("weights"))
    body = profile_body(assessment, content, choice)
    return render(
        request,
        "assessment/profile.html",
        {
            "assessment": assessment,
            "body": body,
            "first_area_code": content.areas[0].code,
            "can_edit": permissions.can_edit_assessment(request.user, assessment),
            "choices": choices,
            "choice": choice,
            "weights_query": "" if choice.slug == comparison.DEFAULT_PROFILE else f"?weights={choice.slug}",
            "workflow": workflow_state(request.user, assessment),
            "targets": profile_targets(request.user, assessment),
        },
    )


@require_safe
def api_profile(request, pk: int):
    assessment = assessment_by_id(pk)
    if assessment is None or not permissions.can_view_assessment(request.user, assessment):
        return JsonResponse({"error": "not found"}, status=404)
    document = profile_document(assessment, request.GET.get("weights"))
    return JsonResponse(document, json_dumps_params={"ensure_ascii": False})


def methodology(request):
    current = current_framework()
    older = (
        Framework.objects.exclude(pk=getattr(current, "pk", None))
        .order_by("created_at")
        .values_list("version", flat=True)
    )
    context = {"methodology_html": documents.methodology_html(), "current": current, "older": list(older)}
    return render(request, "assessment/methodology.html", context)
