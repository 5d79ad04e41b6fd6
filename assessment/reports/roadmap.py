"""What the roadmap shows: targets beside the current levels, the phased steps with the level text to
reach, the report's practices at that level and the peers already there, and the steps a later
assessment reached. The same RoadmapPage feeds the page, its JSON, its printout and its workbook."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.utils.translation import gettext as _

from .. import permissions, roadmap, scoring
from ..framework.selectors import best_practices_by_area, framework_content, prerequisite_specs
from ..models import Assessment, BestPractice, TargetPlan
from ..planning import selectors
from . import charts, spreadsheets


@dataclass(frozen=True)
class StepView:
    step: roadmap.Step
    indicator: object
    level_text: str
    practices: list[BestPractice]
    peers: list[str]
    reached: bool | None  # None: no later assessment to tell

    @property
    def score_gain(self) -> float:
        return scoring.round_half_up(self.step.score_gain)


@dataclass(frozen=True)
class PhaseView:
    number: int
    score_after: scoring.Rating
    steps: list[StepView]


@dataclass(frozen=True)
class AreaGap:
    area: object
    current: float | None
    target: float | None
    percent: float | None

    @property
    def gap(self) -> float | None:
        if self.current is None or self.target is None:
            return None
        return scoring.round_half_up(self.target - self.current)


class RoadmapPage:
    """An assessment's roadmap as the reader may see it (permissions.can_view_roadmap decides whether)."""

    def __init__(self, assessment: Assessment, plan: TargetPlan | None, user):
        self.assessment, self.plan = assessment, plan
        self.content = framework_content(assessment.framework)
        self.prerequisites = self.content.prerequisites
        self.answers = selectors.levels_of(assessment)
        self.user = user

    @cached_property
    def next_assessment(self) -> Assessment | None:
        return selectors.next_assessment(self.assessment, self.user)

    @cached_property
    def targets(self) -> dict[str, int]:
        if self.plan is None:
            return {}
        return roadmap.indicator_targets(self.content.spec, self.plan.area_levels, self.plan.levels)

    @cached_property
    def plan_of_steps(self) -> roadmap.Roadmap:
        return roadmap.plan_roadmap(
            self.content.spec, self.answers, self.targets, prerequisite_specs(self.prerequisites)
        )

    @cached_property
    def percent(self) -> roadmap.PercentToTarget:
        return roadmap.percent_to_target(self.content.spec, self.answers, self.targets)

    @cached_property
    def unmet(self) -> list:
        """The prerequisites the targets leave unmet, as stored (with their reasons)."""
        specs = prerequisite_specs(self.prerequisites)
        unmet = set(roadmap.targets_below_prerequisites(self.content.spec, self.answers, self.targets, specs))
        return [p for p, spec in zip(self.prerequisites, specs, strict=True) if spec in unmet]

    @cached_property
    def phases(self) -> list[PhaseView]:
        indicators = {i.code: i for i in self.content.indicators}
        practices = best_practices_by_area(self.assessment.framework)
        peers = selectors.peer_levels(self.assessment.framework, self.assessment.economy)
        later = selectors.levels_of(self.next_assessment) if self.next_assessment else None
        reached = roadmap.reached_steps(self.plan_of_steps, later) if later is not None else set()
        phases = []
        for phase in self.plan_of_steps.phases:
            steps = []
            for step in phase.steps:
                indicator = indicators[step.indicator]
                steps.append(
                    StepView(
                        step=step,
                        indicator=indicator,
                        level_text=indicator.levels[step.to_level],
                        practices=[
                            p
                            for p in practices.get(step.area, [])
                            if p.level == step.to_level and p.kind in BestPractice.PEER_KINDS
                        ],
                        peers=sorted(
                            code for code, levels in peers.items() if levels.get(step.indicator, -1) >= step.to_level
                        ),
                        reached=None if later is None else step.key in reached,
                    )
                )
            phases.append(PhaseView(phase.number, scoring.rate(phase.score_after), steps))
        return phases

    @cached_property
    def current_profile(self) -> scoring.Profile:
        return scoring.score_assessment(self.content.spec, self.answers)

    @cached_property
    def target_profile(self) -> scoring.Profile:
        """The profile once every step is done."""
        reached = dict(self.answers)
        for step in self.plan_of_steps.steps():
            reached[step.indicator] = step.to_level
        return scoring.score_assessment(self.content.spec, reached)

    @cached_property
    def area_gaps(self) -> list[AreaGap]:
        return [
            AreaGap(area, now.rating.score, then.rating.score, self.percent.area(area.code))
            for area, now, then in zip(
                self.content.areas, self.current_profile.areas, self.target_profile.areas, strict=True
            )
        ]

    def radar_svg(self) -> str:
        codes = [area.code for area in self.content.areas]
        return charts.radar_svg(
            codes,
            {
                _("Current"): [area.rating.score for area in self.current_profile.areas],
                _("Target"): [area.rating.score for area in self.target_profile.areas],
            },
        )

    @property
    def steps_reached(self) -> int:
        return sum(1 for phase in self.phases for step in phase.steps if step.reached)

    @property
    def step_count(self) -> int:
        return sum(len(phase.steps) for phase in self.phases)


def roadmap_document(page: RoadmapPage) -> dict:
    """The roadmap JSON of issue 26: percent to target, then the phases and their steps."""
    return {
        "assessment": page.assessment.pk,
        "target_year": page.plan.target_year if page.plan else None,
        "is_default": page.plan_of_steps.is_default,
        "percent_to_target": {
            "overall": page.percent.overall,
            "areas": dict(page.percent.areas),
        },
        "phases": [
            {
                "number": phase.number,
                "score_after": phase.score_after.score,
                "steps": [
                    {
                        "indicator": view.step.indicator,
                        "from_level": view.step.from_level,
                        "to_level": view.step.to_level,
                        "needs": list(view.step.needs),
                        "score_gain": view.score_gain,
                        "practices": [
                            {"title": p.title, "source": p.source, "section": p.section, "line": p.line}
                            for p in view.practices
                        ],
                        "peers": view.peers,
                        "reached": view.reached,
                    }
                    for view in phase.steps
                ],
            }
            for phase in page.phases
        ],
    }


def roadmap_workbook(page: RoadmapPage) -> bytes:
    """A row per step, with empty owner, due date and status columns for the administration to fill."""
    import pandas as pd

    columns = [
        _("phase"), _("indicator"), _("from level"), _("to level"), _("level to reach"), _("needs"),
        _("score gain"), _("score after the phase"), _("peers already there"), _("practices (report line)"),
        _("owner"), _("due date"), _("status"),
    ]  # fmt: skip
    rows = [
        [
            phase.number,
            view.step.indicator,
            view.step.from_level,
            view.step.to_level,
            view.level_text,
            ", ".join(view.step.needs),
            view.score_gain,
            phase.score_after.score,
            ", ".join(view.peers),
            "; ".join(f"{p.title} ({p.line})" for p in view.practices),
            None,
            None,
            None,
        ]
        for phase in page.phases
        for view in phase.steps
    ]
    about = [
        (_("Economy"), page.assessment.economy.local_name),
        (_("Assessment"), f"{page.assessment.cycle} v{page.assessment.version}"),
        (_("Framework"), page.assessment.framework.version),
        (_("Target year"), page.plan.target_year if page.plan else "—"),
        (_("Targets"), _("default: one level up on every indicator") if page.plan_of_steps.is_default else _("set")),
    ]
    return spreadsheets.write(pd.DataFrame(rows, columns=columns), "xlsx", title=_("Roadmap"), about=about)


def targets_initial(assessment: Assessment, plan: TargetPlan | None) -> dict:
    """The targets form's starting values: the stored targets, else the next year and no target."""
    if plan is None:
        return {"target_year": assessment.cycle + 3}
    initial = {"target_year": plan.target_year, "is_public": plan.is_public}
    initial |= {f"target__{code}": str(level) for code, level in plan.levels.items()}
    initial |= {f"area__{code}": str(level) for code, level in plan.area_levels.items()}
    return initial


def current_text(value) -> str:
    """An answer as the targets page shows it beside the target: the level, or what stands for none."""
    if value == scoring.NOT_APPLICABLE:
        return _("not applicable")
    if value == scoring.DONT_KNOW:
        return _("don't know")
    return "—" if value is None else str(value)


def target_rows(page: RoadmapPage, form) -> list[dict]:
    """The targets form by area: the area's own field, then each indicator with where it stands and its field."""
    return [
        {
            "area": area,
            "field": form[f"area__{area.code}"],
            "indicators": [
                {
                    "indicator": indicator,
                    "current": current_text(page.answers.get(indicator.code)),
                    "field": form[f"target__{indicator.code}"],
                }
                for indicator in area.indicators.all()
            ],
        }
        for area in page.content.areas
    ]


def profile_targets(user, assessment: Assessment) -> RoadmapPage | None:
    """What the profile shows beside the scores when the economy has targets the reader may see: the radar
    of the current and the target scores, and the gap per area (one query more, for the targets)."""
    plan = selectors.target_plan(assessment.economy, assessment.framework)
    if plan is None or not permissions.can_view_targets(user, plan):
        return None
    return RoadmapPage(assessment, plan, user)


def progress_across_cycles(economy, user, cycles: list) -> list[dict]:
    """Percent to target of each cycle the economy page shows, against the economy's targets on that
    cycle's framework version, where it has set some that the reader may see (one query)."""
    plans = {p.framework_id: p for p in TargetPlan.objects.filter(economy=economy).select_related("economy")}
    rows = []
    for cycle in cycles:
        compared = cycle.compared
        plan = plans.get(compared.assessment.framework_id)
        if plan is None or not permissions.can_view_targets(user, plan):
            continue
        spec = compared.content.spec
        targets = roadmap.indicator_targets(spec, plan.area_levels, plan.levels)
        percent = roadmap.percent_to_target(spec, compared.answer_values, targets)
        rows.append({"assessment": compared.assessment, "percent": percent.overall, "target_year": plan.target_year})
    return rows
