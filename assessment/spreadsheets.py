"""CSV and XLSX writers for tables, safe to open in a spreadsheet."""

from __future__ import annotations

import io

from .models import Answer, Assessment

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# A cell starting with one of these is run as a formula by spreadsheet programs
# (OWASP "CSV injection").
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """For CSV, which has no cell types: text a spreadsheet would run as a formula, prefixed with an
    apostrophe so it stays text."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def append_row(sheet, values) -> None:
    """Append a row to an openpyxl sheet with every text as a text cell: the one XLSX writer.

    openpyxl stores a string starting with "=" as a live formula; here every string is typed as
    text and keeps its exact value (a download read back gives the same text), and a text that
    starts like a formula also gets Excel's quote prefix, so that editing the cell keeps it text.
    Characters XML cannot hold are dropped rather than failing the whole download.
    """
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    sheet.append([ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value for value in values])
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"
            if cell.value.startswith(FORMULA_TRIGGERS):
                cell.quotePrefix = True


def write(frame, extension: str, *, title: str = "Data", about: list[tuple[str, object]] = ()) -> bytes:
    """The frame as CSV (UTF-8 with a byte-order mark, so spreadsheet programs read Chinese right) or XLSX.

    `about` (label, value) pairs say what the table is (cycle, weights, threshold, date, source):
    an About sheet in the XLSX, a first comment line ("# label: value; …") in the CSV.
    """
    if extension == "csv":
        comment = "# " + "; ".join(f"{label}: {value}" for label, value in about) + "\n" if about else ""
        return (comment + frame.map(neutralise).to_csv(index=False)).encode("utf-8-sig")
    if extension == "xlsx":
        return _xlsx(frame, title, about)
    raise ValueError(f"no writer for {extension!r}")


def _xlsx(frame, title: str, about) -> bytes:
    import pandas as pd
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    append_row(sheet, [str(column) for column in frame.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in frame.itertuples(index=False, name=None):
        append_row(sheet, [None if _is_blank(value, pd) else value for value in row])
    for position, column in enumerate(frame.columns, start=1):
        longest = max([len(str(column)), *(len(str(v)) for v in frame[column].head(200) if not _is_blank(v, pd))])
        sheet.column_dimensions[get_column_letter(position)].width = min(max(8, longest + 2), 60)
    sheet.freeze_panes = "A2"
    if about:
        about_sheet = workbook.create_sheet("About")
        for label, value in about:
            append_row(about_sheet, [label, value])
        about_sheet.column_dimensions["A"].width = 22
        about_sheet.column_dimensions["B"].width = 70
        for cell in about_sheet["A"]:
            cell.font = Font(bold=True)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _is_blank(value, pd) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


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
