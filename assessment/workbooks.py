"""The offline questionnaire: an XLSX workbook to fill in without the app, and reading it back.

Reading validates every row and returns every problem with its sheet, row and
reason; it never saves anything (services do, after the user saw a preview).
An upload is untrusted: it is read with a hardened XML parser (openpyxl uses
defusedxml when it is installed) and within fixed bounds on unpacked size, rows,
columns and characters, whatever the file declares, so any file is answered
quickly with a plain message.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import spreadsheets
from .answers import rules
from .models import Answer, Assessment, stored_to_scoring
from .selectors import FrameworkContent
from .services import AnswerInput

MAX_UPLOAD_BYTES = 2 * 1024 * 1024  # a filled-in workbook is about 30 KB; 2 MB leaves room for long evidence
# A complete questionnaire with every text at its longest, in Chinese, unpacks to under 1 MB in
# its largest part (the shared strings Excel writes); far beyond that is not a filled-in
# questionnaire. The part limit also bounds the parser's time: a 2 MB sheet of tiny cells
# parses in about half a second.
MAX_PART_BYTES = 2 * 1024 * 1024
MAX_UNPACKED_BYTES = 8 * 1024 * 1024
MAX_PARTS = 200
MAX_ROWS = 100  # data rows read per area sheet; an area has about ten indicators
ABOUT_ROWS = 20
# Twice the longest text an answer may hold: enough to say by how much a text is too long.
MAX_CELL_CHARACTERS = 2 * rules.EVIDENCE_MAX_LENGTH
MAX_PROBLEMS = 100  # listed on the page; the rest are counted
ABOUT_SHEET = "About"
HEADER = ["Indicator", "Question", "Answer", "Level 0", "Level 1", "Level 2", "Level 3", "Level 4", "Evidence",
          "Evidence link", "Comment"]  # fmt: skip
ANSWER_COLUMN = "C"
ANSWER_CHOICES = [value for value in rules.VALUES if value]
READ_COLUMNS = {0: "A", 2: "C", 8: "I", 9: "J", 10: "K"}  # the cells a row is read from, by position


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int | None
    reason: str


class WorkbookError(Exception):
    """The workbook cannot be applied: the first MAX_PROBLEMS problems, and how many there are in all."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(p.reason for p in problems[:3]))
        self.problems = problems[:MAX_PROBLEMS]
        self.total = len(problems)

    @property
    def not_listed(self) -> int:
        return self.total - len(self.problems)


def _file_problem(reason: str) -> WorkbookError:
    return WorkbookError([Problem("(file)", None, reason)])


# Excel caps a sheet's title at 31 characters and refuses these characters in it.
SHEET_TITLE_LENGTH = 31
_SHEET_TITLE_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", "-"))
# A title shortened by whole words never ends on one of these ("… inspection and").
_DANGLING_WORDS = {"and", "or", "of", "the", "for", "to", "in", "on", "with", "&", "-"}


def sheet_title(area) -> str:
    """The area's sheet: "<area code> <area name>", shortened by whole words to fit Excel's 31 characters:
    "AI AI-assisted inspection" for "AI-assisted inspection and risk management". The reader finds
    each area's sheet by this same title."""
    title = area.code.translate(_SHEET_TITLE_FORBIDDEN)[:SHEET_TITLE_LENGTH]
    words = area.name.translate(_SHEET_TITLE_FORBIDDEN).split()
    kept = []
    for word in words:
        if len(" ".join([title, *kept, word])) > SHEET_TITLE_LENGTH:
            break
        kept.append(word)
    if len(kept) < len(words):
        while kept and kept[-1].lower() in _DANGLING_WORDS:
            kept.pop()
    return " ".join([title, *kept])


def _cut_sheet_title(area) -> str:
    """The title workbooks downloaded before whole-word titles gave the sheet (cut at 31 characters)."""
    return f"{area.code} {area.name}".replace("/", "-")[:SHEET_TITLE_LENGTH]


def build_workbook(assessment: Assessment, content: FrameworkContent, answers: dict[str, Answer]) -> bytes:
    """A sheet per area: one row per indicator, answer drop-down, level descriptions beside it."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    about = workbook.active
    about.title = ABOUT_SHEET
    for row in [
        ["Customs digitalization maturity — offline questionnaire"],
        [],
        ["Economy", assessment.economy.code, assessment.economy.name, assessment.economy.name_zh],
        ["Cycle", assessment.cycle],
        ["Framework", assessment.framework.version],
        ["Assessment", assessment.pk],
        ["Revision", assessment.revision],
        [],
        ["Fill in column C (Answer) of each area sheet: a level 0–4 whose description is beside it,"],
        ["'na' if the indicator does not apply, or 'dk' if you do not know. Leave it empty if not answered yet."],
        ["Then upload the workbook on the assessment's page: you will see every change before it is saved."],
        ["Do not rename sheets or change the Indicator column."],
    ]:
        spreadsheets.append_row(about, row)
    about["A1"].font = Font(bold=True, size=13)
    about.column_dimensions["A"].width = 14
    bold = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DCE6F1")
    for area in content.areas:
        sheet = workbook.create_sheet(sheet_title(area))
        spreadsheets.append_row(sheet, HEADER)
        for cell in sheet[1]:
            cell.font = bold
            cell.fill = header_fill
        for indicator in area.indicators.all():
            answer = answers.get(indicator.code)
            value = answer.value if answer else ""
            spreadsheets.append_row(
                sheet,
                [
                    indicator.code,
                    indicator.question,
                    "" if not value else stored_to_scoring(value),
                    *indicator.levels,
                    answer.evidence if answer else "",
                    answer.evidence_link if answer else "",
                    answer.comment if answer else "",
                ],
            )
        choices = DataValidation(
            type="list",
            formula1='"' + ",".join(ANSWER_CHOICES) + '"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Answer",
            error="Choose 0, 1, 2, 3, 4, na or dk.",
        )
        sheet.add_data_validation(choices)
        choices.add(f"{ANSWER_COLUMN}2:{ANSWER_COLUMN}{sheet.max_row}")
        for column, width in zip("ABCDEFGHIJK", [9, 50, 9, 30, 30, 30, 30, 30, 40, 25, 30], strict=True):
            sheet.column_dimensions[column].width = width
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.freeze_panes = "D2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@dataclass(frozen=True)
class FilledWorkbook:
    inputs: dict[str, AnswerInput]
    revision: int  # the assessment's revision when the workbook was downloaded


@dataclass(frozen=True)
class Cell:
    value: object
    is_formula: bool = False


def read_workbook(upload, assessment: Assessment, content: FrameworkContent) -> FilledWorkbook:
    """Every indicator's answer from an uploaded workbook; WorkbookError lists the problems found."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise _file_problem(_("The file is larger than %(size)s MB.") % {"size": MAX_UPLOAD_BYTES // 1024 // 1024})
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    titles = [sheet_title(area) for area in content.areas]
    # A workbook downloaded before titles were shortened by whole words still reads.
    earlier = {title: _cut_sheet_title(area) for area, title in zip(content.areas, titles, strict=True)}
    sheetnames, about, sheets = _read_cells(data, [*titles, *(t for t in earlier.values() if t not in titles)])
    problems = []
    revision = _check_about(sheetnames, about, assessment, problems)
    inputs: dict[str, AnswerInput] = {}
    for area, title in zip(content.areas, titles, strict=True):
        if title not in sheets and earlier[title] in sheets:
            title = earlier[title]
        if title not in sheets:
            problems.append(Problem(title, None, _("This sheet is missing.")))
            continue
        expected = [indicator.code for indicator in area.indicators.all()]
        inputs |= _read_area(title, sheets[title], expected, problems)
    if problems:
        raise WorkbookError(problems)
    return FilledWorkbook(inputs, revision)


def _read_cells(data: bytes, titles: list[str]) -> tuple[list[str], list[list[Cell]], dict[str, list[list[Cell]]]]:
    """The sheet names, the About rows and each area sheet's rows, read within the bounds."""
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise _file_problem(_("This is not an XLSX workbook. Upload the .xlsx file you downloaded."))
    unreadable = _file_problem(_("The workbook could not be read; it may be damaged."))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise unreadable from None
    sizes = [part.file_size for part in parts]
    if len(parts) > MAX_PARTS or max(sizes, default=0) > MAX_PART_BYTES or sum(sizes) > MAX_UNPACKED_BYTES:
        raise _file_problem(
            _(
                "The workbook holds far more than a questionnaire (%(size)s MB unpacked). "
                "Upload the workbook downloaded here."
            )
            % {"size": round(sum(sizes) / 1024 / 1024)}
        )
    from openpyxl import load_workbook

    try:
        # data_only=False: a formula comes back as a formula, not as the value a program once cached.
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        try:
            sheetnames = list(workbook.sheetnames)
            about = _rows(workbook[ABOUT_SHEET], ABOUT_ROWS, 2) if ABOUT_SHEET in sheetnames else []
            sheets = {
                title: _rows(workbook[title], MAX_ROWS + 1, len(HEADER)) for title in titles if title in sheetnames
            }
        finally:
            workbook.close()
    except Exception:  # openpyxl and the XML parser raise many kinds on a damaged or hostile file; all mean the same
        raise unreadable from None
    return sheetnames, about, sheets


def _rows(sheet, max_rows: int, width: int) -> list[list[Cell]]:
    # The declared dimension is ignored: a forged one would pad every row to 16,384 cells.
    sheet.reset_dimensions()
    rows = []
    for row in sheet.iter_rows(min_row=1, max_row=max_rows, max_col=width):
        cells = [Cell(_bounded(cell.value), cell.data_type == "f") for cell in row]
        rows.append(cells + [Cell(None)] * (width - len(cells)))
    return rows


def _bounded(value):
    if isinstance(value, str) and len(value) > MAX_CELL_CHARACTERS:
        return value[: MAX_CELL_CHARACTERS + 1]
    return value


def _check_about(sheetnames, about: list[list[Cell]], assessment: Assessment, problems: list[Problem]) -> int:
    """The revision the workbook was downloaded at, after checking it belongs to this assessment."""
    if ABOUT_SHEET not in sheetnames:
        problems.append(Problem(ABOUT_SHEET, None, _("The About sheet is missing: use the workbook downloaded here.")))
        return 0
    values = {row[0].value: row[1].value for row in about if isinstance(row[0].value, str)}
    if values.get("Assessment") != assessment.pk:
        problems.append(Problem(ABOUT_SHEET, None, _("This workbook belongs to another assessment.")))
    revision = values.get("Revision")
    if not isinstance(revision, int) or isinstance(revision, bool) or not 0 <= revision <= assessment.revision:
        problems.append(Problem(ABOUT_SHEET, 7, _("The revision cell was changed; download a new workbook.")))
        return 0
    return revision


def _read_area(title: str, rows: list[list[Cell]], expected: list[str], problems: list[Problem]):
    """The answers of one area sheet's rows; each bad row adds a problem instead."""

    def refuse(number, reason):
        problems.append(Problem(title, number, reason))

    if len(rows) > MAX_ROWS:
        refuse(
            None,
            _("The sheet has more than %(count)s rows; only the questionnaire's rows belong here.")
            % {"count": MAX_ROWS},
        )
    inputs: dict[str, AnswerInput] = {}
    seen = set()
    for number, cells in enumerate(rows[1 : MAX_ROWS + 1], start=2):
        if all(_text(cell.value) == "" and not cell.is_formula for cell in cells):
            continue
        code = _text(cells[0].value)
        if code not in expected:
            refuse(number, _("Unknown indicator %(code)s for this area.") % {"code": rules.excerpt(code)})
            continue
        if code in seen:
            refuse(number, _("%(code)s appears twice.") % {"code": code})
            continue
        seen.add(code)
        formulas = [f"{column}{number}" for i, column in READ_COLUMNS.items() if cells[i].is_formula]
        if formulas:
            refuse(
                number,
                _("%(code)s: %(cells)s holds a formula; type the value itself.")
                % {"code": code, "cells": ", ".join(formulas)},
            )
            continue
        value = _answer_value(cells[2].value)
        if value is None:
            refuse(
                number,
                _("%(code)s: the answer %(value)s is not 0–4, na or dk.")
                % {"code": code, "value": rules.excerpt(cells[2].value)},
            )
            continue
        given = AnswerInput(value, _text(cells[8].value), _text(cells[9].value), _text(cells[10].value))
        for field, reason in rules.answer_problems(given).items():
            refuse(number, f"{code}: {FIELD_LABELS[field]}: {reason}")
        inputs[code] = given
    for code in expected:
        if code not in seen:
            refuse(None, _("Indicator %(code)s is missing from the sheet.") % {"code": code})
    return inputs


FIELD_LABELS = {
    "value": gettext_lazy("answer"),
    "evidence": gettext_lazy("evidence"),
    "evidence_link": gettext_lazy("evidence link"),
    "comment": gettext_lazy("comment"),
}


def _text(value) -> str:
    """A cell's content as the text it shows."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if hasattr(value, "isoformat"):
        value = value.isoformat()
    return str(value).strip()


def _answer_value(raw) -> str | None:
    """The stored form of a cell's answer ("" for empty), or None when it is not a valid answer."""
    if isinstance(raw, bool):
        return None
    text = _text(raw).lower()
    return text if text in rules.VALUES else None


@dataclass(frozen=True)
class Change:
    code: str
    field: str
    before: str
    after: str


def changes(inputs: dict[str, AnswerInput], answers: dict[str, Answer]) -> list[Change]:
    """What applying the inputs would change, field by field."""
    found = []
    for code, given in inputs.items():
        answer = answers.get(code)
        for field in ("value", "evidence", "evidence_link", "comment"):
            before = getattr(answer, field) if answer else ""
            after = getattr(given, field)
            if before != after:
                found.append(Change(code, field, before, after))
    return found
