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
from ..answers.services import CycleClosed
from ..forms import CorrectionForm, PublishForm, ReviewDecisionForm
from ..framework.selectors import framework_content
from ..models import IndicatorComment
from ..reports import review_page
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
        except CycleClosed as closed:
            messages.error(request, closed.messages[0])
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
    if request.method == "POST" and form.is_valid() and form.wants_validation():
        # Nothing is published here: the confirmation page says what becomes public, and its POST publishes.
        confirm = PublishForm(initial={"comment": form.cleaned_data["comment"]})
        unsent = [code for code, text in form.indicator_comments().items() if text.strip()]
        context = review_page.publication(assessment) | {"form": confirm, "unsent": unsent}
        return render(request, "assessment/publish.html", context)
    if request.method == "POST" and form.is_valid():
        try:
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
    context = review_page.decision_page(assessment, scored, form, show_all=request.GET.get("all") == "1")
    return render(request, "assessment/decide.html", context, status=400 if form.errors else 200)


@login_first
def publish(request, pk: int):
    """What validating makes public and where; only this page's confirming POST validates and publishes."""
    assessment = viewable_assessment(request, pk)
    if not permissions.can_review(request.user, assessment):
        raise PermissionDenied
    form = PublishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.validate(assessment=assessment, reviewer=request.user, comment=form.cleaned_data["comment"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Validated: the assessment is now published."))
            return redirect("profile", pk=assessment.pk)
    context = review_page.publication(assessment) | {"form": form}
    return render(request, "assessment/publish.html", context, status=400 if form.errors else 200)


@login_first
def correct(request, pk: int):
    """What a correction is, the reason it needs (required), and the confirming POST that opens it
    (or goes to the one already open)."""
    assessment = viewable_assessment(request, pk)
    if not permissions.can_open_correction(request.user, assessment) or workflow.superseded_by(assessment):
        raise PermissionDenied
    form = CorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        correction = workflow.open_correction(
            assessment=assessment, user=request.user, reason=form.cleaned_data["reason"]
        )
        messages.success(
            request,
            _(
                "Version %(version)s is open for corrections. Version %(previous)s stays published until it is "
                "validated."
            )
            % {"version": correction.version, "previous": assessment.version},
        )
        return redirect("review", pk=correction.pk)
    context = {"assessment": assessment, "form": form, "open_correction": workflow.open_correction_of(assessment)}
    return render(request, "assessment/correct.html", context, status=400 if form.errors else 200)


@login_first
@require_POST
def comment_addressed(request, pk: int, comment_id: int):
    """A comment marked addressed with the answer standing, with the focal point's note."""
    assessment, comment = _comment_of(request, pk, comment_id)
    code = comment.indicator.code
    try:
        workflow.mark_addressed(comment=comment, user=request.user, note=request.POST.get("note", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Comment on %(code)s marked addressed. You can reopen it until you submit.") % {"code": code}
        )
    return redirect("review", pk=assessment.pk)


@login_first
@require_POST
def comment_reopen(request, pk: int, comment_id: int):
    """An addressed comment opened again, until submission."""
    assessment, comment = _comment_of(request, pk, comment_id)
    workflow.reopen_comment(comment=comment, user=request.user)
    messages.success(request, _("Comment on %(code)s reopened.") % {"code": comment.indicator.code})
    return redirect("review", pk=assessment.pk)


def _comment_of(request, pk: int, comment_id: int):
    assessment = viewable_assessment(request, pk)
    comment = get_object_or_404(
        IndicatorComment.objects.select_related("review", "indicator__area"),
        pk=comment_id,
        review__assessment=assessment,
    )
    return assessment, comment


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
        "superseded_by": workflow.superseded_by(assessment),
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
