"""The questionnaire's area tabs, each with its count of answers.

Written in Python: the counts change with every save, so the tabs are drawn again for the page an
editor lands on after each one (docs/performance.md).
"""

from __future__ import annotations

import html

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext


def area_tabs(
    assessment, areas, answered: dict[str, int], *, current: str | None, can_edit: bool, commented=()
) -> SafeString:
    """Tabs for every area with its answered and total indicators, marked when a reviewer's comment
    there is open (`commented`), then "Review and submit"."""
    items = []
    open_note = html.escape(gettext("open reviewer's comments"))
    for area in areas:
        url = reverse("questionnaire", kwargs={"pk": assessment.pk, "area_code": area.code})
        here = area.code == current
        link_class = "nav-link active" if here else "nav-link"
        aria_current = ' aria-current="page"' if here else ""
        done, total = answered.get(area.code, 0), len(area.indicators.all())
        badge = "text-bg-success" if done == total else "text-bg-light"
        marker = (
            f'        <span class="badge text-bg-warning" data-testid="tab-comments-{html.escape(area.code)}"'
            f' title="{open_note}"><span aria-hidden="true">!</span>'
            f'<span class="visually-hidden">{open_note}</span></span>\n'
            if area.code in commented
            else ""
        )
        items.append(
            '    <li class="nav-item me-1">\n'
            f'      <a class="{link_class}" href="{html.escape(url)}"{aria_current}>\n'
            f"        {html.escape(area.local_name)}\n"
            f'        <span class="badge {badge}">{done}/{total}</span>\n'
            f"{marker}"
            "      </a>\n    </li>\n"
        )
    if can_edit:
        url = reverse("review", kwargs={"pk": assessment.pk})
        link_class = "nav-link" if current else "nav-link active"
        review = html.escape(gettext("Review and submit"))
        items.append(f'  <li class="nav-item"><a class="{link_class}" href="{html.escape(url)}">{review}</a></li>\n')
    label = html.escape(gettext("Areas of the questionnaire"))
    return mark_safe(
        f'<nav aria-label="{label}">\n  <ul class="nav nav-pills area-nav mb-3">\n{"".join(items)}  </ul>\n</nav>\n'
    )
