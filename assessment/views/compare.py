"""Comparing: economies in a cycle, an economy across cycles, and their exports."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_safe

from .. import charts, compare_table, comparison, fragments, reference, scoring, selectors, spreadsheets, trends
from ..forms import MAX_RADAR_ECONOMIES, CompareForm
from ..models import Economy
from .language import in_requested_language, language_suffix

# Charts stay readable up to this many economies; the table always shows them all.
MAX_CHART_ECONOMIES = 30


@dataclass
class ComparisonResult:
    form: CompareForm
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


def compare_options(published_version: tuple) -> CompareOptions:
    """The form's options, kept in the cache until the published assessments or the content change."""

    def load():
        framework = selectors.current_framework()
        area_codes = [] if framework is None else list(framework.areas.values_list("code", flat=True))
        counts = comparison.public_cycle_counts()
        return CompareOptions(
            cycles=list(counts),
            default_cycle=comparison.default_cycle(counts),
            area_codes=area_codes,
            choices=comparison.weight_choices(framework, area_codes),
            economies=[(economy.code, economy.local_name) for economy in Economy.objects.all()],
        )

    return fragments.cached("compare-options", (), published_version, load)


def compare_form(request, published_version: tuple | None = None) -> tuple[CompareForm, list[comparison.WeightChoice]]:
    """The compare form bound to the query string (the latest cycle by default), and the weight profiles."""
    options = compare_options(published_version or comparison.published_version())
    data = request.GET.copy()
    if options.cycles and not data.get("cycle"):
        data["cycle"] = str(options.default_cycle)
    form = CompareForm(
        data if options.cycles else None,
        cycles=options.cycles,
        economies=options.economies,
        weight_choices=options.choices,
        area_codes=options.area_codes,
    )
    return form, options.choices


def normalised_params(form: CompareForm, choices) -> tuple[tuple[str, str], ...]:
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


def comparison_from_query(request) -> ComparisonResult:
    """Read the query string, then score and rank the chosen economies."""
    form, choices = compare_form(request)
    if not form.is_bound or not form.is_valid():
        return ComparisonResult(form)
    return compared(form, choices)


def compared(form: CompareForm, choices) -> ComparisonResult:
    """Score and rank the economies a valid compare form chose."""
    choice = comparison.chosen_weights(choices, form.cleaned_data["weights"])
    economies = form.cleaned_data["economies"] or None
    scored = comparison.score_assessments(comparison.public_assessments(form.cleaned_data["cycle"], economies), choice)
    frame = compare_table.comparison_frame(
        scored,
        choice,
        min_completeness=settings.RANK_MIN_COMPLETENESS,
        provisional=form.cleaned_data["provisional"],
    )
    codes = compare_table.area_codes(scored)
    frame = compare_table.sorted_frame(frame, form.cleaned_data["sort"] or "rank", codes)
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
        "summary": compare_table.summary_rows(result.frame, codes),
        "has_illustrative": any(r["status"] == "illustrative" for r in rows),
        "min_completeness": settings.RANK_MIN_COMPLETENESS,
        "unranked_count": sum(1 for r in rows if not r["ranked"]),
        "charted_count": len(charted),
        "heatmap_svg": heatmap if rows else "",
    }


def compare(request):
    """The comparison; a valid one's body is cached by its normalised choices and by the state of the
    published assessments, so made-up parameters can neither add cache entries nor reach the page."""
    version = comparison.published_version()
    form, choices = compare_form(request, version)

    def draw(result: ComparisonResult):
        status = 400 if result.form.is_bound and result.form.errors else 200
        return render_to_string("compare/_compare_body.html", _compare_context(result), request), status

    if form.is_bound and form.is_valid():
        identity = (normalised_params(form, choices),)
        body, status = fragments.cached("compare", identity, version, lambda: draw(compared(form, choices)))
    else:
        body, status = draw(ComparisonResult(form))
    return render(request, "compare/compare.html", {"body": mark_safe(body)}, status=status)


def _compare_context(result: ComparisonResult) -> dict:
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


@require_safe
def compare_json(request):
    result = comparison_from_query(request)
    if not result.form.is_bound:  # nothing is published in any cycle
        return JsonResponse({"cycle": None, "economies": [], "message": "No assessment is published yet."})
    if result.frame is None:
        errors = result.form.errors.get_json_data() or {
            "cycle": [{"message": "No assessment is published yet.", "code": "empty"}]
        }
        return JsonResponse({"errors": errors}, status=400)
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
    return JsonResponse(document, json_dumps_params={"ensure_ascii": False})


@in_requested_language
def compare_export(request, extension: str):
    """The comparison table, in the reader's language (or ?lang=), saying inside what it holds."""
    result = comparison_from_query(request)
    if result.frame is None:
        raise Http404
    name = f"comparison-{result.cycle}-{result.choice.slug}{language_suffix()}.{extension}"
    about = _about(result, _("Customs digitalization maturity comparison, published assessments only"))
    content = spreadsheets.write(
        spreadsheets.comparison_export(result.frame), extension, title=_("Comparison"), about=about
    )
    return _download(content, name, extension)


@in_requested_language
def answers_export(request, extension: str):
    """Raw answers of the public assessments of a cycle: economy × indicator."""
    result = comparison_from_query(request)
    if result.frame is None:
        raise Http404
    frame = spreadsheets.answers_frame(comparison.public_assessments(result.cycle, list(result.frame["economy"])))
    about = _about(result, _("Customs digitalization maturity answers, published assessments only"))
    about.insert(1, (_("Answer"), _("levels 0–4; na = not applicable; dk = don't know")))
    content = spreadsheets.write(frame, extension, title=_("Answers"), about=about)
    return _download(content, f"answers-{result.cycle}{language_suffix()}.{extension}", extension)


def _about(result: ComparisonResult, table: str) -> list[tuple[str, object]]:
    """What an export holds, stated inside it in the active language."""
    from django.utils import timezone

    about = [
        (pgettext("export about", "Table"), table),
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


def _download(content: bytes, filename: str, extension: str) -> HttpResponse:
    response = HttpResponse(content, content_type=spreadsheets.CONTENT_TYPES[extension])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _point_kind(row: trends.TrendRow) -> str:
    if row.compared.assessment.is_illustrative:
        return "illustrative"
    return "incomplete" if row.incomplete else ""


def economy_trend(request, code: str):
    """An economy's overall and area scores across cycles, with the change since the previous cycle."""
    economy = Economy.objects.filter(code=code).first()
    if economy is None:
        raise Http404
    choices = comparison.weight_choices(selectors.current_framework())
    choice = comparison.chosen_weights(choices, request.GET.get("weights"))
    compared = comparison.score_assessments(comparison.economy_history(code, request.user), choice)
    codes = compare_table.area_codes(compared)
    cycles = trends.trend_rows(compared, codes, choice, settings.RANK_MIN_COMPLETENESS)
    labels = [
        _("%(cycle)s (v%(version)s)")
        % {"cycle": c.compared.assessment.cycle, "version": c.compared.profile.framework_version}
        for c in cycles
    ]
    overall = [c.scores["overall"] for c in cycles]
    series = {code: [c.scores.get(code) for c in cycles] for code in codes}
    return render(
        request,
        "compare/economy.html",
        {
            "economy": economy,
            "cycles": cycles,
            "codes": codes,
            "choices": choices,
            "choice": choice,
            "lines_svg": charts.lines_svg(labels, overall, series, [_point_kind(c) for c in cycles]) if cycles else "",
            "versions": sorted({c.compared.profile.framework_version for c in cycles}),
            "reference_values": economy.reference_indicators.order_by("source", "measure", "year"),
            "min_completeness": settings.RANK_MIN_COMPLETENESS,
        },
    )
