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
from ..languages import in_reader_language
from ..models import Economy
from . import charts, pdf, roadmap

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
    # Economy → area code or "overall" → the Completeness behind each score, to show thin data as thin.
    completeness: dict = field(default_factory=dict)
    areas: dict = field(default_factory=dict)  # area code → Area, to name each code in the reader's language

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
    default_reason: str  # comparison.VALIDATED or ILLUSTRATIVE_ONLY: why the page opens on that cycle
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
        counts, validated = comparison.public_cycles()
        cycle = comparison.default_cycle(counts, validated)
        return CompareOptions(
            cycles=list(counts),
            default_cycle=cycle,
            default_reason=comparison.default_cycle_reason(cycle, validated),
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
    completeness = {
        item.assessment.economy.code: {area.code: area.completeness for area in item.profile.areas}
        | {"overall": item.profile.completeness}
        for item in scored
    }
    return ComparisonResult(
        form,
        form.cleaned_data["cycle"],
        choice,
        frame,
        codes,
        params,
        not_published,
        area_weights,
        completeness=completeness,
        areas=areas_of(scored),
    )


def areas_of(scored: list[comparison.Compared]) -> dict:
    """Area code → Area, from the framework versions involved (the first version's area wins)."""
    areas: dict = {}
    for item in scored:
        for area in item.content.areas:
            areas.setdefault(area.code, area)
    return areas


def area_legend(codes: list[str], areas: dict) -> list[tuple[str, str]]:
    """(code, name in the reader's language) for each area column: the key to the abbreviations."""
    return [(code, areas[code].local_name if code in areas else code) for code in codes]


def economy_label(code: str, name: str, name_zh: str | None) -> str:
    """An economy as a chart or a flag names it: "Philippines (RP)", "菲律賓（RP）"."""
    return pgettext("economy with its code", "%(name)s (%(code)s)") % {
        "name": in_reader_language(name, name_zh),
        "code": code,
    }


def row_label(row: dict) -> str:
    return economy_label(row["economy"], row["name"], row["name_zh"])


def chart_styles(result: ComparisonResult, rows: list[dict]) -> dict[str, list]:
    """Each charted economy's colour and pattern, keyed by its label, fixed across pages by its code."""
    all_codes = [code for code, _name in result.form.fields["economies"].choices] or [r["economy"] for r in rows]
    by_code = charts.economy_styles(all_codes + [r["economy"] for r in rows])
    return {row_label(row): by_code[row["economy"]] for row in rows}


def records(frame) -> list[dict]:
    """Rows for templates and JSON: pandas' missing values become None."""
    return [{k: (None if _is_missing(v) else v) for k, v in row.items()} for row in frame.to_dict("records")]


def _is_missing(value) -> bool:
    import pandas as pd

    return value is pd.NA or (isinstance(value, float) and value != value)


def thin_share(completeness) -> str | None:
    """ "n of N answered" where fewer than half of the indicators are answered, else None."""
    if completeness is None or not completeness.is_thin:
        return None
    return _("%(answered)s of %(total)s answered") % {"answered": completeness.answered, "total": completeness.total}


def table_context(result: ComparisonResult) -> dict:
    """What the compare page and its printout both show: rows, mean and median, the heat map."""
    rows = records(result.frame)
    codes = result.codes
    for row in rows:  # prepared here: per-row lookups and links are most of a long table's render time
        row["area_scores"] = [row[code] for code in codes]
        # Beside a score resting on fewer than half of its indicators: "n of N answered".
        shares = result.completeness.get(row["economy"], {})
        row["area_cells"] = [(row[code], thin_share(shares.get(code))) for code in codes]
        row["overall_thin"] = thin_share(shares.get("overall"))
        row["profile_url"] = reverse("profile", args=[row["assessment_id"]])
        row["trend_url"] = reverse("economy", args=[row["economy"]])
    by_rank = sorted(rows, key=lambda r: (r["rank"] is None, r["rank"] or 0))
    charted = by_rank[:MAX_CHART_ECONOMIES]
    heatmap = charts.heatmap_svg([row_label(r) for r in charted], codes, [[r[c] for c in codes] for r in charted])
    for row in rows:
        row["label"] = row_label(row)
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
        "area_legend": area_legend(codes, result.areas),
    }


def compare_context(result: ComparisonResult) -> dict:
    context = {"form": result.form, "result": result}
    if result.frame is not None:
        context |= table_context(result)
        rows, codes, by_rank = context["rows"], context["codes"], context["by_rank"]
        radar_codes = result.form.cleaned_data["radar"] or default_radar(by_rank, codes)
        radar_rows = [r for r in rows if r["economy"] in radar_codes]
        styles = chart_styles(result, radar_rows)
        series = {r["label"]: [r[c] for c in codes] for r in radar_rows}
        context |= {
            "bars_svg": charts.grouped_bars_svg(codes, series, styles=styles) if radar_rows else "",
            "radar_svg": charts.radar_svg(
                [f"{code} {name}" for code, name in context["area_legend"]], series, styles=styles
            )
            if radar_rows
            else "",
            "cycle_note": cycle_note(result),
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
    labels = {r["economy"]: r["label"] for r in rows}
    agreements = [reference.agreement(ranked_overall, column) for column in columns]
    return {
        "reference_columns": columns,
        "agreements": [
            {
                "column": found.column,
                "spearman": found.spearman,
                "compared": found.compared,
                "reading": reference.agreement_reading(found.spearman),
                "flags": [(labels[flag.economy], flag.own_rank, flag.reference_rank) for flag in found.disagreements],
                "flag_places": int(max(found.compared * reference.FLAG_SHARE, reference.FLAG_MIN_PLACES - 1)),
            }
            for found in agreements
        ],
        "ranked_count": len(ranked_overall),
    }


def cycle_note(result: ComparisonResult) -> str:
    """Why the page shows this cycle, when it is the one the page opens on."""
    default_cycle, reason = result.form.opening
    if result.cycle is None or result.cycle != default_cycle:
        return ""
    if reason == comparison.VALIDATED:
        return _("Cycle %(cycle)s is shown: the latest cycle with validated self-assessments.") % {
            "cycle": result.cycle
        }
    return _(
        "Cycle %(cycle)s is shown: no self-assessment has been validated yet, so the page opens on the "
        "illustrative data."
    ) % {"cycle": result.cycle}


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
        (_("Areas"), _areas_text(result)),
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


def _areas_text(result: ComparisonResult) -> str:
    """Each area column's code with its name in the active language: "SW: Single window; DM: …"."""
    named = (
        pgettext("code and name", "%(code)s: %(name)s") % {"code": code, "name": name}
        for code, name in area_legend(result.codes or [], result.areas)
    )
    return pgettext("list separator", "; ").join(named)


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


def cycle_label(cycle: int, framework_version: str) -> str:
    """A cycle on a trend chart's axis, its framework version spelt out: "2023 (framework 2024.1)"."""
    return _("%(cycle)s (framework %(version)s)") % {"cycle": cycle, "version": framework_version}


def trend_chart_data(cycles: list[trends.TrendRow], codes: list[str], areas: dict) -> dict:
    """What the trend chart draws: a point per cycle and score, joined to the previous cycle only where
    the two compare (same framework or mapped through a crosswalk, both self-assessments that met the
    threshold): the table's "not compared" rows are never drawn as a line."""
    return {
        "x_labels": [cycle_label(c.compared.assessment.cycle, c.compared.profile.framework_version) for c in cycles],
        "overall": [c.scores["overall"] for c in cycles],
        "series": {f"{code} {name}": [c.scores.get(code) for c in cycles] for code, name in area_legend(codes, areas)},
        "point_kinds": [point_kind(c) for c in cycles],
        "joined": [c.basis in (trends.SAME, trends.MAPPED) for c in cycles],
    }


def trend_context(economy: Economy, user, weights: str | None) -> dict:
    """An economy's overall and area scores across the cycles this reader may see, with their chart."""
    choices = comparison.weight_choices(current_framework())
    choice = comparison.chosen_weights(choices, weights)
    compared_cycles = comparison.score_assessments(comparison.economy_history(economy.code, user), choice)
    codes = table.area_codes(compared_cycles)
    cycles = trends.trend_rows(compared_cycles, codes, choice, settings.RANK_MIN_COMPLETENESS)
    areas = areas_of(compared_cycles)
    chart = trend_chart_data(cycles, codes, areas)
    return {
        "economy": economy,
        "cycles": cycles,
        "codes": codes,
        "area_legend": area_legend(codes, areas),
        "choices": choices,
        "choice": choice,
        "chart": chart,
        "lines_svg": charts.lines_svg(
            chart["x_labels"], chart["overall"], chart["series"], chart["point_kinds"], joined=chart["joined"]
        )
        if cycles
        else "",
        "versions": sorted({c.compared.profile.framework_version for c in cycles}),
        "reference_values": economy.reference_indicators.order_by("source", "measure", "year"),
        "min_completeness": settings.RANK_MIN_COMPLETENESS,
        "target_progress": roadmap.progress_across_cycles(economy, user, cycles),
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
