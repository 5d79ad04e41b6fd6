"""The offline questionnaire: download the workbook, upload it, preview the changes, apply them."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import permissions
from ..answers import services
from ..answers.selectors import answers_of
from ..downloads import attachment
from ..forms import WorkbookUploadForm
from ..framework.selectors import framework_content
from ..reports import spreadsheets, workbooks
from .access import login_first, viewable_assessment
from .language import in_requested_language, language_suffix

SESSION_KEY = "workbook-upload-{pk}"

logger = logging.getLogger(__name__)


@login_first
@in_requested_language
def workbook_download(request, pk: int):
    """The workbook in the interface language, or in the one ?lang= asks for."""
    assessment = viewable_assessment(request, pk)
    content = framework_content(assessment.framework)
    workbook = workbooks.build_workbook(assessment, content, answers_of(assessment))
    filename = f"{assessment.economy.code}-{assessment.cycle}-questionnaire{language_suffix()}.xlsx"
    return attachment(workbook, spreadsheets.CONTENT_TYPES["xlsx"], filename)


def _editable(request, pk: int):
    assessment = viewable_assessment(request, pk)
    if not permissions.can_edit_assessment(request.user, assessment):
        raise PermissionDenied
    return assessment


@login_first
def workbook_upload(request, pk: int):
    """Upload a filled-in workbook: every problem listed, or a preview of the changes to apply."""
    assessment = _editable(request, pk)
    form = WorkbookUploadForm(request.POST or None, request.FILES or None)
    context = {"assessment": assessment, "form": form}
    if request.method == "POST" and form.is_valid():
        content = framework_content(assessment.framework)
        try:
            filled = workbooks.read_workbook(form.cleaned_data["workbook"], assessment, content)
        except workbooks.WorkbookError as error:
            _log_refusal(request, assessment, error.total, error.problems[0].reason)
            failed = {"problems": error.problems, "problem_total": error.total, "not_listed": error.not_listed}
            return render(request, "assessment/workbook.html", context | failed, status=400)
        changes = workbooks.changes(filled.inputs, answers_of(assessment))
        changed_codes = {change.code for change in changes}
        request.session[SESSION_KEY.format(pk=pk)] = {
            "revision": filled.revision,
            "inputs": {
                code: list(vars(given).values()) for code, given in filled.inputs.items() if code in changed_codes
            },
        }
        return render(request, "assessment/workbook.html", context | {"changes": changes, "previewed": True})
    if form.errors:
        _log_refusal(request, assessment, len(form.errors), "; ".join(form.errors.get("workbook", [])))
    return render(request, "assessment/workbook.html", context, status=400 if form.errors else 200)


def _log_refusal(request, assessment, problem_count: int, first_reason: str) -> None:
    """A refused upload leaves a warning: a hostile or broken file shows up in the log, not only on a page."""
    upload = request.FILES.get("workbook")
    logger.warning(
        "workbook upload refused",
        extra={
            "assessment": assessment.pk,
            "user": request.user.get_username(),
            "upload_bytes": upload.size if upload else None,
            "problems": problem_count,
            "reason": str(first_reason)[:200],
        },
    )


@login_first
@require_POST
def workbook_apply(request, pk: int):
    assessment = _editable(request, pk)
    pending = request.session.pop(SESSION_KEY.format(pk=pk), None)
    if pending is None:
        messages.error(request, _("Nothing to apply: upload the workbook again."))
        return redirect("workbook_upload", pk=pk)
    inputs = {code: services.AnswerInput(*values) for code, values in pending["inputs"].items()}
    indicators = [i for i in framework_content(assessment.framework).indicators if i.code in inputs]
    try:
        services.save_answers(
            assessment=assessment,
            indicators=indicators,
            user=request.user,
            inputs=inputs,
            base_revision=pending["revision"],
            channel=services.WORKBOOK,
        )
    except services.EditConflict as conflict:
        messages.error(
            request,
            _("Not applied: %(codes)s changed online after this workbook was downloaded. Download a new workbook.")
            % {"codes": ", ".join(conflict.indicator_codes)},
        )
        return redirect("workbook_upload", pk=pk)
    messages.success(request, _("Workbook applied: %(count)s answers updated.") % {"count": len(inputs)})
    return redirect("review", pk=pk)
