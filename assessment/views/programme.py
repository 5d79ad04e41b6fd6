"""The programme's pages for the secretariat: the list of cycles with their actions, a cycle's
dashboard with its exports and reminders, reviewer assignment, and the dashboard's JSON."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from .. import permissions
from ..downloads import attachment
from ..forms import AssignReviewerForm, CycleActionForm, CycleForm, RemindForm
from ..models import Cycle
from ..programme import selectors, services
from ..reports import programme, spreadsheets
from .access import login_first
from .language import in_requested_language, language_suffix

ACTIONS = {"open": services.open_cycle, "close": services.close_cycle, "publish": services.publish_cycle}


def _cycle(request, year: int) -> Cycle:
    """The cycle, for the secretariat only (403, or sign-in for the public); 404 if there is none."""
    if not permissions.can_manage_cycles(request.user):
        raise PermissionDenied
    cycle = selectors.cycle_by_year(year)
    if cycle is None:
        raise Http404
    return cycle


@login_first
def cycles(request):
    """Every cycle with its status and actions; POST creates a planned cycle."""
    if not permissions.can_manage_cycles(request.user):
        raise PermissionDenied
    form = CycleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cycle = services.create_cycle(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Cycle %(year)s planned. Open it to invite the economies.") % {"year": cycle.year}
            )
            return redirect("cycles")
    status = 400 if request.method == "POST" else 200
    context = {"cycles": selectors.all_cycles(), "form": form}
    return render(request, "programme/cycles.html", context, status=status)


@login_first
def cycle_action(request, year: int, action: str):
    """Open, close or publish a cycle, after a confirmation (a ticked box, posted)."""
    cycle = _cycle(request, year)
    if action not in ACTIONS:
        raise Http404
    form = CycleActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            ACTIONS[action](cycle=cycle, user=request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("Cycle %(year)s: done.") % {"year": cycle.year})
        return redirect("cycles")
    status = 400 if request.method == "POST" else 200
    context = {"cycle": cycle, "action": action, "form": form}
    return render(request, "programme/confirm.html", context, status=status)


@login_first
@require_safe
def dashboard(request, year: int):
    """Per invited economy: its state, last activity, reviewer and reminders, with totals."""
    cycle = _cycle(request, year)
    context = {
        "board": programme.dashboard(cycle, request.GET),
        "reviewers": selectors.reviewers(),
        "can_remind": cycle.status == Cycle.Status.OPEN,
    }
    return render(request, "programme/dashboard.html", context)


@login_first
@require_safe
@in_requested_language
def dashboard_export(request, year: int, extension: str):
    cycle = _cycle(request, year)
    content = spreadsheets.write(
        programme.status_frame(cycle), extension, title=_("Cycle"), about=programme.status_about(cycle)
    )
    name = f"cycle-{cycle.year}-status{language_suffix()}.{extension}"
    return attachment(content, spreadsheets.CONTENT_TYPES[extension], name)


@login_first
@require_POST
def remind_now(request, year: int):
    """Remind one economy, or every economy that has not submitted, at today's step, never twice."""
    cycle = _cycle(request, year)
    form = RemindForm(request.POST)
    if not form.is_valid():
        return HttpResponse(status=400)
    economy = form.cleaned_data["economy"]
    sent = services.remind(cycle=cycle, user=request.user, economies=[economy] if economy else None)
    if sent:
        messages.success(
            request, ngettext("%(n)s reminder sent.", "%(n)s reminders sent.", len(sent)) % {"n": len(sent)}
        )
    else:
        messages.info(request, _("No reminder is due: each step is sent once, from 14 days before the due date."))
    return redirect("cycle_dashboard", year=cycle.year)


@login_first
@require_POST
def assign_reviewer(request, year: int):
    cycle = _cycle(request, year)
    form = AssignReviewerForm(request.POST, reviewers=selectors.reviewers())
    if not form.is_valid():
        return HttpResponse(status=400)
    try:
        services.assign_reviewer(cycle=cycle, user=request.user, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return redirect("cycle_dashboard", year=cycle.year)


@require_safe
def api_status(request, year: int):
    """The dashboard's data as JSON; 404 for anyone outside the secretariat, as the other JSON APIs."""
    cycle = selectors.cycle_by_year(year)
    if cycle is None or not permissions.can_manage_cycles(request.user):
        raise Http404
    return JsonResponse(programme.status_json(cycle), json_dumps_params={"ensure_ascii": False})
