"""CSV and XLSX writers for tables, safe to open in a spreadsheet."""

from __future__ import annotations

import io

from .models import Answer, Assessment

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# A cell starting with one of these is run as a formula by spreadsheet programs
# (OWASP "CSV injection"); a leading apostrophe makes it plain text.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Text that a spreadsheet would run as a formula, prefixed so it stays text."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def write(frame, extension: str) -> bytes:
    """The frame as CSV (UTF-8 with a byte-order mark, so spreadsheet programs read Chinese right) or XLSX."""
    safe = frame.map(neutralise)
    if extension == "csv":
        return safe.to_csv(index=False).encode("utf-8-sig")
    if extension == "xlsx":
        buffer = io.BytesIO()
        safe.to_excel(buffer, index=False, engine="openpyxl")
        return buffer.getvalue()
    raise ValueError(f"no writer for {extension!r}")


ANSWER_COLUMNS = [
    "economy",
    "name",
    "name_zh",
    "cycle",
    "framework",
    "status",
    "area",
    "indicator",
    "answer",
    "evidence",
    "evidence_link",
    "comment",
]


def answers_frame(assessments: list[Assessment]):
    """One row per economy × cycle × indicator answered, in one query."""
    import pandas as pd

    by_id = {a.pk: a for a in assessments}
    answers = (
        Answer.objects.filter(assessment_id__in=by_id)
        .select_related("indicator__area")
        .order_by("assessment__economy__name", "indicator__area__order", "indicator__order")
    )
    rows = []
    for answer in answers:
        assessment = by_id[answer.assessment_id]
        rows.append(
            [
                assessment.economy.code,
                assessment.economy.name,
                assessment.economy.name_zh,
                assessment.cycle,
                assessment.framework.version,
                "illustrative" if assessment.is_illustrative else assessment.status,
                answer.indicator.area.code,
                answer.indicator.code,
                answer.value,
                answer.evidence,
                answer.evidence_link,
                answer.comment,
            ]
        )
    return pd.DataFrame(rows, columns=ANSWER_COLUMNS)
