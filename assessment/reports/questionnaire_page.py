"""What an area page of the questionnaire shows: its heading with the area tabs, and its indicator blocks."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe

from .. import page_cache
from ..answers import workflow
from ..answers.selectors import answered_counts, scored_assessment, stored_answers
from ..answers.workflow import indicator_comments
from . import area_tabs, questionnaire_blocks


class AreaPage:
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
        prerequisites = self.content.prerequisites
        if self.form is not None:
            return questionnaire_blocks.render_blocks(self.form.blocks(), prerequisites)
        return questionnaire_blocks.render_blocks(
            questionnaire_blocks.blocks_from_answers(
                self.area.indicators.all(),
                self.answers,
                missing=self.missing,
                comments=indicator_comments(self.assessment),
                disabled=not self.can_edit,
            ),
            prerequisites,
        )

    @cached_property
    def answered(self) -> dict[str, int]:
        """Answered indicators per area, carried answers awaiting confirmation not counted: as the last
        save counted them, else counted from the answers."""
        counted = answered_counts(self.assessment)
        if counted is not None:
            return counted
        given = {code for code, answer in self.answers.items() if answer.value and answer.carried_from is None}
        return {area.code: sum(i.code in given for i in area.indicators.all()) for area in self.content.areas}

    def area_tabs(self):
        return area_tabs.area_tabs(
            self.assessment,
            self.content.areas,
            self.answered,
            current=self.area.code,
            can_edit=self.can_edit,
            commented=self.commented,
        )

    @cached_property
    def commented(self) -> list[str]:
        return workflow.open_comment_areas(self.assessment)


def area_page_context(request, page: AreaPage, *, cached: bool) -> dict:
    """The area page's context; its heading and fields come from the page cache when `cached` (an unbound form)."""
    assessment = page.assessment
    context = {"assessment": assessment, "area": page.area, "can_edit": page.can_edit, "page": page}
    # A superseded version says so in its heading (a query only for a published one).
    context["superseded_by"] = workflow.superseded_by(assessment) if assessment.is_public else None
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
    # The tabs mark the areas with open comments.
    head_version = (*head_version, tuple(page.commented))
    fields_version = (assessment.status, assessment.is_illustrative, assessment.area_revisions.get(page.area.code))
    context["head"] = part(
        "questionnaire-head",
        lambda: render_to_string("assessment/_questionnaire_head.html", context, request),
        identity,
        head_version,
    )
    fields_identity = (*identity, page.missing_requested)
    context["fields"] = part("questionnaire-fields", page.fields_html, fields_identity, fields_version)
    return context


def review_context(assessment) -> dict:
    """The review page: completeness per area, what is missing or unconfirmed, the latest return."""
    scored = scored_assessment(assessment)
    state = workflow.pending(assessment)
    missing = set(state.missing)
    return {
        "assessment": assessment,
        "scored": scored,
        "pending": state,
        "latest_return": workflow.latest_return(assessment),
        "comments": workflow.latest_comments(assessment),
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
            {
                area.code: area_profile.completeness.answered
                - sum(i.code in state.unconfirmed for i in area.indicators.all())
                for area, area_profile in zip(scored.content.areas, scored.profile.areas, strict=True)
            },
            current=None,
            can_edit=True,
            commented=workflow.open_comment_areas(assessment),
        ),
    }
