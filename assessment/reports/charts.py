"""Charts: matplotlib in, SVG text out, cached by content.

Figures are built directly (never pyplot, which keeps global state in a
server), and matplotlib is imported only when a chart is actually drawn.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import json
import math
import re
import textwrap
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .. import bounded_cache, code_version

CACHE_SECONDS = 60 * 60 * 24 * 30
# Cache keys per kind of chart, however many distinct charts readers ask for (bounded_cache): room
# for every profile radar of 21 economies over several cycles and weight profiles, and the
# compare page's charts of the default and recent choices. docs/security.md states the size.
CHART_SLOTS = 512
ANNOTATED_ROWS = 21
LABEL_WIDTH = 16  # characters per line of a radar axis label: long area names wrap, and stay large on a phone
SERIES_COLOURS = ["#0b5cad", "#d1495b", "#2e933c", "#edae49", "#6c4f9e"]
# One colour per economy on every chart of every page: Paul Tol's "muted" scheme, nine colours told
# apart with any colour vision (personal.sron.nl/~pault), and black, each with a line or bar pattern,
# so that 30 economies each have their own pair; an economy keeps its pair by its place among all
# codes, sorted. Ten colours, not nine, so that of the 21 APEC codes CT and PRC differ in colour.
ECONOMY_COLOURS = [
    "#332288", "#88ccee", "#44aa99", "#117733", "#999933", "#ddcc77", "#cc6677", "#882255", "#aa4499", "#000000",
]  # fmt: skip
ECONOMY_DASHES = ["-", "--", ":"]
ECONOMY_HATCHES = ["", "//", ".."]
# Latin text in matplotlib's own DejaVu Sans, Chinese in Noto Sans CJK TC (`make fonts`), then the
# usual sans-serif list. matplotlib measures each glyph in the first of these fonts that has it (so
# labels are placed by their true width and no glyph is reported missing), and the SVG names the same
# list, so browsers and WeasyPrint draw Chinese in its Traditional forms, not in whichever CJK font
# (Japanese or Simplified shapes) they would fall back to.
CJK_FONT = "Noto Sans CJK TC"
FONT_FAMILY = ["DejaVu Sans", CJK_FONT, "sans-serif"]

draw_count = 0  # how many charts this process drew; the tests read it to prove caching


def _cached_svg(kind: str, spec: dict, draw) -> str:
    """The chart of this spec, drawn once and kept by content digest in a bounded family per kind."""
    key_data = [kind, code_version.code_version(), spec]
    digest = hashlib.sha256(json.dumps(key_data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()

    def make() -> str:
        global draw_count
        draw_count += 1
        with chart_style():
            return draw(**spec)

    # The digest covers the spec and the code version, so a slot's stamp need say nothing more.
    return bounded_cache.get_or_make(
        f"chart:{kind}", digest, lambda _found: "", make, slots=CHART_SLOTS, seconds=CACHE_SECONDS
    )


@contextlib.contextmanager
def chart_style():
    """The fonts and SVG options every chart is drawn with; texts take their font when created."""
    import matplotlib

    _know_cjk_font()
    # Text as <text> elements, not one path per glyph: a fifth of the drawing time and of the size,
    # and the reader's fonts draw it, in the browser and in the PDF.
    with matplotlib.rc_context({"font.family": FONT_FAMILY, "svg.fonttype": "none"}):
        yield


@functools.cache
def _know_cjk_font() -> bool:
    """Whether matplotlib knows the Chinese font, told where it is if its font list is older than the font.

    matplotlib keeps its list of the system's fonts in a cache file made on first use; one made
    before `make fonts` installed Noto Sans CJK would otherwise leave Chinese unmeasured for ever."""
    from matplotlib import font_manager

    def known() -> bool:
        return any(font.name == CJK_FONT for font in font_manager.fontManager.ttflist)

    if not known():
        for path in font_manager.findSystemFonts():
            if Path(path).name.startswith("NotoSansCJK"):
                font_manager.fontManager.addfont(path)
    return known()


def _svg_of(figure, **print_options) -> str:
    from matplotlib.backends.backend_svg import FigureCanvasSVG

    buffer = io.StringIO()
    canvas = FigureCanvasSVG(figure)
    if print_options:  # such as bbox_inches="tight": print_figure crops, print_svg does not
        canvas.print_figure(buffer, format="svg", metadata={"Date": None}, **print_options)
    else:
        canvas.print_svg(buffer, metadata={"Date": None})
    svg = buffer.getvalue()
    # Drop the XML prolog and DOCTYPE so the SVG can sit inline in HTML.
    return _compact_font_lists(svg[svg.index("<svg") :])


def _compact_font_lists(svg: str) -> str:
    """Font lists without spaces (font-family: 'DejaVu Sans','Noto Sans CJK TC',…).

    WeasyPrint (70) reads an SVG text's font list by splitting it at commas and stripping quotes, so
    after ", " every name keeps its leading space and quote and is not found: Chinese then falls back
    to a Japanese font in the PDF. Browsers read both forms."""
    return re.sub(r"font-family: [^;\"]+", lambda found: found.group(0).replace(", ", ","), svg)


def economy_styles(all_codes: list[str]) -> dict[str, list]:
    """Each economy code's [colour, pattern number], fixed by its place among all economies' codes sorted.

    Charts take it as `styles` keyed by the name their legend shows, so the radar and the bars of a
    page, and every page, draw an economy alike whatever order its rows come in."""
    ordered = sorted(set(all_codes))
    count = len(ECONOMY_COLOURS)
    return {code: [ECONOMY_COLOURS[n % count], (n // count) % len(ECONOMY_DASHES)] for n, code in enumerate(ordered)}


def _series_style(styles: dict | None, name: str, index: int) -> tuple[str, int]:
    if styles and name in styles:
        colour, pattern = styles[name]
        return colour, pattern
    return SERIES_COLOURS[index % len(SERIES_COLOURS)], 0


# Axis labels sit this far out from the centre, in score units (the rim is at 100).
RADAR_LABEL_RADIUS = 112


def _radar_figure(labels: list[str], series: list[list], names: list[str], title: str, styles: dict | None = None):
    """The radar as a matplotlib Figure.

    Each axis label is anchored on the side facing the ring (its left edge on the right half, its
    right edge on the left half, its bottom edge at the top, its top edge at the bottom), so it
    grows away from the ring whatever font draws it: no label ever crosses the circle, on a screen
    of any width, on the print page or in the PDF. The figure is then cropped to what it holds."""
    from matplotlib.figure import Figure

    count = len(labels)
    angles = [2 * math.pi * n / count for n in range(count)] + [0.0]
    figure = Figure(figsize=(4.2, 4.2))
    axes = figure.add_subplot(polar=True)
    axes.set_theta_offset(math.pi / 2)
    axes.set_theta_direction(-1)
    axes.set_ylim(0, 100)
    axes.set_yticks([25, 50, 75, 100], labels=["25", "50", "75", "100"], fontsize=8, color="#555")
    axes.set_rlabel_position(180 / count)  # between the first two spokes, clear of the labels
    axes.set_xticks(angles[:-1], labels=[""] * count)
    for angle, label in zip(angles[:-1], labels, strict=True):
        # Clockwise from the top: x grows to the right, y upwards.
        x, y = math.sin(angle), math.cos(angle)
        horizontal = "left" if x > 0.01 else "right" if x < -0.01 else "center"
        vertical = "bottom" if y > 0.01 else "top" if y < -0.01 else "center"
        axes.text(angle, RADAR_LABEL_RADIUS, label, fontsize=10.5, ha=horizontal, va=vertical, ma=horizontal)
    for index, (name, values) in enumerate(zip(names, series, strict=True)):
        points = [0.0 if value is None else value for value in values]
        points.append(points[0])
        colour, pattern = _series_style(styles, name, index)
        axes.plot(angles, points, color=colour, linewidth=1.8, linestyle=ECONOMY_DASHES[pattern], label=name)
        axes.fill(angles, points, color=colour, alpha=0.15)
    if len(names) > 1:
        # Below the lowest axis label, so the legend never covers one.
        figure.draw_without_rendering()
        to_axes = axes.transAxes.inverted()
        lowest = min(to_axes.transform(text.get_window_extent())[0][1] for text in axes.texts)
        axes.legend(
            loc="upper center", bbox_to_anchor=(0.5, min(lowest, 0.0) - 0.03), ncols=min(len(names), 3),
            fontsize=9, frameon=False,
        )  # fmt: skip
    if title:
        axes.set_title(title, fontsize=11, pad=40)
    return figure


def _draw_radar(labels: list[str], series: list[list], names: list[str], title: str, styles=None) -> str:
    figure = _radar_figure(labels, series, names, title, styles)
    return _svg_of(figure, bbox_inches="tight", pad_inches=0.15)


def radar_svg(
    labels: list[str], series: dict[str, list[float | None]], title: str = "", *, styles: dict | None = None
) -> str:
    """A radar of 0–100 scores, one polygon per series; None is drawn at 0 and labelled "no score".
    `styles` gives a series (by name) its [colour, pattern] from economy_styles."""
    if not labels or not series:
        return ""  # nothing to draw: the page says so in words
    names = list(series)
    values = [series[name] for name in names]
    shown_labels = [
        textwrap.fill(label, LABEL_WIDTH) + ("" if any(v[i] is not None for v in values) else "\n" + _("(no score)"))
        for i, label in enumerate(labels)
    ]
    spec = {"labels": shown_labels, "series": values, "names": names, "title": title}
    if styles:
        spec["styles"] = {name: styles[name] for name in names if name in styles}
    return _cached_svg("radar", spec, _draw_radar)


def _score_label() -> str:
    return _("Score")


def _draw_heatmap(rows: list[str], columns: list[str], values: list[list], score_label: str) -> str:
    from matplotlib.figure import Figure

    figure = Figure(figsize=(1.2 + 1.1 * len(columns), 0.9 + 0.32 * len(rows)))
    axes = figure.add_subplot()
    matrix = [[float("nan") if v is None else v for v in row] for row in values]
    # pcolormesh draws vector cells; imshow would embed a bitmap that PDF renderers may drop.
    image = axes.pcolormesh(matrix, cmap="YlGnBu", vmin=0, vmax=100, edgecolors="white", linewidth=0.5)
    axes.set_xticks([x + 0.5 for x in range(len(columns))], labels=columns, fontsize=8)
    axes.set_yticks([y + 0.5 for y in range(len(rows))], labels=rows, fontsize=8)
    axes.invert_yaxis()
    axes.xaxis.tick_top()
    # Each cell's number is a matplotlib text, the slowest part of the chart; beyond the 21 APEC
    # economies the colours carry the chart and the table beside it carries the numbers.
    for y, row in enumerate(values if len(rows) <= ANNOTATED_ROWS else []):
        for x, value in enumerate(row):
            colour = "white" if value is not None and value > 60 else "#222"
            axes.text(x + 0.5, y + 0.5, score_text(value), ha="center", va="center", fontsize=7, color=colour)
    colour_bar = figure.colorbar(image, ax=axes, fraction=0.04, pad=0.02, ticks=[0, 20, 40, 60, 80, 100])
    colour_bar.ax.tick_params(labelsize=7)
    colour_bar.set_label(score_label, fontsize=8)
    # Margins from the label lengths: tight_layout would measure every cell's text, most of the time.
    width, height = figure.get_size_inches()
    left = 0.25 + 0.075 * max((_text_width(row) for row in rows), default=1)
    top = 0.25 + 0.075 * max((len(column) for column in columns), default=1) * 0.4
    # The right margin holds the colour bar's tick labels (up to "100") and its title.
    figure.subplots_adjust(left=left / width, right=1 - 0.7 / width, top=1 - top / height, bottom=0.15 / height)
    return _svg_of(figure)


def _text_width(text: str) -> int:
    """A label's width in Latin characters: a Chinese character is about two."""
    return sum(2 if ord(character) >= 0x2E80 else 1 for character in text)


def score_text(value: float | None) -> str:
    """A score as the tables show it: one decimal ("75.0"), "–" for none."""
    return "–" if value is None else f"{value:.1f}"


def heatmap_svg(rows: list[str], columns: list[str], values: list[list[float | None]]) -> str:
    """A heat map of 0–100 scores, rows × columns, each cell labelled; None shows as "–".
    No rows or no columns draw nothing (""): the page says in words that nothing is published."""
    if not rows or not columns:
        return ""
    spec = {"rows": rows, "columns": columns, "values": values, "score_label": _score_label()}
    return _cached_svg("heatmap", spec, _draw_heatmap)


def _draw_grouped_bars(groups: list[str], series: dict, score_label: str, styles: dict | None = None) -> str:
    from matplotlib.figure import Figure

    names = list(series)
    figure = Figure(figsize=(max(6.0, 0.5 * len(groups) * max(1, len(names)) ** 0.5), 3.6))
    axes = figure.add_subplot()
    width = 0.8 / max(1, len(names))
    for index, name in enumerate(names):
        positions = [g + (index - (len(names) - 1) / 2) * width for g in range(len(groups))]
        heights = [0.0 if v is None else v for v in series[name]]
        colour, pattern = _series_style(styles, name, index)
        axes.bar(
            positions, heights, width, label=name, color=colour, hatch=ECONOMY_HATCHES[pattern], edgecolor="white",
        )  # fmt: skip
    axes.set_xticks(range(len(groups)), labels=groups, fontsize=8)
    axes.set_ylim(0, 100)
    axes.set_ylabel(score_label, fontsize=8)
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(fontsize=8, frameon=False, ncols=min(len(names), 3), loc="lower left", bbox_to_anchor=(0, 1.0))
    figure.tight_layout()
    return _svg_of(figure)


def grouped_bars_svg(groups: list[str], series: dict[str, list[float | None]], *, styles: dict | None = None) -> str:
    """Bars of 0–100 scores: one group per label in `groups`, one bar per series; "" when either is empty.
    `styles` gives a series (by name) its [colour, pattern] from economy_styles."""
    if not groups or not series:
        return ""
    spec = {"groups": groups, "series": series, "score_label": _score_label()}
    if styles:
        spec["styles"] = {name: styles[name] for name in series if name in styles}
    return _cached_svg("bars", spec, _draw_grouped_bars)


# How a cycle's overall point is drawn when it is not a complete self-assessment.
POINT_MARKERS = {"illustrative": "s", "incomplete": "D"}


def _point_labels() -> dict[str, str]:
    return {"illustrative": _("illustrative"), "incomplete": pgettext("chart legend", "incomplete")}


def line_segments(values: list[float | None], joined: list[bool] | None) -> list[list[tuple[int, float]]]:
    """The runs of points a trend line draws: cycle x joins cycle x - 1 only where `joined[x]` says the
    two compare (and both have a value); every other point stands alone, a run of one.
    Without `joined`, every point with a value joins the previous one that has a value."""
    runs: list[list[tuple[int, float]]] = []
    previous = None
    for x, value in enumerate(values):
        if value is None:
            if joined is not None:
                previous = None
            continue
        link = previous is not None and (joined is None or (joined[x] and previous == x - 1))
        if link:
            runs[-1].append((x, value))
        else:
            runs.append([(x, value)])
        previous = x
    return runs


def _draw_lines(
    x_labels: list[str],
    overall: list,
    series: dict,
    point_kinds: list[str] | None,
    labels: dict[str, str],
    joined: list[bool] | None = None,
) -> str:
    from matplotlib.figure import Figure

    # Narrow and tall, the legend below: on a phone the chart is drawn about 370 px wide, and its
    # words stay about as large as the page's small print.
    figure = Figure(figsize=(5.0, 4.4))
    axes = figure.add_subplot()
    kinds = list(point_kinds or [])
    # Illustrative cycles stand apart: a grey band with its word, hollow points, no line into or out of it.
    for x, kind in enumerate(kinds):
        if kind == "illustrative":
            axes.axvspan(x - 0.35, x + 0.35, color="#eeeeee", zorder=0)
            axes.text(x, 98, labels["illustrative"], ha="center", va="top", fontsize=9, color="#555")
    for kind, marker in POINT_MARKERS.items():
        points = [(x, v) for x, (v, k) in enumerate(zip(overall, kinds, strict=False)) if k == kind and v is not None]
        if points:
            axes.scatter(
                [x for x, _ in points], [v for _, v in points], marker=marker, s=90, facecolors="white",
                edgecolors="#b00", linewidths=1.6, zorder=3, label=labels[kind],
            )  # fmt: skip
    lines = [(labels["overall"], overall, 2.4, "#222")]
    lines += [
        (name, values, 1.4, SERIES_COLOURS[(index + 1) % len(SERIES_COLOURS)])
        for index, (name, values) in enumerate(series.items())
    ]
    for name, values, line_width, colour in lines:
        for number, run in enumerate(line_segments(values, joined)):
            hollow = len(run) == 1 and kinds[run[0][0] : run[0][0] + 1] == ["illustrative"]
            axes.plot(
                [x for x, _ in run], [v for _, v in run], marker="o", linewidth=line_width, color=colour,
                markerfacecolor="white" if hollow else colour, label=name if number == 0 else None,
            )  # fmt: skip
    axes.set_xticks(range(len(x_labels)), labels=x_labels, fontsize=10)
    if len(x_labels) > 3:  # "2023 (framework 2024.1)" side by side would run into each other
        axes.tick_params(axis="x", labelrotation=30)
        for label in axes.get_xticklabels():
            label.set_horizontalalignment("right")
    axes.set_xlim(-0.5, len(x_labels) - 0.5)
    axes.set_ylim(0, 100)
    axes.tick_params(axis="y", labelsize=10)
    axes.set_ylabel(labels["score"], fontsize=10)
    axes.spines[["top", "right"]].set_visible(False)
    if axes.get_legend_handles_labels()[0]:
        axes.legend(fontsize=10, frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncols=2)
    figure.tight_layout()
    return _svg_of(figure)


def lines_svg(
    x_labels: list[str],
    overall: list[float | None],
    series: dict[str, list[float | None]],
    point_kinds: list[str] | None = None,
    *,
    joined: list[bool] | None = None,
) -> str:
    """Scores across cycles: the overall score in bold, one line per other series; a missing point
    breaks nothing, it is just absent. `point_kinds` marks each cycle's overall point "illustrative",
    "incomplete" or "" (a self-assessment). `joined[x]` says whether cycle x compares with the one
    before (line_segments): lines join only those. No cycle draws nothing ("")."""
    if not x_labels:
        return ""
    labels = {"overall": _("Overall"), "score": _score_label(), **_point_labels()}
    spec = {"x_labels": x_labels, "overall": overall, "series": series, "point_kinds": point_kinds, "labels": labels}
    if joined is not None:
        spec["joined"] = joined
    return _cached_svg("lines", spec, _draw_lines)
