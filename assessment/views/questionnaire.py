"""Answering: the home page, opening a draft, one page per area, review and submit."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from .. import page_cache, permissions
from ..answers import services, workflow
from ..answers.selectors import (
    answered_counts,
    answers_of,
    assessment_by_id,
    carried_answers,
    economies_of,
    scored_assessment,
    stored_answers,
    visible_assessments,
)
from ..forms import AreaAnswersForm, StartAssessmentForm, data_after_conflict
from ..framework.selectors import FrameworkContent, framework_content
from ..models import Assessment
from ..reports import area_tabs, questionnaire_blocks
from .access import login_first, viewable_assessment


def _home(request, start_form=None, status=200):
    economies = economies_of(request.user)
    if start_form is None and economies:
        start_form = StartAssessmentForm(
            economies=request.user.economies.all(),
            initial={"economy": economies[0] if len(economies) == 1 else None, "cycle": timezone.now().year},
        )
    assessments = visible_assessments(request.user)
    member_of = {economy.pk for economy in economies}
    editable = {a.pk for a in assessments if a.is_draft and not a.is_illustrative and a.economy_id in member_of}
    to_review = [a for a in assessments if permissions.can_review(request.user, a)]
    return render(
        request,
        "assessment/home.html",
        {
            "assessments": assessments,
            "start_form": start_form,
            "economies": economies,
            "editable": editable,
            "to_review": to_review,
        },
        status=status,
    )


def home(request):
    return _home(request)


@login_required
@require_POST
def start_assessment(request):
    form = StartAssessmentForm(request.POST, economies=request.user.economies.all())
    if form.is_valid():
        try:
            assessment = services.start_assessment(
                user=request.user,
                economy=form.cleaned_data["economy"],
                cycle=form.cleaned_data["cycle"],
                carry_forward=form.cleaned_data["carry_forward"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            first_area = framework_content(assessment.framework).areas[0]
            return redirect("questionnaire", pk=assessment.pk, area_code=first_area.code)
    return _home(request, start_form=form, status=400)


class _AreaPage:
    """What an area page shows, built only when its cached HTML is stale.

    A page after a refused save is given the bound form and the stored answers it was checked
    against; any other page reads the stored answers and needs no form."""

    def __init__(self, assessment, content, area, *, can_edit, missing_requested=False, form=None, answers=None):
        self.assessment, self.content, self.area, self.can_edit = assessment, content, area, can_edit
        self.missing_requested = missing_requested
        self.form = form
        if answers is not None:
            self.answers = answers

    @cached_property
    def answers(self) -> dict:
        return stored_answers(self.assessment)

    @cached_property
    def missing(self) -> set[str]:
        if not self.missing_requested:
            return set()
        return {i.code for i in self.area.indicators.all() if not getattr(self.answers.get(i.code), "value", "")}

    def fields_html(self):
        """The area's indicator blocks, from the form given, else straight from the stored answers."""
        if self.form is not None:
            return questionnaire_blocks.render_blocks(self.form.blocks())
        return questionnaire_blocks.render_blocks(
            questionnaire_blocks.blocks_from_answers(
                self.area.indicators.all(),
                self.answers,
                missing=self.missing,
                comments=indicator_comments(self.assessment),
                disabled=not self.can_edit,
            )
        )

    @cached_property
    def answered(self) -> dict[str, int]:
        """Answered indicators per area: as the last save counted them, else counted from the answers."""
        counted = answered_counts(self.assessment)
        if counted is not None:
            return counted
        given = {code for code, answer in self.answers.items() if answer.value}
        return {area.code: sum(i.code in given for i in area.indicators.all()) for area in self.content.areas}

    def area_tabs(self):
        return area_tabs.area_tabs(
            self.assessment, self.content.areas, self.answered, current=self.area.code, can_edit=self.can_edit
        )


def indicator_comments(assessment) -> dict[str, list]:
    """The latest return's comments on the answers, by indicator code.

    Only a returned assessment, and the same once resubmitted, can have them: a draft has never been
    returned (a correction is a new assessment) and a validated one has closed them."""
    commented = assessment.status in (assessment.Status.RETURNED, assessment.Status.SUBMITTED)
    review = workflow.latest_return(assessment) if commented else None
    comments: dict[str, list] = {}
    for comment in review.indicator_comments.all() if review else ():
        comments.setdefault(comment.indicator.code, []).append(comment)
    return comments


def _render_area_page(request, page: _AreaPage, *, cached: bool, status: int):
    """The page; its heading and fields come from the fragment cache when `cached` (an unbound form)."""
    assessment = page.assessment
    context = {"assessment": assessment, "area": page.area, "can_edit": page.can_edit, "page": page}
    context["form_revision"] = page.form["revision"].value() if not cached else assessment.revision
    identity = (assessment.pk, page.area.code, page.can_edit)

    def part(name, draw, identity, version):
        return page_cache.cached_html(name, identity, version, draw) if cached else mark_safe(draw())

    # The head shows how many answers each area has (as the last save counted them, so a save that
    # answers nothing new leaves it cached); the fields only this area's answers and the status.
    counted = answered_counts(assessment)
    if counted is not None:
        head_version = ("counted", assessment.status, assessment.is_illustrative, sorted(counted.items()))
    else:
        head_version = ("revision", page_cache.assessment_version(assessment))
    fields_version = (assessment.status, assessment.is_illustrative, assessment.area_revisions.get(page.area.code))
    context["head"] = part(
        "questionnaire-head",
        lambda: render_to_string("assessment/_questionnaire_head.html", context, request),
        identity,
        head_version,
    )
    fields_identity = (*identity, page.missing_requested)
    context["fields"] = part("questionnaire-fields", page.fields_html, fields_identity, fields_version)
    return render(request, "assessment/questionnaire.html", context, status=status)


@login_first
def questionnaire(request, pk: int, area_code: str):
    assessment = viewable_assessment(request, pk)
    content = framework_content(assessment.framework)
    area = content.area(area_code)
    if area is None:
        raise Http404
    can_edit = permissions.can_edit_assessment(request.user, assessment)
    if request.method != "POST":
        page = _AreaPage(
            assessment, content, area, can_edit=can_edit, missing_requested=bool(request.GET.get("missing"))
        )
        return _render_area_page(request, page, cached=True, status=200)
    if not can_edit:
        raise PermissionDenied
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
            conflicts = {code: answers[code] for code in conflict.indicator_codes}
            messages.error(request, _conflict_message(conflict))
            data = data_after_conflict(form, answers)
            data["revision"] = assessment_by_id(pk).revision
            form = AreaAnswersForm(
                data, area=area, answers=answers, conflicts=conflicts, comments=indicator_comments(assessment)
            )
            form.is_valid()
        else:
            messages.success(request, _("Draft saved."))
            if request.POST.get("action") == "next":
                return redirect(_next_step(assessment, content, area))
            return redirect("questionnaire", pk=assessment.pk, area_code=area.code)
    # Reaching here saved nothing (invalid input or an edit conflict): show what was typed, uncached.
    page = _AreaPage(assessment, content, area, can_edit=True, form=form, answers=answers)
    return _render_area_page(request, page, cached=False, status=400)


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
    scored = scored_assessment(assessment)
    state = workflow.pending(assessment)
    missing = set(state.missing)
    return render(
        request,
        "assessment/review.html",
        {
            "assessment": assessment,
            "scored": scored,
            "pending": state,
            "latest_return": workflow.latest_return(assessment),
            "rows": [
                {
                    "area": area,
                    "profile": area_profile,
                    "missing": [i for i in area.indicators.all() if i.code in missing],
                    "unconfirmed": [i for i in area.indicators.all() if i.code in state.unconfirmed],
                }
                for area, area_profile in zip(scored.content.areas, scored.profile.areas, strict=True)
            ],
            "area_tabs": area_tabs.area_tabs(
                assessment,
                scored.content.areas,
                {area.code: area.completeness.answered for area in scored.profile.areas},
                current=None,
                can_edit=True,
            ),
        },
    )
