"""What the compare pages, their printout and their exports show, from a comparison's choices."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .. import page_cache, scoring
from ..compare import comparison, reference, table, trends
from ..framework.selectors import current_framework
from ..models import Economy
from . import charts, pdf

# Charts stay readable up to this many economies; the table always shows them all.
MAX_CHART_ECONOMIES = 30
MAX_RADAR_ECONOMIES = 5


@dataclass
class ComparisonResult:
    form: object  # the compare form, bound to the query string
    cycle: int | None = None
    choice: comparison.WeightChoice | None = None
    frame: object = None
    codes: list[str] | None = None
    params: tuple[tuple[str, str], ...] = ()  # the choices made, normalised: the page's identity
    not_published: list[str] = field(default_factory=list)  # chosen economies with nothing published
    area_weights: dict | None = None  # the weight of each area under the choice, as the ranks used them

    @property
    def query(self) -> str:
        return urlencode(self.params)

    @property
    def unsorted_query(self) -> str:
        return urlencode([(key, value) for key, value in self.params if key != "sort"])


@dataclass(frozen=True)
class CompareOptions:
    """What the compare form offers: cycles with public assessments, areas, weight profiles, economies."""

    cycles: list[int]
    default_cycle: int | None
    area_codes: list[str]
    choices: list[comparison.WeightChoice]
    economies: list[tuple[str, str]]


# Cache keys the compare page's variants may take, however many distinct choices readers make
# (security probe N4): room for every cycle's default pages in both languages and recent choices.
COMPARE_SLOTS = 256


def compare_body(form, choices, published_version: tuple) -> tuple[str, int]:
    """The compare page's body and status for the bound form; a valid one's is cached by its
    normalised choices and its cycle's published data (the task worker draws the default pages ahead)."""

    def draw(result: ComparisonResult) -> tuple[str, int]:
        status = 400 if result.form.is_bound and result.form.errors else 200
        return render_to_string("compare/_compare_body.html", compare_context(result)), status

    if form.is_bound and form.is_valid():
        identity = (normalised_params(form, choices),)
        return page_cache.cached(
            "compare",
            identity,
            shown_version(form, published_version),
            lambda: draw(compared(form, choices)),
            slots=COMPARE_SLOTS,
        )
    return draw(ComparisonResult(form))


def shown_version(form, published_version: tuple) -> tuple:
    """What a valid compare form's page and PDF are made from: its cycle's public assessments, and the
    cycles and economies the form offers. A change in another cycle leaves them as they are."""
    offered = (tuple(form.fields["cycle"].widget.choices), tuple(form.fields["economies"].choices))
    return (comparison.cycle_version(published_version, form.cleaned_data["cycle"]), offered)


def compare_options(published_version: tuple) -> CompareOptions:
    """The form's options, kept in the cache until the published assessments or the content change."""

    def load():
        framework = current_framework()
        area_codes = [] if framework is None else list(framework.areas.values_list("code", flat=True))
        counts = comparison.public_cycle_counts()
        return CompareOptions(
            cycles=list(counts),
            default_cycle=comparison.default_cycle(counts),
            area_codes=area_codes,
            choices=comparison.weight_choices(framework, area_codes),
            economies=[(economy.code, economy.local_name) for economy in Economy.objects.all()],
        )

    return page_cache.cached("compare-options", (), published_version, load)


def normalised_params(form, choices) -> tuple[tuple[str, str], ...]:
    """The valid form's choices in one canonical order; parameters the page does not use are dropped."""
    data = form.cleaned_data
    params = [("cycle", str(data["cycle"]))]
    params += [("economies", code) for code in sorted(set(data["economies"]))]
    params.append(("weights", comparison.chosen_weights(choices, data["weights"]).slug))
    params.append(("sort", data["sort"] or "rank"))
    if data["provisional"]:
        params.append(("provisional", "on"))
    if data["reference"]:
        params.append(("reference", "on"))
    params += [("radar", code) for code in sorted(set(data["radar"]))]
    return tuple(params)


def compared(form, choices) -> ComparisonResult:
    """Score and rank the economies a valid compare form chose."""
    choice = comparison.chosen_weights(choices, form.cleaned_data["weights"])
    economies = form.cleaned_data["economies"] or None
    scored = comparison.score_assessments(comparison.public_assessments(form.cleaned_data["cycle"], economies), choice)
    frame = table.comparison_frame(
        scored,
        choice,
        min_completeness=settings.RANK_MIN_COMPLETENESS,
        provisional=form.cleaned_data["provisional"],
    )
    codes = table.area_codes(scored)
    frame = table.sorted_frame(frame, form.cleaned_data["sort"] or "rank", codes)
    found = {item.assessment.economy.code for item in scored}
    not_published = sorted(code for code in (economies or []) if code not in found)
    params = normalised_params(form, choices)
    area_weights = choice.area_weights(scored[0].content) if scored else choice.weights
    return ComparisonResult(form, form.cleaned_data["cycle"], choice, frame, codes, params, not_published, area_weights)


def records(frame) -> list[dict]:
    """Rows for templates and JSON: pandas' missing values become None."""
    return [{k: (None if _is_missing(v) else v) for k, v in row.items()} for row in frame.to_dict("records")]


def _is_missing(value) -> bool:
    import pandas as pd

    return value is pd.NA or (isinstance(value, float) and value != value)


def table_context(result: ComparisonResult) -> dict:
    """What the compare page and its printout both show: rows, mean and median, the heat map."""
    rows = records(result.frame)
    codes = result.codes
    for row in rows:  # prepared here: per-row lookups and links are most of a long table's render time
        row["area_scores"] = [row[code] for code in codes]
        row["profile_url"] = reverse("profile", args=[row["assessment_id"]])
        row["trend_url"] = reverse("economy", args=[row["economy"]])
    by_rank = sorted(rows, key=lambda r: (r["rank"] is None, r["rank"] or 0))
    charted = by_rank[:MAX_CHART_ECONOMIES]
    heatmap = charts.heatmap_svg([r["economy"] for r in charted], codes, [[r[c] for c in codes] for r in charted])
    return {
        "result": result,
        "rows": rows,
        "by_rank": by_rank,
        "codes": codes,
        "summary": table.summary_rows(result.frame, codes),
        "has_illustrative": any(r["status"] == "illustrative" for r in rows),
        "min_completeness": settings.RANK_MIN_COMPLETENESS,
        "unranked_count": sum(1 for r in rows if not r["ranked"]),
        "charted_count": len(charted),
        "heatmap_svg": heatmap if rows else "",
    }


def compare_context(result: ComparisonResult) -> dict:
    context = {"form": result.form, "result": result}
    if result.frame is not None:
        context |= table_context(result)
        rows, codes, by_rank = context["rows"], context["codes"], context["by_rank"]
        radar_codes = result.form.cleaned_data["radar"] or default_radar(by_rank, codes)
        radar_rows = [r for r in rows if r["economy"] in radar_codes]
        context |= {
            "bars_svg": charts.grouped_bars_svg(codes, {r["economy"]: [r[c] for c in codes] for r in radar_rows})
            if radar_rows
            else "",
            "radar_svg": charts.radar_svg(codes, {r["economy"]: [r[c] for c in codes] for r in radar_rows})
            if radar_rows
            else "",
            "query": result.query,
            "unsorted_query": result.unsorted_query,
            **_reference_context(result, rows),
            "sort": result.form.cleaned_data["sort"] or "rank",
        }
    return context


def _reference_context(result: ComparisonResult, rows: list[dict]) -> dict:
    """Reference columns for each row, and how the self-assessed ranking agrees with each measure."""
    if not result.form.cleaned_data["reference"]:
        return {}
    columns = reference.columns_for(result.cycle, [r["economy"] for r in rows])
    for row in rows:
        row["reference_values"] = [column.values.get(row["economy"]) for column in columns]
    ranked_overall = {r["economy"]: r["overall"] for r in rows if r["ranked"]}
    return {
        "reference_columns": columns,
        "agreements": [reference.agreement(ranked_overall, column) for column in columns],
    }


def default_radar(rows_by_rank: list[dict], codes: list[str]) -> list[str]:
    """The five most complete economies whose area scores differ: five identical lines say nothing."""
    chosen, seen = [], set()
    for row in sorted(rows_by_rank, key=lambda r: -(r["completeness"] or 0)):
        profile = tuple(row[code] for code in codes)
        if profile in seen or all(score is None for score in profile):
            continue
        seen.add(profile)
        chosen.append(row["economy"])
        if len(chosen) == MAX_RADAR_ECONOMIES:
            break
    return chosen


def export_about(result: ComparisonResult, table_name: str) -> list[tuple[str, object]]:
    """What an export holds, stated inside it in the active language."""
    about = [
        (pgettext("export about", "Table"), table_name),
        (_("Cycle"), result.cycle),
        (
            _("Weights"),
            _("%(name)s (%(slug)s): %(weights)s")
            % {"name": result.choice.name, "slug": result.choice.slug, "weights": _weights_text(result.area_weights)},
        ),
        (
            _("Ranked from"),
            _("%(percent)s%% of the questionnaire answered") % {"percent": settings.RANK_MIN_COMPLETENESS},
        ),
    ]
    if result.form.cleaned_data.get("provisional"):
        about.append((_("Rank"), _("economies below the threshold are ranked too, marked provisional")))
    return about + [
        (_("Exported"), timezone.now().strftime("%Y-%m-%d %H:%M UTC")),
        (
            _("Source"),
            _("Self-assessments of customs administrations; illustrative rows are built from the SCCP2 2023 report"),
        ),
        (_("Methodology"), settings.SITE_URL.rstrip("/") + "/methodology/"),
    ]


def _weights_text(area_weights: dict | None) -> str:
    """Each area's share of the weight, one decimal: "SW 60.0%, BL 40.0%"."""
    total = sum(float(weight) for weight in (area_weights or {}).values())
    if not total:
        return _("the framework's area weights")
    shares = (
        f"{code} {scoring.round_half_up(100 * float(weight) / total):.1f}%" for code, weight in area_weights.items()
    )
    return pgettext("list separator", ", ").join(shares)


def point_kind(row: trends.TrendRow) -> str:
    if row.compared.assessment.is_illustrative:
        return "illustrative"
    return "incomplete" if row.incomplete else ""


def trend_context(economy: Economy, user, weights: str | None) -> dict:
    """An economy's overall and area scores across the cycles this reader may see, with their chart."""
    choices = comparison.weight_choices(current_framework())
    choice = comparison.chosen_weights(choices, weights)
    compared_cycles = comparison.score_assessments(comparison.economy_history(economy.code, user), choice)
    codes = table.area_codes(compared_cycles)
    cycles = trends.trend_rows(compared_cycles, codes, choice, settings.RANK_MIN_COMPLETENESS)
    labels = [
        _("%(cycle)s (v%(version)s)")
        % {"cycle": c.compared.assessment.cycle, "version": c.compared.profile.framework_version}
        for c in cycles
    ]
    overall = [c.scores["overall"] for c in cycles]
    series = {code: [c.scores.get(code) for c in cycles] for code in codes}
    return {
        "economy": economy,
        "cycles": cycles,
        "codes": codes,
        "choices": choices,
        "choice": choice,
        "lines_svg": charts.lines_svg(labels, overall, series, [point_kind(c) for c in cycles]) if cycles else "",
        "versions": sorted({c.compared.profile.framework_version for c in cycles}),
        "reference_values": economy.reference_indicators.order_by("source", "measure", "year"),
        "min_completeness": settings.RANK_MIN_COMPLETENESS,
    }


def compare_document(result: ComparisonResult) -> dict:
    """The comparison as compare.json gives it: the choices made and a row per economy."""
    document = {
        "cycle": result.cycle,
        "weights": {"profile": result.choice.slug, "name": result.choice.name, "areas": result.choice.weights},
        "areas": result.codes,
        "min_completeness": settings.RANK_MIN_COMPLETENESS,
        "economies": records(result.frame),
    }
    if result.frame.empty:
        document["message"] = f"No assessment is published for cycle {result.cycle}."
    if result.not_published:
        document["not_published"] = result.not_published
    return document


def comparison_pdf_key(form, choices, published_version: tuple) -> pdf.PdfKey:
    """The printed comparison's PDF for a valid form: named by its normalised choices, made from its
    cycle's published data."""
    return pdf.PdfKey("comparison", normalised_params(form, choices), shown_version(form, published_version))


def print_context(result: ComparisonResult, *, for_pdf: bool) -> dict:
    """What the printed comparison and its PDF show."""
    return table_context(result) | {"query": result.query, "for_pdf": for_pdf}
