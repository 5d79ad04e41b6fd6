"""Reads for planning: an economy's targets, the assessment that follows, the peers' published levels."""

from __future__ import annotations

from .. import permissions
from ..answers.selectors import answer_values, answers_of
from ..models import Answer, Assessment, Economy, Framework, TargetPlan, public_q, stored_to_scoring


def target_plan(economy: Economy, framework: Framework) -> TargetPlan | None:
    """The economy's targets on this framework version, if it has set any."""
    return TargetPlan.objects.filter(economy=economy, framework=framework).select_related("economy").first()


def latest_assessment(economy: Economy) -> Assessment | None:
    """The economy's latest real assessment, draft or validated: what targets start from."""
    return (
        Assessment.objects.filter(economy=economy, is_illustrative=False)
        .select_related("economy", "framework")
        .order_by("-cycle", "-version")
        .first()
    )


def next_assessment(assessment: Assessment, user) -> Assessment | None:
    """The economy's assessment of the next cycle on the same framework (its latest version) that the user
    may read, or None: what shows which steps of a roadmap were reached."""
    later = (
        Assessment.objects.filter(
            economy=assessment.economy,
            framework=assessment.framework,
            is_illustrative=assessment.is_illustrative,
            cycle__gt=assessment.cycle,
        )
        .select_related("economy", "framework")
        .order_by("cycle", "-version")
    )
    for candidate in later:
        if permissions.can_view_assessment(user, candidate):
            return candidate
    return None


def levels_of(assessment: Assessment) -> dict:
    return answer_values(answers_of(assessment))


def peer_levels(framework: Framework, economy: Economy) -> dict[str, dict[str, int]]:
    """Every other economy's published levels on this framework, by economy code: the latest cycle's
    latest validated version, else its illustrative assessment, as the comparison reads them."""
    chosen: dict[int, Assessment] = {}
    published = Assessment.objects.filter(public_q(), framework=framework).exclude(economy=economy)
    for assessment in published.select_related("economy").order_by("-cycle", "is_illustrative", "-version"):
        chosen.setdefault(assessment.economy_id, assessment)
    codes = {a.pk: a.economy.code for a in chosen.values()}
    levels: dict[str, dict[str, int]] = {code: {} for code in codes.values()}
    rows = Answer.objects.filter(assessment_id__in=codes).values_list("assessment_id", "indicator__code", "value")
    for assessment_id, code, value in rows:
        level = stored_to_scoring(value)
        if isinstance(level, int):
            levels[codes[assessment_id]][code] = level
    return levels
