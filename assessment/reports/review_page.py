"""What the reviewer's pages show: the answers to decide on, and what publishing makes public."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from ..models import Assessment


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
