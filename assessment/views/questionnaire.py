"""Answering: the home page, opening a draft, one page per area, review and submit."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from .. import permissions
from ..answers import services, workflow
from ..answers.selectors import (
    answers_of,
    assessment_by_id,
    carried_answers,
    economies_of,
    visible_assessments,
)
from ..forms import AreaAnswersForm, StartAssessmentForm, data_after_conflict
from ..framework.selectors import FrameworkContent, framework_content
from ..models import Assessment
from ..programme.selectors import open_cycles_for
from ..reports import review_page
from ..reports.programme import own_cycle_lines
from ..reports.questionnaire_page import AreaPage, area_page_context, review_context
from .access import login_first, viewable_assessment


def _home(request, start_form=None, status=200):
    economies = economies_of(request.user)
    cycles = open_cycles_for(request.user)
    if start_form is None and economies and cycles:
        start_form = StartAssessmentForm(
            economies=request.user.economies.all(),
            cycles=cycles,
            sources=services.carry_forward_sources(economies),
            initial={"economy": economies[0] if len(economies) == 1 else None, "cycle": cycles[0].year},
        )
    assessments = visible_assessments(request.user)
    member_of = {economy.pk for economy in economies}
    editable = {a.pk for a in assessments if a.is_draft and not a.is_illustrative and a.economy_id in member_of}
    to_review = review_page.review_queue(request.user, assessments)
    return render(
        request,
        "assessment/home.html",
        {
            "assessments": assessments,
            "start_form": start_form,
            "economies": economies,
            "editable": editable,
            "to_review": to_review,
            "is_reviewer": permissions.is_reviewer(request.user),
            "cycle_lines": own_cycle_lines(request.user),
        },
        status=status,
    )


def home(request):
    return _home(request)


@login_required
@require_POST
def start_assessment(request):
    economies = request.user.economies.all()
    form = StartAssessmentForm(
        request.POST,
        economies=economies,
        cycles=open_cycles_for(request.user),
        sources=services.carry_forward_sources(economies),
    )
    if form.is_valid():
        try:
            assessment = services.start_assessment(
                user=request.user,
                economy=form.cleaned_data["economy"],
                cycle=form.cleaned_data["cycle"].year,
                carry_forward=form.cleaned_data.get("carry_forward", False),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            first_area = framework_content(assessment.framework).areas[0]
            return redirect("questionnaire", pk=assessment.pk, area_code=first_area.code)
    return _home(request, start_form=form, status=400)


@login_first
def questionnaire(request, pk: int, area_code: str):
    assessment = viewable_assessment(request, pk)
    content = framework_content(assessment.framework)
    area = content.area(area_code)
    if area is None:
        raise Http404
    can_edit = permissions.can_edit_assessment(request.user, assessment)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        return _save_area(request, assessment, content, area)
    page = AreaPage(assessment, content, area, can_edit=can_edit, missing_requested=bool(request.GET.get("missing")))
    return _render_area_page(request, page, cached=True, status=200)


def _save_area(request, assessment, content, area):
    """Save the area's answers; on invalid input or an edit conflict, show what was typed, uncached."""
    # A bound form needs only which answers are carried forward; the rest is read if the save fails.
    form = AreaAnswersForm(request.POST, area=area, answers=carried_answers(assessment))
    answers = None
    if not form.is_valid():
        messages.error(request, _("Nothing was saved: correct the fields marked below."))
    else:
        try:
            services.save_area_answers(
                assessment=assessment,
                area=area,
                user=request.user,
                inputs=form.edited_inputs(),
                base_revision=form.cleaned_data["revision"],
                confirmed=form.confirmed_codes(),
            )
        except services.EditConflict as conflict:
            answers = answers_of(assessment)
            messages.error(request, _conflict_message(conflict))
            form = _form_after_conflict(form, assessment, area, answers, conflict)
        else:
            messages.success(request, _("Draft saved."))
            if request.POST.get("action") == "next":
                return redirect(_next_step(assessment, content, area))
            return redirect("questionnaire", pk=assessment.pk, area_code=area.code)
    page = AreaPage(assessment, content, area, can_edit=True, form=form, answers=answers)
    return _render_area_page(request, page, cached=False, status=400)


def _form_after_conflict(form, assessment, area, answers, conflict) -> AreaAnswersForm:
    """The typed answers beside the stored ones they conflict with, against the stored revision."""
    data = data_after_conflict(form, answers)
    data["revision"] = assessment_by_id(assessment.pk).revision
    conflicts = {code: answers[code] for code in conflict.indicator_codes}
    form = AreaAnswersForm(
        data, area=area, answers=answers, conflicts=conflicts, comments=workflow.indicator_comments(assessment)
    )
    form.is_valid()
    return form


def _render_area_page(request, page: AreaPage, *, cached: bool, status: int):
    context = area_page_context(request, page, cached=cached)
    return render(request, "assessment/questionnaire.html", context, status=status)


def _conflict_message(conflict: services.EditConflict) -> str:
    if isinstance(conflict, services.UnknownRevision):
        return _(
            "Not saved: this page does not come from the stored assessment. What is stored now is shown "
            "below with your changes kept; check them, then save again."
        )
    return _(
        "Not saved: someone else changed %(codes)s after you opened this page. "
        "Their answers are shown beside yours; check them, then save again to keep yours."
    ) % {"codes": ", ".join(conflict.indicator_codes)}


def _next_step(assessment: Assessment, content: FrameworkContent, area) -> str:
    codes = [a.code for a in content.areas]
    position = codes.index(area.code)
    if position + 1 < len(codes):
        return reverse("questionnaire", kwargs={"pk": assessment.pk, "area_code": codes[position + 1]})
    return reverse("review", kwargs={"pk": assessment.pk})


@login_first
@require_safe
def review(request, pk: int):
    """Completeness per area, what is missing, unconfirmed or commented, and the way to submit."""
    assessment = viewable_assessment(request, pk)
    if not permissions.can_edit_assessment(request.user, assessment):
        raise PermissionDenied
    return render(request, "assessment/review.html", review_context(assessment))
