"""What the profile and its printed summary show: each area's strengths, weakest indicators and peers."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from .. import page_cache, permissions, scoring
from ..answers import workflow
from ..answers.selectors import ScoredAssessment, scored_assessment
from ..compare import comparison
from ..framework.selectors import FrameworkContent, best_practices_by_area, framework_content, practices_for_stage
from ..models import Area, BestPractice, Indicator
from . import charts, pdf


@dataclass(frozen=True)
class WeakIndicator:
    indicator: Indicator
    level: int
    next_level_description: str


@dataclass(frozen=True)
class AreaSection:
    """What the profile and summary pages show for one area.

    Strengths (level ≥ scoring.STRENGTH_LEVEL), weakest (levels below it) and to_find_out
    ("don't know") never share an indicator."""

    area: Area
    profile: scoring.AreaProfile
    strengths: list[tuple[Indicator, int]]
    weakest: list[WeakIndicator]
    practices: list[BestPractice]  # peers' practices and results at the next stage
    context: list[BestPractice]  # plans and findings the report gives for the area
    to_find_out: list[Indicator]  # answered "don't know"

    @property
    def has_answers(self) -> bool:
        return self.profile.completeness.answered > 0


def practices_seen_by(practices: list[BestPractice], economy_id: int) -> tuple[list, list]:
    """The peers' practices and results, and the plans and findings shown as context, that an
    economy sees: never a row that is its own, alone or shared with others (a joint system, a joint
    operation it took part in)."""
    others = [practice for practice in practices if not practice.belongs_to(economy_id)]
    peers = [practice for practice in others if practice.kind in BestPractice.PEER_KINDS]
    return peers, [practice for practice in others if practice.kind not in BestPractice.PEER_KINDS]


def area_sections(scored: ScoredAssessment, practices_by_area: dict[str, list[BestPractice]]) -> list[AreaSection]:
    """Each area's strengths, weakest indicators with their next level, "don't know" answers and the
    peers' practices that show the way (never the economy's own)."""
    values = scored.answer_values
    sections = []
    content = scored.content
    for area, area_spec, area_profile in zip(content.areas, content.spec.areas, scored.profile.areas, strict=True):
        indicators = {indicator.code: indicator for indicator in area.indicators.all()}
        weakest = [
            WeakIndicator(indicators[code], level, indicators[code].levels[level + 1])
            for code, level in scoring.weakest_indicators(area_spec, values)
        ]
        strengths = [(indicators[code], level) for code, level in scoring.strong_indicators(area_spec, values)]
        to_find_out = [indicators[code] for code in scoring.dont_know_indicators(area_spec, values)]
        peers, context = practices_seen_by(practices_by_area.get(area.code, []), scored.assessment.economy_id)
        practices = practices_for_stage(peers, area_profile.rating.stage)
        sections.append(AreaSection(area, area_profile, strengths, weakest, practices, context, to_find_out))
    return sections


def weighted_content(assessment, weights: str | None) -> tuple[FrameworkContent, list, comparison.WeightChoice]:
    """The framework content, the weight profiles, and the one named by `weights` (default: the framework's)."""
    content = framework_content(assessment.framework)
    choices = comparison.weight_choices(assessment.framework, [area.code for area in content.areas])
    return content, choices, comparison.chosen_weights(choices, weights)


def scored_under(assessment, content: FrameworkContent, choice: comparison.WeightChoice) -> ScoredAssessment:
    """The assessment scored under the chosen weight profile."""
    weights = choice.area_weights(content) if choice.weights else None
    return scored_assessment(assessment, weights, content)


def is_provisional(assessment, profile: scoring.Profile) -> bool:
    """A draft's figures, and any resting on less of the questionnaire than a rank needs, are provisional."""
    return assessment.is_draft or profile.completeness.percent < settings.RANK_MIN_COMPLETENESS


def profile_parts(scored: ScoredAssessment) -> dict:
    """What the profile page and the printed summary both show: the area sections and the radar."""
    assessment = scored.assessment
    return {
        "assessment": assessment,
        "scored": scored,
        "provisional": is_provisional(assessment, scored.profile),
        "strength_level": scoring.STRENGTH_LEVEL,
        "sections": area_sections(scored, best_practices_by_area(assessment.framework)),
        "radar_svg": charts.radar_svg(
            [area.local_name for area in scored.content.areas],
            {assessment.economy.local_name: [area.rating.score for area in scored.profile.areas]},
        ),
    }


def profile_body(assessment, content: FrameworkContent, choice: comparison.WeightChoice) -> SafeString:
    """The profile page's body under the chosen weights, in the active language: from the cache,
    where the task worker puts it when the assessment changes (drawings.py), else drawn here."""

    def draw() -> str:
        parts = profile_parts(scored_under(assessment, content, choice))
        return render_to_string("assessment/_profile_body.html", parts)

    weights_key = sorted(choice.weights.items()) if choice.weights else None
    return page_cache.cached_html(
        "profile", (assessment.pk, weights_key), page_cache.assessment_version(assessment), draw
    )


def workflow_state(user, assessment) -> dict:
    """Where the assessment stands in review and what this reader may do about it."""
    return {
        "can_review": permissions.can_review(user, assessment),
        "can_correct": permissions.can_open_correction(user, assessment),
        "can_view_history": permissions.can_view_history(user, assessment),
        "superseded_by": workflow.superseded_by(assessment),
        "open_correction": workflow.open_correction_of(assessment)
        if permissions.is_focal_point(user, assessment.economy)
        else None,
        "latest_return": workflow.latest_return(assessment) if assessment.status == "returned" else None,
    }


def profile_document(assessment, weights: str | None) -> dict:
    """The profile as profile.json gives it, under the chosen weight profile."""
    content, _choices, choice = weighted_content(assessment, weights)
    scored = scored_under(assessment, content, choice)
    document = scoring.profile_as_dict(scored.profile, assessment.economy.code, assessment.cycle)
    document["status"] = assessment.public_status
    document["version"] = assessment.version
    document["weights"] = choice.slug
    document["weights_name"] = choice.name
    newer = workflow.superseded_by(assessment)
    document["superseded_by"] = {"id": newer.pk, "version": newer.version} if newer else None
    return document


def summary_context(assessment, weights: str | None, *, for_pdf: bool) -> dict:
    """The printed summary under the chosen weight profile, which the printout names."""
    content, _choices, choice = weighted_content(assessment, weights)
    parts = profile_parts(scored_under(assessment, content, choice))
    newer = workflow.superseded_by(assessment)
    return parts | {
        "for_pdf": for_pdf,
        "choice": choice,
        "weights_query": _weights_query(choice),
        "superseded_by": newer,
        # Printed in full: a circulated PDF must say where the current figures are.
        "current_url": settings.SITE_URL.rstrip("/") + reverse("profile", args=[newer.pk]) if newer else "",
    }


def summary_page(assessment, weights: str | None) -> SafeString:
    """The printed summary's page (for the browser), from the cache where the task worker puts it after
    a change (drawings.py), else rendered here. Keyed like its PDF: weights are whatever was asked."""

    def render() -> str:
        return render_to_string("print/summary.html", summary_context(assessment, weights, for_pdf=False))

    identity = (assessment.pk, weights or "")
    version = page_cache.assessment_version(assessment)
    return mark_safe(page_cache.cached("print-summary", identity, version, render, slots=pdf.PDF_SLOTS))


def summary_pdf_key(assessment, weights: str | None) -> pdf.PdfKey:
    """The printed summary's PDF: named by the assessment and weights, made from its answers and state."""
    return pdf.PdfKey("summary", (assessment.pk, weights or ""), page_cache.assessment_version(assessment))


def _weights_query(choice) -> str:
    """The query that keeps the chosen weights, and the printing language, on the next link."""
    params = [] if choice.slug == comparison.DEFAULT_PROFILE else [f"weights={choice.slug}"]
    language = translation.get_language()
    if language != settings.LANGUAGE_CODE:
        params.append(f"lang={language}")
    return "?" + "&".join(params) if params else ""
