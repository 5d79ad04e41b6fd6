"""Reading cycles: which are open to a focal point, and the dashboard's line per invited economy."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from .. import permissions
from ..models import Assessment, Cycle, Economy, Indicator, IndicatorComment, Reminder, ReviewerAssignment

STATES = ("not_started", "draft", "returned", "submitted", "validated")
SORTS = ("economy", "state", "activity")


@dataclass(frozen=True)
class Row:
    """One invited economy's state in a cycle."""

    economy: Economy
    state: str  # one of STATES
    assessment_id: int | None
    percent_answered: int | None  # a draft or a returned assessment
    days_waiting: int | None  # a submitted assessment
    open_comments: int | None  # a returned assessment
    late: bool
    last_activity: datetime.datetime | None
    reviewer: str
    reminders: int
    last_reminder: datetime.datetime | None

    @property
    def handed_in(self) -> bool:
        return self.state in ("submitted", "validated")


@dataclass(frozen=True)
class Totals:
    invited: int
    handed_in: int
    validated: int
    late: int


def open_cycles_for(user) -> list[Cycle]:
    """Open cycles to which at least one of the user's economies is invited, latest first."""
    economies = permissions.focal_economy_ids(user) if user.is_authenticated else frozenset()
    if not economies:
        return []
    cycles = Cycle.objects.filter(status=Cycle.Status.OPEN).prefetch_related("invited_economies")
    return [
        cycle
        for cycle in cycles
        if not cycle.invited_economies.all() or {e.pk for e in cycle.invited_economies.all()} & economies
    ]


def cycle_by_year(year: int) -> Cycle | None:
    return Cycle.objects.select_related("framework").filter(year=year).first()


def all_cycles() -> list[Cycle]:
    return list(Cycle.objects.select_related("framework").annotate(assessment_count=Count("assessments")))


def dashboard_rows(cycle: Cycle, *, economies=None, today: datetime.date | None = None) -> list[Row]:
    """A line per invited economy (or per economy given), in a fixed number of queries."""
    today = today or timezone.localdate()
    invited = list(economies if economies is not None else cycle.invited().order_by("name"))
    latest: dict[int, Assessment] = {}
    for assessment in Assessment.objects.filter(programme_cycle=cycle, is_illustrative=False).order_by("version"):
        latest[assessment.economy_id] = assessment
    ids = [assessment.pk for assessment in latest.values()]
    answered = dict(
        Assessment.objects.filter(pk__in=ids)
        .annotate(n=Count("answers", filter=~Q(answers__value="")))
        .values_list("pk", "n")
    )
    comments = dict(
        IndicatorComment.objects.filter(review__assessment__in=ids, addressed_at__isnull=True)
        .values("review__assessment")
        .annotate(n=Count("pk"))
        .values_list("review__assessment", "n")
    )
    indicators = Indicator.objects.filter(area__framework=cycle.framework).count() or 1
    reviewers = {
        a.economy_id: str(a.reviewer) for a in ReviewerAssignment.objects.filter(cycle=cycle).select_related("reviewer")
    }
    reminders: dict[int, list] = {}
    for reminder in Reminder.objects.filter(cycle=cycle).order_by("sent_at"):
        reminders.setdefault(reminder.economy_id, []).append(reminder.sent_at)
    rows = []
    for economy in invited:
        assessment = latest.get(economy.pk)
        sent = reminders.get(economy.pk, [])
        rows.append(_row(cycle, economy, assessment, answered, comments, indicators, today, reviewers, sent))
    return rows


def _row(cycle, economy, assessment, answered, comments, indicators, today, reviewers, sent) -> Row:
    state = "not_started" if assessment is None else assessment.status
    editing = state in ("draft", "returned")
    submitted_on = timezone.localdate(assessment.submitted_at) if assessment and assessment.submitted_at else None
    handed_in = state in ("submitted", "validated")
    late = (handed_in and submitted_on is not None and submitted_on > cycle.due_on) or (
        not handed_in and today > cycle.due_on
    )
    return Row(
        economy=economy,
        state=state,
        assessment_id=assessment.pk if assessment else None,
        percent_answered=round(100 * answered.get(assessment.pk, 0) / indicators) if editing else None,
        days_waiting=(today - submitted_on).days if state == "submitted" and submitted_on else None,
        open_comments=comments.get(assessment.pk, 0) if state == "returned" else None,
        late=late,
        last_activity=assessment.updated_at if assessment else None,
        reviewer=reviewers.get(economy.pk, ""),
        reminders=len(sent),
        last_reminder=sent[-1] if sent else None,
    )


def totals(rows: list[Row]) -> Totals:
    return Totals(
        invited=len(rows),
        handed_in=sum(row.handed_in for row in rows),
        validated=sum(row.state == "validated" for row in rows),
        late=sum(row.late for row in rows),
    )


def filtered(rows: list[Row], *, state: str = "", late: bool = False, sort: str = "economy") -> list[Row]:
    """The rows of one state (or all), only the late ones if asked, sorted by economy, state or last activity."""
    chosen = [row for row in rows if (not state or row.state == state) and (not late or row.late)]
    if sort == "state":
        return sorted(chosen, key=lambda row: (STATES.index(row.state), row.economy.name))
    if sort == "activity":
        oldest = datetime.datetime.min.replace(tzinfo=datetime.UTC)
        return sorted(chosen, key=lambda row: row.last_activity or oldest, reverse=True)
    return sorted(chosen, key=lambda row: row.economy.name)


def reviewers():
    """Everyone who may review (the review permission through a group, directly, or a superuser)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    app_label, codename = permissions.REVIEW_PERMISSION.split(".")
    permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
    return (
        get_user_model()
        .objects.filter(Q(groups__permissions=permission) | Q(user_permissions=permission) | Q(is_superuser=True))
        .filter(is_active=True)
        .distinct()
        .order_by("username")
    )


def assigned_first(user, assessments: list[Assessment]) -> list[Assessment]:
    """The review queue with the work the secretariat assigned to the user first (stable otherwise)."""
    if not assessments:
        return assessments
    mine = set(ReviewerAssignment.objects.filter(reviewer=user).values_list("cycle_id", "economy_id"))
    return sorted(assessments, key=lambda a: (a.programme_cycle_id, a.economy_id) not in mine)
