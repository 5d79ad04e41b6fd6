"""CSV and XLSX writers for tables, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy

from .. import scoring
from ..languages import reads_chinese
from ..models import Answer, Assessment

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# A cell starting with one of these is run as a formula by spreadsheet programs
# (OWASP "CSV injection").
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Scores, maturities and percentages carry one decimal everywhere in the app; an XLSX shows 75.0, not 75.
ONE_DECIMAL = "0.0"

# Column headers in the reader's language. The English ones are the column names themselves, as
# scripts have always read them; area codes stay as they are in every language.
HEADERS = {
    "economy": pgettext_lazy("export column", "economy"),
    "name": pgettext_lazy("export column", "name"),
    "name_zh": pgettext_lazy("export column", "name_zh"),
    "name_en": pgettext_lazy("export column", "name_en"),
    "framework": pgettext_lazy("export column", "framework"),
    "status": pgettext_lazy("export column", "status"),
    "version": pgettext_lazy("export column", "version"),
    "assessment_id": pgettext_lazy("export column", "assessment_id"),
    "overall": pgettext_lazy("export column", "overall"),
    "score_low": pgettext_lazy("export column", "score_low"),
    "score_high": pgettext_lazy("export column", "score_high"),
    "maturity": pgettext_lazy("export column", "maturity"),
    "stage": pgettext_lazy("export column", "stage"),
    "completeness": pgettext_lazy("export column", "completeness"),
    "rank_status": pgettext_lazy("export column", "rank_status"),
    "rank": pgettext_lazy("export column", "rank"),
    "rank_low": pgettext_lazy("export column", "rank_low"),
    "rank_high": pgettext_lazy("export column", "rank_high"),
    "cycle": pgettext_lazy("export column", "cycle"),
    "area": pgettext_lazy("export column", "area"),
    "indicator": pgettext_lazy("export column", "indicator"),
    "answer": pgettext_lazy("export column", "answer"),
    "answer_note": pgettext_lazy("export column", "answer_note"),
    "evidence": pgettext_lazy("export column", "evidence"),
    "evidence_link": pgettext_lazy("export column", "evidence_link"),
    "comment": pgettext_lazy("export column", "comment"),
}
# An assessment's public status in a cell: the English word as the JSON gives it, or its translation.
STATUS_TEXTS = {
    "illustrative": pgettext_lazy("export status", "illustrative"),
    "validated": pgettext_lazy("export status", "validated"),
    "submitted": pgettext_lazy("export status", "submitted"),
    "returned": pgettext_lazy("export status", "returned"),
    "draft": pgettext_lazy("export status", "draft"),
}
# An answer that is no level, in the column beside the level's: the level column stays numbers only.
ANSWER_NOTES = {
    scoring.NOT_APPLICABLE: pgettext_lazy("export answer", "not applicable"),
    scoring.DONT_KNOW: pgettext_lazy("export answer", "don't know"),
}


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
    an About sheet in the XLSX (named in the active language), a first comment line
    ("# label: value; …") in the CSV, quoted as one field: its commas would otherwise spread it over
    several columns in a spreadsheet. Numbers stay numbers: a CSV writes them with a point and no
    thousands separator in every language.
    """
    if extension == "csv":
        return (_csv_comment(about) + frame.map(neutralise).to_csv(index=False)).encode("utf-8-sig")
    if extension == "xlsx":
        return _xlsx(frame, title, about)
    raise ValueError(f"no writer for {extension!r}")


def _csv_comment(about) -> str:
    """The About pairs as the CSV's first line, one quoted field ("" when there are none)."""
    if not about:
        return ""
    line = io.StringIO()
    csv.writer(line, quoting=csv.QUOTE_ALL, lineterminator="\n").writerow(
        ["# " + "; ".join(f"{label}: {value}" for label, value in about)]
    )
    return line.getvalue()


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
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, float) and round(cell.value, 1) == cell.value:
                cell.number_format = ONE_DECIMAL
    for position, column in enumerate(frame.columns, start=1):
        values = [v for v in frame[column].head(200) if not _is_blank(v, pd)]
        longest = max(_display_width(str(text)) for text in [column, *values])
        sheet.column_dimensions[get_column_letter(position)].width = min(max(8, longest + 2), 60)
    sheet.freeze_panes = "A2"
    if about:
        about_sheet = workbook.create_sheet(pgettext("sheet", "About"))
        for label, value in about:
            append_row(about_sheet, [label, value])
        about_sheet.column_dimensions["A"].width = 22
        about_sheet.column_dimensions["B"].width = 70
        for cell in about_sheet["A"]:
            cell.font = Font(bold=True)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _display_width(text: str) -> int:
    """Columns a text takes in a spreadsheet: a Chinese character is as wide as two Latin ones."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(character) in ("W", "F") else 1 for character in text)


def _is_blank(value, pd) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def economy_names(name: str, name_zh: str | None) -> dict[str, str]:
    """The name columns: English readers get `name` and `name_zh` as ever; Chinese readers get the
    Chinese name (the English one where none is stored) under `name`, then the English one."""
    if reads_chinese():
        return {"name": name_zh or name, "name_en": name}
    return {"name": name, "name_zh": name_zh or ""}


def status_text(status: str) -> str:
    return str(STATUS_TEXTS.get(status, status))


def stage_text(stage: str | None) -> str | None:
    """A stage name ("Established") in the active language; the stages' translations live in models.py."""
    # No stage (nothing scored, or fewer than half of the indicators answered) reaches here as None or NaN.
    return _(stage) if isinstance(stage, str) and stage else None


def rank_status(ranked: bool, rank: int | None) -> str:
    """Ranked; or listed below the completeness threshold, with a provisional rank or none."""
    if ranked:
        return pgettext("rank status", "ranked")
    return _("provisional") if rank is not None else pgettext("rank status", "not ranked")


def localised(frame):
    """The frame with its headers in the active language."""
    return frame.rename(columns=lambda column: str(HEADERS.get(column, column)))


def comparison_export(frame):
    """The comparison table (compare_table.comparison_frame) as a reader downloads it, in the active
    language: headers, economy names, statuses, stages and the rank status are words of that language;
    codes and numbers stay as they are. `ranked` gives way to `rank_status`, which also says which
    ranks are provisional."""
    import pandas as pd

    export = frame.copy()
    names = [economy_names(name, name_zh) for name, name_zh in zip(frame["name"], frame["name_zh"], strict=True)]
    position = list(export.columns).index("name_zh")
    export = export.drop(columns="name_zh")
    export["name"] = [n["name"] for n in names]
    other = "name_en" if reads_chinese() else "name_zh"
    export.insert(position, other, [n[other] for n in names])
    export["status"] = [status_text(status) for status in frame["status"]]
    export["stage"] = [stage_text(stage) for stage in frame["stage"]]
    ranks = [None if pd.isna(rank) else rank for rank in frame["rank"]]
    export.insert(
        list(export.columns).index("ranked"),
        "rank_status",
        [rank_status(ranked, rank) for ranked, rank in zip(frame["ranked"], ranks, strict=True)],
    )
    return localised(export.drop(columns="ranked"))


ANSWER_COLUMNS = [
    "economy",
    "name",
    "name_zh",  # name_en for Chinese readers (economy_names)
    "cycle",
    "framework",
    "status",
    "area",
    "indicator",
    "answer",
    "answer_note",
    "evidence",
    "evidence_link",
    "comment",
]


def answers_frame(assessments: list[Assessment]):
    """One row per economy × cycle × indicator answered, in one query, headed in the active language.

    `answer` holds the level as a number, so that a spreadsheet sums and averages it; an answer that is
    no level ("na", "dk") leaves it empty and is said in words in `answer_note`."""
    import pandas as pd

    by_id = {a.pk: a for a in assessments}
    answers = (
        Answer.objects.filter(assessment_id__in=by_id)
        .select_related("indicator__area")
        .order_by("assessment__economy__name", "indicator__area__order", "indicator__order")
    )
    columns = list(ANSWER_COLUMNS)
    if reads_chinese():
        columns[columns.index("name_zh")] = "name_en"
    rows = []
    for answer in answers:
        assessment = by_id[answer.assessment_id]
        rows.append(
            [
                assessment.economy.code,
                *economy_names(assessment.economy.name, assessment.economy.name_zh).values(),
                assessment.cycle,
                assessment.framework.version,
                status_text(assessment.public_status),
                answer.indicator.area.code,
                answer.indicator.code,
                int(answer.value) if answer.value.isdigit() else None,
                str(ANSWER_NOTES[answer.value]) if answer.value in ANSWER_NOTES else "",
                answer.evidence,
                answer.evidence_link,
                answer.comment,
            ]
        )
    frame = pd.DataFrame(rows, columns=columns)
    # Whole numbers, empty where there is no level (not 3.0, as a float column would write them).
    frame["answer"] = frame["answer"].astype("Int64")
    return localised(frame)
