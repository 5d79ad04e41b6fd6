"""Running a cycle: create, open (inviting the economies), close, reopen, publish, remind, assign a
reviewer. Each checks that the user belongs to the secretariat, saves in a transaction with its
history, and sends its e-mails once the change is committed."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import permissions
from ..models import Assessment, Cycle, Economy, Reminder, ReviewerAssignment
from . import notifications

# The statuses of an economy that has handed in its assessment for the cycle.
HANDED_IN = (Assessment.Status.SUBMITTED, Assessment.Status.VALIDATED)


def _check(user) -> None:
    if not permissions.can_manage_cycles(user):
        raise PermissionDenied


def _save(cycle: Cycle, user) -> None:
    cycle._history_user = user
    cycle.save()


def create_cycle(
    *, user, year: int, framework, opens_on, due_on, publication_date=None, economies=(), note=""
) -> Cycle:
    """A planned cycle; no e-mail goes out until it is opened."""
    _check(user)
    if due_on < opens_on:
        raise ValidationError(_("The due date must not come before the opening date."))
    if publication_date is not None and publication_date < due_on:
        raise ValidationError(_("The publication date must not come before the due date."))
    if Cycle.objects.filter(year=year).exists():
        raise ValidationError(_("A cycle for %(year)s exists already.") % {"year": year})
    with transaction.atomic():
        cycle = Cycle(
            year=year,
            framework=framework,
            opens_on=opens_on,
            due_on=due_on,
            publication_date=publication_date,
            note=note,
        )
        _save(cycle, user)
        cycle.invited_economies.set(economies)
    return cycle


def open_cycle(*, cycle: Cycle, user) -> int:
    """Open a planned cycle and invite the focal points of every invited economy by e-mail (how many
    e-mails are queued), or reopen a closed one (without inviting again)."""
    _check(user)
    with transaction.atomic():
        cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
        if cycle.status not in (Cycle.Status.PLANNED, Cycle.Status.CLOSED):
            raise ValidationError(_("Only a planned or closed cycle can be opened."))
        inviting = cycle.status == Cycle.Status.PLANNED
        cycle.status = Cycle.Status.OPEN
        _save(cycle, user)
        economies = list(cycle.invited()) if inviting else []
    transaction.on_commit(lambda: [notifications.invitation(cycle, economy) for economy in economies])
    return len(economies)


def close_cycle(*, cycle: Cycle, user) -> None:
    """An open cycle takes no new assessment or submission until it is reopened."""
    _move(cycle, user, frm=(Cycle.Status.OPEN,), to=Cycle.Status.CLOSED)


def publish_cycle(*, cycle: Cycle, user) -> None:
    """Close the cycle for good and make its validated assessments public from today (a later
    publication date is brought forward; an earlier one stays)."""
    _check(user)
    with transaction.atomic():
        cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
        if cycle.status not in (Cycle.Status.OPEN, Cycle.Status.CLOSED):
            raise ValidationError(_("Only an open or closed cycle can be published."))
        today = timezone.localdate()
        if cycle.publication_date is not None and cycle.publication_date > today:
            cycle.publication_date = today
        cycle.status = Cycle.Status.PUBLISHED
        _save(cycle, user)


def _move(cycle: Cycle, user, *, frm: tuple, to: str) -> None:
    _check(user)
    with transaction.atomic():
        cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
        if cycle.status not in frm:
            raise ValidationError(_("This cycle cannot move to that status."))
        cycle.status = to
        _save(cycle, user)


def reminder_step(cycle: Cycle, today: datetime.date) -> str | None:
    """The reminder due on a day: 14 and 3 days before the due date, then weekly once overdue
    ("overdue-1" the day after, "overdue-2" a week later…); none earlier than 14 days before."""
    days_left = (cycle.due_on - today).days
    if days_left < 0:
        return f"overdue-{(-days_left - 1) // 7 + 1}"
    if days_left <= 3:
        return "3-days"
    if days_left <= 14:
        return "14-days"
    return None


def economies_to_remind(cycle: Cycle, economies=None) -> list[Economy]:
    """Invited economies (or those given, if invited) that have not handed in their assessment."""
    invited = cycle.invited()
    if economies is not None:
        invited = invited.filter(pk__in=[economy.pk for economy in economies])
    handed_in = set(
        Assessment.objects.filter(programme_cycle=cycle, is_illustrative=False, status__in=HANDED_IN).values_list(
            "economy_id", flat=True
        )
    )
    return [economy for economy in invited.order_by("name") if economy.pk not in handed_in]


def remind(*, cycle: Cycle, user=None, economies=None, now: datetime.datetime | None = None) -> list[Reminder]:
    """Remind the focal points of the economies that have not handed in, at the step of the day,
    never twice for the same economy and step; record each reminder. `user` None is the scheduled
    command; a user must be of the secretariat. Returns the reminders sent."""
    if user is not None:
        _check(user)
    now = now or timezone.now()
    step = reminder_step(cycle, timezone.localdate(now))
    if cycle.status != Cycle.Status.OPEN or step is None:
        return []
    sent = []
    for economy in economies_to_remind(cycle, economies):
        try:
            with transaction.atomic():
                reminder = Reminder.objects.create(cycle=cycle, economy=economy, step=step, sent_at=now, sent_by=user)
        except IntegrityError:
            continue  # sent already, by an earlier run or another process
        notifications.reminder(cycle, economy, step)
        sent.append(reminder)
    return sent


def assign_reviewer(*, cycle: Cycle, economy: Economy, reviewer, user) -> None:
    """The reviewer for an economy's assessment of the cycle (None removes the assignment)."""
    _check(user)
    if reviewer is not None and (
        not permissions.is_reviewer(reviewer) or permissions.is_focal_point(reviewer, economy)
    ):
        raise ValidationError(_("%(user)s cannot review %(economy)s.") % {"user": reviewer, "economy": economy})
    with transaction.atomic():
        if reviewer is None:
            ReviewerAssignment.objects.filter(cycle=cycle, economy=economy).delete()
            return
        assignment, _created = ReviewerAssignment.objects.get_or_create(
            cycle=cycle, economy=economy, defaults={"reviewer": reviewer}
        )
        if assignment.reviewer_id != reviewer.pk:
            assignment.reviewer = reviewer
            assignment._history_user = user
            assignment.save()
