"""Charts: matplotlib in, SVG text out, cached by content.

Figures are built directly (never pyplot, which keeps global state in a
server), and matplotlib is imported only when a chart is actually drawn.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import textwrap

from django.core.cache import cache

CACHE_SECONDS = 60 * 60 * 24 * 30
LABEL_WIDTH = 18  # characters per line of an axis label, so long area names wrap inside the figure
SERIES_COLOURS = ["#0b5cad", "#d1495b", "#2e933c", "#edae49", "#6c4f9e"]

draw_count = 0  # how many charts this process drew; the tests read it to prove caching


def _cached_svg(kind: str, spec: dict, draw) -> str:
    digest = hashlib.sha256(json.dumps([kind, spec], sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    key = f"chart:{kind}:{digest}"
    svg = cache.get(key)
    if svg is None:
        global draw_count
        draw_count += 1
        svg = draw(**spec)
        cache.set(key, svg, CACHE_SECONDS)
    return svg


def _svg_of(figure) -> str:
    from matplotlib.backends.backend_svg import FigureCanvasSVG

    buffer = io.StringIO()
    FigureCanvasSVG(figure).print_svg(buffer, metadata={"Date": None})
    svg = buffer.getvalue()
    # Drop the XML prolog and DOCTYPE so the SVG can sit inline in HTML.
    return svg[svg.index("<svg") :]


def _draw_radar(labels: list[str], series: list[list], names: list[str], title: str) -> str:
    from matplotlib.figure import Figure

    count = len(labels)
    angles = [2 * math.pi * n / count for n in range(count)] + [0.0]
    figure = Figure(figsize=(6.4, 5.2))
    axes = figure.add_subplot(polar=True)
    axes.set_theta_offset(math.pi / 2)
    axes.set_theta_direction(-1)
    axes.set_ylim(0, 100)
    axes.set_yticks([25, 50, 75, 100], labels=["25", "50", "75", "100"], fontsize=7, color="#555")
    axes.set_xticks(angles[:-1], labels=labels, fontsize=9)
    axes.tick_params(axis="x", pad=14)
    for index, (name, values) in enumerate(zip(names, series, strict=True)):
        points = [0.0 if value is None else value for value in values]
        points.append(points[0])
        colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
        axes.plot(angles, points, color=colour, linewidth=1.8, label=name)
        axes.fill(angles, points, color=colour, alpha=0.15)
    if len(names) > 1:
        axes.legend(loc="upper right", bbox_to_anchor=(1.25, 1.12), fontsize=7, frameon=False)
    if title:
        axes.set_title(title, fontsize=10, pad=18)
    figure.tight_layout()
    return _svg_of(figure)


def radar_svg(labels: list[str], series: dict[str, list[float | None]], title: str = "") -> str:
    """A radar of 0–100 scores, one polygon per series; None is drawn at 0 and labelled "no score"."""
    names = list(series)
    values = [series[name] for name in names]
    shown_labels = [
        textwrap.fill(label, LABEL_WIDTH) + ("" if any(v[i] is not None for v in values) else "\n(no score)")
        for i, label in enumerate(labels)
    ]
    spec = {"labels": shown_labels, "series": values, "names": names, "title": title}
    return _cached_svg("radar", spec, _draw_radar)
