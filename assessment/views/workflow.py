"""The review workflow's pages: submit with confirmation, a reviewer's decision, corrections,
addressing a comment, and an assessment's history."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from .. import permissions
from ..answers import history, workflow
from ..answers.selectors import scored_assessment
from ..forms import ReviewDecisionForm
from ..framework.selectors import framework_content
from ..models import IndicatorComment
from .access import login_first, viewable_assessment


@login_first
def submit(request, pk: int):
    """What submitting means, and the button that does it; refused with the reasons while anything is pending."""
    assessment = viewable_assessment(request, pk)
    if not permissions.can_edit_assessment(request.user, assessment):
        raise PermissionDenied
    state = workflow.pending(assessment)
    if request.method == "POST":
        try:
            workflow.submit(assessment=assessment, user=request.user)
        except workflow.NotReady as refused:
            state = refused.pending
            messages.error(request, _("Not submitted: see what is still pending below. Your draft is kept."))
        else:
            messages.success(request, _("Assessment submitted for review. It is read-only until a reviewer decides."))
            return redirect("profile", pk=assessment.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "assessment/submit.html", {"assessment": assessment, "pending": state}, status=status)


@login_first
def decide(request, pk: int):
    """A reviewer reads the answers, comments on any of them, and returns or validates the assessment."""
    assessment = viewable_assessment(request, pk)
    if not permissions.can_review(request.user, assessment):
        raise PermissionDenied
    scored = scored_assessment(assessment)
    form = ReviewDecisionForm(request.POST or None, indicators=scored.content.indicators)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["decision"] == ReviewDecisionForm.VALIDATE:
                workflow.validate(assessment=assessment, reviewer=request.user, comment=form.cleaned_data["comment"])
                messages.success(request, _("Validated: the assessment is now published."))
            else:
                workflow.return_for_changes(
                    assessment=assessment,
                    reviewer=request.user,
                    comment=form.cleaned_data["comment"],
                    indicator_comments=form.indicator_comments(),
                )
                messages.success(request, _("Returned to the economy's focal points with your comments."))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("profile", pk=assessment.pk)
    rows = [
        {"area": area, "items": [_decision_item(i, scored.answers.get(i.code), form) for i in area.indicators.all()]}
        for area in scored.content.areas
    ]
    context = {"assessment": assessment, "scored": scored, "form": form, "rows": rows}
    return render(request, "assessment/decide.html", context, status=400 if form.errors else 200)


def _decision_item(indicator, answer, form) -> dict:
    level = answer.value if answer and answer.value.isdigit() else None
    return {
        "indicator": indicator,
        "answer": answer,
        "level_text": indicator.levels[int(level)] if level is not None else "",
        "field": form.field_for(indicator.code),
    }


@login_first
@require_POST
def correct(request, pk: int):
    """Open (or reopen) a correction of a validated assessment: a new version, as a draft."""
    assessment = viewable_assessment(request, pk)
    correction = workflow.open_correction(assessment=assessment, user=request.user)
    messages.success(
        request,
        _("Version %(version)s is open for corrections. Version %(previous)s stays published until it is validated.")
        % {"version": correction.version, "previous": assessment.version},
    )
    return redirect("review", pk=correction.pk)


@login_first
@require_POST
def comment_addressed(request, pk: int, comment_id: int):
    assessment = viewable_assessment(request, pk)
    comment = get_object_or_404(
        IndicatorComment.objects.select_related("review"), pk=comment_id, review__assessment=assessment
    )
    workflow.mark_addressed(comment=comment, user=request.user)
    return redirect("review", pk=assessment.pk)


def _history_request(request, pk: int):
    assessment = viewable_assessment(request, pk)
    if not permissions.can_view_history(request.user, assessment):
        raise PermissionDenied
    content = framework_content(assessment.framework)
    codes = [indicator.code for indicator in content.indicators]
    indicator = request.GET.get("indicator") or None
    if indicator is not None and indicator not in codes:
        raise Http404
    return assessment, codes, indicator, content.areas


@login_first
def assessment_history(request, pk: int):
    """Every change with who and when, filterable by indicator."""
    assessment, codes, indicator, areas = _history_request(request, pk)
    context = {
        "assessment": assessment,
        "codes": codes,
        "area_legend": [(area.code, area.local_name) for area in areas],
        "indicator": indicator,
        "changes": history.changes(assessment, indicator),
    }
    return render(request, "assessment/history.html", context)


@require_safe
def api_history(request, pk: int):
    try:
        assessment, _codes, indicator, _areas = _history_request(request, pk)
    except (PermissionDenied, Http404):
        return JsonResponse({"error": "not found"}, status=404)
    found = history.changes(assessment, indicator)
    return JsonResponse(
        {
            "assessment": assessment.pk,
            "economy": assessment.economy.code,
            "cycle": assessment.cycle,
            "version": assessment.version,
            "status": assessment.public_status,
            "changes": [change.as_dict() for change in found],
        },
        json_dumps_params={"ensure_ascii": False},
    )
