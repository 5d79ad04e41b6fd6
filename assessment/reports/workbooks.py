"""The offline questionnaire: an XLSX workbook to fill in without the app, and reading it back.

Reading validates every row and returns every problem with its sheet, row and
reason; it never saves anything (services do, after the user saw a preview).
An upload is untrusted: it is read with a hardened XML parser (openpyxl uses
defusedxml when it is installed) and within fixed bounds on unpacked size, rows,
columns and characters, whatever the file declares, so any file is answered
quickly with a plain message.

A workbook is written in the reader's language and read back in either language, whatever the
uploader's interface language (workbook_labels holds the words of both).
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import answer_rules
from ..answers.services import AnswerInput
from ..framework.selectors import FrameworkContent
from ..models import Answer, Assessment, stored_to_scoring
from . import spreadsheets
from . import workbook_labels as labels

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
MAX_CELL_CHARACTERS = 2 * answer_rules.EVIDENCE_MAX_LENGTH
MAX_PROBLEMS = 100  # listed on the page; the rest are counted
COLUMNS = "ABCDEFGHIJK"  # indicator, question, answer, levels 0–4, evidence, evidence link, comment
ANSWER_COLUMN = "C"
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
    """The area's sheet: "<area code> <area name>" in the active language, shortened by whole words to fit
    Excel's 31 characters: "AI AI-assisted inspection" for "AI-assisted inspection and risk management",
    "AI AI輔助查驗與風險管理" in Chinese. The reader finds each area's sheet by the code it starts with
    (sheet_key), so a sheet of either language, or one cut shorter by an earlier version, still reads."""
    title = sheet_key(area)
    words = area.local_name.translate(_SHEET_TITLE_FORBIDDEN).split()
    kept = []
    for word in words:
        if len(" ".join([title, *kept, word])) > SHEET_TITLE_LENGTH:
            break
        kept.append(word)
    if len(kept) < len(words):
        while kept and kept[-1].lower() in _DANGLING_WORDS:
            kept.pop()
    return " ".join([title, *kept])


def sheet_key(area) -> str:
    """The start of the area's sheet title that is the same in every language: its code."""
    return area.code.translate(_SHEET_TITLE_FORBIDDEN)[:SHEET_TITLE_LENGTH]


def area_sheets(sheetnames: list[str], keys: list[str]) -> dict[str, list[str]]:
    """The sheets of each area key: those whose title is the key, or starts with the key and a space."""
    return {key: [title for title in sheetnames if title == key or title.startswith(key + " ")] for key in keys}


def build_workbook(assessment: Assessment, content: FrameworkContent, answers: dict[str, Answer]) -> bytes:
    """A sheet per area: one row per indicator, answer drop-down, level descriptions beside it; every
    text in the active language."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    about = workbook.active
    about.title = labels.about_sheet()
    title, *instructions = labels.instructions()
    about_label = labels.about_labels()
    economy = assessment.economy
    for row in [
        [title],
        [],
        [about_label["economy"], economy.code, economy.name, economy.name_zh],
        [about_label["cycle"], assessment.cycle],
        [about_label["framework"], assessment.framework.version],
        [about_label["assessment"], assessment.pk],
        [about_label["revision"], assessment.revision],
        [],
        *([line] for line in instructions),
    ]:
        spreadsheets.append_row(about, row)
    about["A1"].font = Font(bold=True, size=13)
    about.column_dimensions["A"].width = 14
    bold = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DCE6F1")
    header = labels.header()
    answer_label = labels.answer_labels()
    for area in content.areas:
        sheet = workbook.create_sheet(sheet_title(area))
        spreadsheets.append_row(sheet, header)
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
                    (answer_label.get(value) or stored_to_scoring(value)) if value else "",
                    *indicator.levels,
                    answer.evidence if answer else "",
                    answer.evidence_link if answer else "",
                    answer.comment if answer else "",
                ],
            )
        choices = DataValidation(
            type="list",
            formula1='"' + ",".join(labels.answer_choices()) + '"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=header[COLUMNS.index(ANSWER_COLUMN)],
            error=labels.answer_error(),
        )
        sheet.add_data_validation(choices)
        choices.add(f"{ANSWER_COLUMN}2:{ANSWER_COLUMN}{sheet.max_row}")
        for column, width in zip(COLUMNS, [9, 50, 9, 30, 30, 30, 30, 30, 40, 25, 30], strict=True):
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


@dataclass(frozen=True)
class Cells:
    """What the reader takes from a workbook, within the bounds."""

    about: list[list[Cell]] | None  # None: no About sheet
    titles: dict[str, list[str]]  # the sheets of each area, by area key
    areas: dict[str, list[list[Cell]]]  # the rows of each area whose sheet was found once


def read_workbook(upload, assessment: Assessment, content: FrameworkContent) -> FilledWorkbook:
    """Every indicator's answer from an uploaded workbook, in either language; WorkbookError lists the
    problems found."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise _file_problem(_("The file is larger than %(size)s MB.") % {"size": MAX_UPLOAD_BYTES // 1024 // 1024})
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    keys = [sheet_key(area) for area in content.areas]
    cells = _read_cells(data, keys)
    problems = []
    revision = _check_about(cells.about, assessment, problems)
    inputs: dict[str, AnswerInput] = {}
    for area, key in zip(content.areas, keys, strict=True):
        titles = cells.titles[key]
        if not titles:
            problems.append(Problem(sheet_title(area), None, _("This sheet is missing.")))
            continue
        if len(titles) > 1:
            problems.append(
                Problem(
                    titles[1],
                    None,
                    _("Sheets %(sheets)s all hold area %(code)s: keep only one.")
                    % {"sheets": ", ".join(answer_rules.excerpt(title) for title in titles[:3]), "code": area.code},
                )
            )
            continue
        expected = [indicator.code for indicator in area.indicators.all()]
        inputs |= _read_area(titles[0], cells.areas[key], expected, problems)
    if problems:
        raise WorkbookError(problems)
    return FilledWorkbook(inputs, revision)


def _read_cells(data: bytes, keys: list[str]) -> Cells:
    """The About rows and each area sheet's rows, read within the bounds; no rows for an area that
    two sheets claim."""
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

    about_titles = labels.about_sheets_in_every_language()
    try:
        # data_only=False: a formula comes back as a formula, not as the value a program once cached.
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        try:
            sheetnames = list(workbook.sheetnames)
            about = next((title for title in sheetnames if title in about_titles), None)
            titles = area_sheets(sheetnames, keys)
            cells = Cells(
                None if about is None else _rows(workbook[about], ABOUT_ROWS, 2),
                titles,
                {
                    key: _rows(workbook[found[0]], MAX_ROWS + 1, len(COLUMNS))
                    for key, found in titles.items()
                    if len(found) == 1
                },
            )
        finally:
            workbook.close()
    except Exception:  # openpyxl and the XML parser raise many kinds on a damaged or hostile file; all mean the same
        raise unreadable from None
    return cells


def _rows(sheet, max_rows: int, width: int) -> list[list[Cell]]:
    # The declared dimension is ignored: a forged one would pad every row to 16,384 cells.
    sheet.reset_dimensions()
    rows = []
    for row in sheet.iter_rows(min_row=1, max_row=max_rows, max_col=width):
        cells = [Cell(_bounded(_shown(cell)), cell.data_type == "f") for cell in row]
        rows.append(cells + [Cell(None)] * (width - len(cells)))
    return rows


def _shown(cell):
    """A date, time or percent cell as the text it shows, the rest as stored.

    A spreadsheet program turns "2024-01-15", "10:30" or "50%" typed into a cell into a number with a
    date, time or percent format; the text typed is what the cell shows. Dates and times are written
    the ISO way (2024-01-15, 10:30, 24-hour clock, seconds only when there are some) rather than in the
    format's day and month order, which depends on the program's locale; a percent keeps the decimals
    its format shows (0.5 as "50%" with 0%, as "50.00%" with 0.00%)."""
    value = cell.value
    if isinstance(value, datetime.timedelta):
        return _elapsed(value)
    if isinstance(value, datetime.time):
        return _clock(value)
    if isinstance(value, datetime.datetime):
        codes = _format_codes(cell.number_format)
        with_date, with_time = any(code in codes for code in "yd"), any(code in codes for code in "hs")
        if not (with_date or with_time):  # a format that shows neither (General): what the value holds
            with_date, with_time = True, value.time() != datetime.time()
        return " ".join([value.date().isoformat()] * with_date + [_clock(value.time())] * with_time)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, int | float) and not isinstance(value, bool):
        codes = _format_codes(cell.number_format)
        if "%" in codes and abs(value) < 1e15:  # beyond, no one typed a percent
            decimals = re.search(r"\.([0#?]*)", codes.split("%")[0])
            return f"{value * 100:.{len(decimals.group(1)) if decimals else 0}f}%"
    return value


def _format_codes(number_format: str) -> str:
    """The codes of a number format's first section, lower-cased, without its literal text ("…", \\x)
    and bracketed parts ([Red], [$-409])."""
    section = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", number_format or "").split(";")[0]
    return section.lower()


def _clock(moment: datetime.time) -> str:
    return f"{moment.hour:02d}:{moment.minute:02d}" + (f":{moment.second:02d}" if moment.second else "")


def _elapsed(duration: datetime.timedelta) -> str:
    seconds = int(duration.total_seconds())
    hours, rest = divmod(abs(seconds), 3600)
    shown = f"{'-' if seconds < 0 else ''}{hours}:{rest // 60:02d}"
    return shown + (f":{rest % 60:02d}" if rest % 60 else "")


def _bounded(value):
    if isinstance(value, str) and len(value) > MAX_CELL_CHARACTERS:
        return value[: MAX_CELL_CHARACTERS + 1]
    return value


def _check_about(about: list[list[Cell]] | None, assessment: Assessment, problems: list[Problem]) -> int:
    """The revision the workbook was downloaded at, after checking it belongs to this assessment. The rows
    are found by their label in any language."""
    sheet = labels.about_sheet()
    if about is None:
        problems.append(Problem(sheet, None, _("The About sheet is missing: use the workbook downloaded here.")))
        return 0
    keys = labels.about_keys_by_label()
    values = {keys.get(row[0].value): row[1].value for row in about if isinstance(row[0].value, str)}
    if values.get("assessment") != assessment.pk:
        problems.append(Problem(sheet, None, _("This workbook belongs to another assessment.")))
    revision = values.get("revision")
    if not isinstance(revision, int) or isinstance(revision, bool) or not 0 <= revision <= assessment.revision:
        problems.append(Problem(sheet, 7, _("The revision cell was changed; download a new workbook.")))
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
    by_label = labels.answers_by_label()
    for number, cells in enumerate(rows[1 : MAX_ROWS + 1], start=2):
        if all(_text(cell.value) == "" and not cell.is_formula for cell in cells):
            continue
        code = _text(cells[0].value)
        if code not in expected:
            refuse(number, _("Unknown indicator %(code)s for this area.") % {"code": answer_rules.excerpt(code)})
            continue
        if code in seen:
            refuse(number, _("%(code)s appears twice.") % {"code": code})
            continue
        seen.add(code)
        formulas = [f"{column}{number}" for i, column in READ_COLUMNS.items() if cells[i].is_formula]
        if formulas:
            refuse(
                number,
                _(
                    "%(code)s: %(cells)s holds a formula. To keep a text that starts with “=”, format the cell "
                    "as Text before typing it, or start it with an apostrophe (')."
                )
                % {"code": code, "cells": ", ".join(formulas)},
            )
            continue
        value = _answer_value(cells[2].value, by_label)
        if value is None:
            refuse(
                number,
                _("%(code)s: the answer %(value)s is not one of %(choices)s.")
                % {
                    "code": code,
                    "value": answer_rules.excerpt(cells[2].value),
                    "choices": ", ".join(labels.answer_choices()),
                },
            )
        # The row's texts are checked whatever its answer, so that every problem is listed at once.
        given = AnswerInput(value or "", _text(cells[8].value), _text(cells[9].value), _text(cells[10].value))
        for field, reason in answer_rules.answer_problems(given).items():
            refuse(number, f"{code}: {FIELD_LABELS[field]}: {reason}")
        if value is not None:
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


def _answer_value(raw, by_label: dict[str, str]) -> str | None:
    """The stored form of a cell's answer ("" for empty), or None when it is not a valid answer. by_label:
    the drop-down's words of every language, case-folded."""
    if isinstance(raw, bool):
        return None
    text = _text(raw).casefold()
    if text in answer_rules.VALUES:
        return text
    return by_label.get(text)


@dataclass(frozen=True)
class Change:
    code: str
    field: str
    before: str
    after: str

    @property
    def before_shown(self) -> str:
        return _in_readers_words(self.field, self.before)

    @property
    def after_shown(self) -> str:
        return _in_readers_words(self.field, self.after)


def _in_readers_words(field: str, text: str) -> str:
    """An answer as the workbook's drop-down words it in the active language (不適用, not na); texts as they are."""
    return labels.answer_labels().get(text, text) if field == "value" else text


def changes(inputs: dict[str, AnswerInput], answers: dict[str, Answer]) -> list[Change]:
    """What applying the inputs would change, field by field: what saving them changes
    (AnswerInput.differs_from), so a text stored with CR+LF line breaks is no change."""
    found = []
    for code, given in inputs.items():
        stored = AnswerInput.of(answers.get(code))
        for field in ("value", "evidence", "evidence_link", "comment"):
            before, after = getattr(stored, field), getattr(given, field)
            if before != after:
                found.append(Change(code, field, before, after))
    return found
