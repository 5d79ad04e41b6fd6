"""What the programme's pages and files show: the secretariat's dashboard of a cycle (page, JSON,
CSV and XLSX from the same rows), the list of cycles, and a focal point's own line on the home page."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy

from .. import permissions
from ..models import Cycle
from ..programme import selectors
from ..programme.selectors import Row, Totals

STATE_LABELS = {
    "not_started": pgettext_lazy("cycle state", "Not started"),
    "draft": gettext_lazy("Draft"),
    "returned": gettext_lazy("Returned for changes"),
    "submitted": gettext_lazy("Submitted"),
    "validated": gettext_lazy("Validated"),
}


def state_text(row: Row) -> str:
    """The state in words with its figure: "Draft, 40% answered", "Submitted, waiting 3 days"…"""
    label = str(STATE_LABELS[row.state])
    if row.percent_answered is not None:
        label = _("%(state)s, %(percent)s%% answered") % {"state": label, "percent": row.percent_answered}
    elif row.days_waiting is not None:
        label = ngettext("%(state)s, waiting %(days)s day", "%(state)s, waiting %(days)s days", row.days_waiting) % {
            "state": label,
            "days": row.days_waiting,
        }
    if row.open_comments:
        label = ngettext(
            "%(state)s, %(count)s open comment", "%(state)s, %(count)s open comments", row.open_comments
        ) % {"state": label, "count": row.open_comments}
    return label + (" · " + _("late") if row.late else "")


def totals_text(totals: Totals) -> str:
    return _("%(handed_in)s of %(invited)s submitted, %(validated)s validated") % {
        "handed_in": totals.handed_in,
        "invited": totals.invited,
        "validated": totals.validated,
    }


@dataclass(frozen=True)
class Dashboard:
    cycle: Cycle
    rows: list[Row]
    totals: Totals
    state: str
    late: bool
    sort: str

    @property
    def totals_text(self) -> str:
        return totals_text(self.totals)

    @property
    def lines(self) -> list[tuple[Row, str]]:
        return [(row, state_text(row)) for row in self.rows]

    @property
    def state_choices(self) -> list[tuple[str, str]]:
        return [(key, str(label)) for key, label in STATE_LABELS.items()]


def dashboard(cycle: Cycle, query) -> Dashboard:
    """The dashboard of a cycle, filtered (?state=, ?late=1) and sorted (?sort=) as the query asks;
    the totals always count every invited economy."""
    rows = selectors.dashboard_rows(cycle)
    state = query.get("state", "") if query.get("state", "") in selectors.STATES else ""
    sort = query.get("sort", "economy") if query.get("sort") in selectors.SORTS else "economy"
    late = query.get("late") == "1"
    chosen = selectors.filtered(rows, state=state, late=late, sort=sort)
    return Dashboard(cycle, chosen, selectors.totals(rows), state, late, sort)


def status_json(cycle: Cycle) -> dict:
    """The dashboard's data for /api/cycles/<year>/status.json (described in openapi.json)."""
    rows = selectors.dashboard_rows(cycle)
    totals = selectors.totals(rows)
    return {
        "cycle": cycle.year,
        "status": cycle.status,
        "framework": cycle.framework.version,
        "opens_on": cycle.opens_on.isoformat(),
        "due_on": cycle.due_on.isoformat(),
        "publication_date": cycle.publication_date.isoformat() if cycle.publication_date else None,
        "totals": {
            "invited": totals.invited,
            "submitted": totals.handed_in,
            "validated": totals.validated,
            "late": totals.late,
        },
        "economies": [
            {
                "code": row.economy.code,
                "name": row.economy.name,
                "state": row.state,
                "late": row.late,
                "percent_answered": row.percent_answered,
                "days_waiting": row.days_waiting,
                "open_comments": row.open_comments,
                "last_activity": row.last_activity.isoformat() if row.last_activity else None,
                "reviewer": row.reviewer or None,
                "reminders": row.reminders,
            }
            for row in selectors.filtered(rows)
        ],
    }


def status_frame(cycle: Cycle):
    """The dashboard as a table for CSV and XLSX, headed in the active language."""
    import pandas as pd

    rows = selectors.filtered(selectors.dashboard_rows(cycle))
    return pd.DataFrame(
        [
            {
                _("Code"): row.economy.code,
                _("Economy"): row.economy.local_name,
                _("State"): str(STATE_LABELS[row.state]),
                _("Late"): _("yes") if row.late else _("no"),
                _("Answered (%)"): row.percent_answered,
                _("Days waiting"): row.days_waiting,
                _("Open comments"): row.open_comments,
                _("Last activity"): timezone.localtime(row.last_activity).strftime("%Y-%m-%d %H:%M")
                if row.last_activity
                else "",
                _("Reviewer"): row.reviewer,
                _("Reminders sent"): row.reminders,
            }
            for row in rows
        ]
    )


def status_about(cycle: Cycle) -> list[tuple[str, object]]:
    return [
        (_("Cycle"), cycle.year),
        (_("Due date"), cycle.due_on.isoformat()),
        (_("Status"), cycle.get_status_display()),
        (_("Date"), timezone.localdate().isoformat()),
    ]


def own_cycle_lines(user) -> list[tuple[Cycle, Row, str]]:
    """A focal point's home: for each open cycle, their economy's line and the due date."""
    if not user.is_authenticated or not permissions.focal_economy_ids(user):
        return []
    lines = []
    for cycle in selectors.open_cycles_for(user):
        economies = cycle.invited().filter(pk__in=permissions.focal_economy_ids(user)).order_by("name")
        lines += [(cycle, row, state_text(row)) for row in selectors.dashboard_rows(cycle, economies=economies)]
    return lines
