"""What the reviewer's pages show: the answers to decide on, and what publishing makes public."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import permissions
from ..answers import rounds
from ..answers.rounds import Snapshot
from ..answers.selectors import ScoredAssessment
from ..models import Answer, Assessment, Indicator
from ..programme.selectors import assigned_first


@dataclass(frozen=True)
class Waiting:
    """A submitted assessment awaiting this reviewer, and for how many whole days."""

    assessment: Assessment
    days: int


def review_queue(user, assessments) -> list[Waiting]:
    """What awaits this reviewer's decision: their assigned work first, each part the longest waiting first."""
    now = timezone.now()
    waiting = [a for a in assessments if permissions.can_review(user, a)]
    waiting.sort(key=lambda a: (a.submitted_at is None, a.submitted_at or now, a.pk))
    waiting = assigned_first(user, waiting)  # a stable sort: the secretariat's assignments, each oldest first
    return [Waiting(a, (now - a.submitted_at).days if a.submitted_at else 0) for a in waiting]


@dataclass(frozen=True)
class PublicPlace:
    """One place where a validated assessment becomes public."""

    name: str
    url: str


def publication(assessment: Assessment) -> dict:
    """What validating publishes and where: the profile, compare, the exports and the API.

    A correction also replaces the version it corrects everywhere (that one stays readable,
    marked superseded)."""
    cycle = f"?cycle={assessment.cycle}"
    places = [
        PublicPlace(_("The profile, at its public address"), reverse("profile", args=[assessment.pk])),
        PublicPlace(
            _("Compare for cycle %(cycle)s, its ranks and the economy's trend") % {"cycle": assessment.cycle},
            reverse("compare") + cycle,
        ),
        PublicPlace(
            _("The exports: CSV and Excel tables of the comparison and the answers, the printed summary and its PDF"),
            reverse("summary", args=[assessment.pk]),
        ),
        PublicPlace(_("The JSON API (profile.json, compare.json)"), reverse("api_profile", args=[assessment.pk])),
    ]
    replaced = assessment.supersedes if assessment.supersedes_id and assessment.supersedes.is_public else None
    return {"assessment": assessment, "places": places, "replaced": replaced}


@dataclass(frozen=True)
class DecisionItem:
    """One answer on the reviewer's page, with what it was before when that matters."""

    indicator: Indicator
    answer: Answer | None
    level_text: str
    field: object  # the bound comment field
    since_return: Snapshot | None  # the answer at the last return, when it changed since
    in_corrected: Snapshot | None  # the answer in the corrected version, when it differs
    changed_since_return: bool
    differs_from_corrected: bool

    @property
    def stands_out(self) -> bool:
        return self.changed_since_return or self.differs_from_corrected


def decision_page(assessment: Assessment, scored: ScoredAssessment, form, *, show_all: bool) -> dict:
    """The reviewer's page: every earlier round with what came of each comment, the answers changed
    since the last return (or differing from the corrected version) shown, the others folded."""
    earlier = rounds.earlier_rounds(assessment)
    base = rounds.baseline(assessment, earlier)
    fold = base.folds and not show_all
    areas = []
    for area in scored.content.areas:
        items = [
            _decision_item(indicator, scored.answers.get(indicator.code), form, base)
            for indicator in area.indicators.all()
        ]
        shown = [item for item in items if item.stands_out or not fold]
        folded = [item for item in items if fold and not item.stands_out]
        areas.append({"area": area, "items": shown, "folded": folded})
    return {
        "assessment": assessment,
        "scored": scored,
        "form": form,
        "rows": areas,
        "rounds": earlier,
        "baseline": base,
        "folding": fold,
        "show_all": show_all,
        "changed_count": sum(1 for row in areas for item in row["items"] if item.stands_out),
    }


def _decision_item(indicator, answer, form, base: rounds.Baseline) -> DecisionItem:
    level = answer.value if answer and answer.value.isdigit() else None
    now = rounds.Snapshot(answer.value, answer.evidence, answer.evidence_link) if answer else None
    since = base.changed_since_return(indicator.code, now)
    differs = base.differs_from_corrected(indicator.code, now)
    return DecisionItem(
        indicator=indicator,
        answer=answer,
        level_text=indicator.levels[int(level)] if level is not None else "",
        field=form.field_for(indicator.code),
        since_return=base.since_return.get(indicator.code) if since else None,
        in_corrected=base.corrected.get(indicator.code) if differs else None,
        changed_since_return=since,
        differs_from_corrected=differs,
    )
