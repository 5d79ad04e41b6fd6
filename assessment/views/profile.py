"""Reading: the maturity profile, its JSON, and the methodology page."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_safe

from .. import charts, comparison, documents, fragments, permissions, scoring, selectors
from ..answers import workflow
from ..models import Framework
from .access import login_first, viewable_assessment


def _weights(request, assessment) -> tuple[selectors.FrameworkContent, list, comparison.WeightChoice]:
    """The framework content, the weight profiles, and the one named in ?weights= (default: the framework's)."""
    content = selectors.framework_content(assessment.framework)
    choices = comparison.weight_choices(assessment.framework, [area.code for area in content.areas])
    return content, choices, comparison.chosen_weights(choices, request.GET.get("weights"))


def _scored(assessment, content, choice) -> selectors.ScoredAssessment:
    weights = choice.area_weights(content) if choice.weights else None
    return selectors.scored_assessment(assessment, weights, content)


def is_provisional(assessment, profile: scoring.Profile) -> bool:
    """A draft's figures, and any resting on less of the questionnaire than a rank needs, are provisional."""
    return assessment.is_draft or profile.completeness.percent < settings.RANK_MIN_COMPLETENESS


def profile_parts(scored: selectors.ScoredAssessment) -> dict:
    """What the profile page and the printed summary both show: the area sections and the radar."""
    assessment = scored.assessment
    return {
        "assessment": assessment,
        "scored": scored,
        "provisional": is_provisional(assessment, scored.profile),
        "strength_level": scoring.STRENGTH_LEVEL,
        "sections": selectors.area_sections(scored, selectors.best_practices_by_area(assessment.framework)),
        "radar_svg": charts.radar_svg(
            [area.local_name for area in scored.content.areas],
            {assessment.economy.local_name: [area.rating.score for area in scored.profile.areas]},
        ),
    }


@login_first
def profile(request, pk: int):
    assessment = viewable_assessment(request, pk)
    content, choices, choice = _weights(request, assessment)

    def draw_body():
        parts = profile_parts(_scored(assessment, content, choice))
        return render_to_string("assessment/_profile_body.html", parts, request)

    weights_key = sorted(choice.weights.items()) if choice.weights else None
    body = fragments.cached_html(
        "profile", (assessment.pk, weights_key), fragments.assessment_version(assessment), draw_body
    )
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
        },
    )


def workflow_state(user, assessment) -> dict:
    """Where the assessment stands in review and what this reader may do about it."""
    return {
        "can_review": permissions.can_review(user, assessment),
        "can_correct": permissions.can_open_correction(user, assessment),
        "can_view_history": permissions.can_view_history(user, assessment),
        "superseded_by": workflow.superseded_by(assessment),
        "open_correction": workflow.open_correction_of(assessment)
        if permissions.is_focal_point(user, assessment.economy)
        else None,
        "latest_return": workflow.latest_return(assessment) if assessment.status == "returned" else None,
    }


@require_safe
def api_profile(request, pk: int):
    assessment = selectors.assessment_by_id(pk)
    if assessment is None or not permissions.can_view_assessment(request.user, assessment):
        return JsonResponse({"error": "not found"}, status=404)
    content, _choices, choice = _weights(request, assessment)
    scored = _scored(assessment, content, choice)
    document = scoring.profile_as_dict(scored.profile, assessment.economy.code, assessment.cycle)
    document["status"] = assessment.public_status
    document["version"] = assessment.version
    document["weights"] = choice.slug
    document["weights_name"] = choice.name
    return JsonResponse(document, json_dumps_params={"ensure_ascii": False})


def methodology(request):
    current = selectors.current_framework()
    older = (
        Framework.objects.exclude(pk=getattr(current, "pk", None))
        .order_by("created_at")
        .values_list("version", flat=True)
    )
    context = {"methodology_html": documents.methodology_html(), "current": current, "older": list(older)}
    return render(request, "assessment/methodology.html", context)
