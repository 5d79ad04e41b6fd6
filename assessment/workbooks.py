"""The offline questionnaire: an XLSX workbook to fill in without the app, and reading it back.

Reading validates every row and returns every problem with its sheet, row and
reason; it never saves anything (services do, after the user saw a preview).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from . import scoring
from .models import Answer, Assessment, stored_to_scoring
from .selectors import FrameworkContent
from .services import AnswerInput

MAX_UPLOAD_BYTES = 2 * 1024 * 1024  # a filled-in workbook is about 30 KB; 2 MB leaves room for long evidence
ABOUT_SHEET = "About"
HEADER = ["Indicator", "Question", "Answer", "Level 0", "Level 1", "Level 2", "Level 3", "Level 4", "Evidence",
          "Evidence link", "Comment"]  # fmt: skip
ANSWER_COLUMN = "C"
ALLOWED_VALUES = [str(level) for level in scoring.LEVELS] + [scoring.NOT_APPLICABLE, scoring.DONT_KNOW]
TEXT_LIMITS = {"evidence": 5000, "evidence_link": 500, "comment": 2000}


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int | None
    reason: str


class WorkbookError(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(p.reason for p in problems))
        self.problems = problems


def sheet_title(area) -> str:
    # Excel caps sheet titles at 31 characters and forbids some punctuation.
    return f"{area.code} {area.name}".replace("/", "-")[:31]


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
        about.append(row)
    about["A1"].font = Font(bold=True, size=13)
    about.column_dimensions["A"].width = 14
    bold = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DCE6F1")
    for area in content.areas:
        sheet = workbook.create_sheet(sheet_title(area))
        sheet.append(HEADER)
        for cell in sheet[1]:
            cell.font = bold
            cell.fill = header_fill
        for indicator in area.indicators.all():
            answer = answers.get(indicator.code)
            value = answer.value if answer else ""
            sheet.append(
                [
                    indicator.code,
                    indicator.question,
                    "" if not value else stored_to_scoring(value),
                    *indicator.levels,
                    answer.evidence if answer else "",
                    answer.evidence_link if answer else "",
                    answer.comment if answer else "",
                ]
            )
        choices = DataValidation(
            type="list",
            formula1='"' + ",".join(ALLOWED_VALUES) + '"',
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


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _answer_value(raw) -> str | None:
    """The stored form of a cell's answer ("" for empty), or None when it is not a valid answer."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = str(raw).strip().lower()
    return text if text in ALLOWED_VALUES else None


@dataclass(frozen=True)
class FilledWorkbook:
    inputs: dict[str, AnswerInput]
    revision: int  # the assessment's revision when the workbook was downloaded


def read_workbook(upload, assessment: Assessment, content: FrameworkContent) -> FilledWorkbook:
    """Every indicator's answer from an uploaded workbook; WorkbookError lists every problem found."""
    from openpyxl import load_workbook

    if upload.size > MAX_UPLOAD_BYTES:
        raise WorkbookError(
            [Problem("(file)", None, f"The file is larger than {MAX_UPLOAD_BYTES // 1024 // 1024} MB.")]
        )
    data = upload.read()
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise WorkbookError(
            [Problem("(file)", None, "This is not an XLSX workbook. Upload the .xlsx file you downloaded.")]
        )
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on a damaged file; all mean the same to the user
        raise WorkbookError([Problem("(file)", None, "The workbook could not be read; it may be damaged.")]) from None
    problems: list[Problem] = []
    revision = 0
    if ABOUT_SHEET in workbook.sheetnames:
        about = {row[0]: row[1:] for row in workbook[ABOUT_SHEET].iter_rows(values_only=True) if row and row[0]}
        if about.get("Assessment", [None])[0] != assessment.pk:
            problems.append(Problem(ABOUT_SHEET, None, "This workbook belongs to another assessment."))
        revision = about.get("Revision", [None])[0]
        if not isinstance(revision, int):
            problems.append(Problem(ABOUT_SHEET, 7, "The revision cell was changed; download a new workbook."))
    else:
        problems.append(Problem(ABOUT_SHEET, None, "The About sheet is missing: use the workbook downloaded here."))
    inputs: dict[str, AnswerInput] = {}
    check_url = URLValidator()
    for area in content.areas:
        title = sheet_title(area)
        if title not in workbook.sheetnames:
            problems.append(Problem(title, None, "This sheet is missing."))
            continue
        expected = {indicator.code for indicator in area.indicators.all()}
        seen = set()
        for number, row in enumerate(workbook[title].iter_rows(min_row=2, values_only=True), start=2):
            cells = list(row) + [None] * (len(HEADER) - len(row))
            code = _text(cells[0])
            if not code and not any(_text(c) for c in cells):
                continue
            if code not in expected:
                problems.append(Problem(title, number, f"Unknown indicator {code!r} for this area."))
                continue
            if code in seen:
                problems.append(Problem(title, number, f"{code} appears twice."))
                continue
            seen.add(code)
            value = _answer_value(cells[2])
            if value is None:
                problems.append(Problem(title, number, f"{code}: answer {cells[2]!r} is not 0–4, na or dk."))
                continue
            given = AnswerInput(value, _text(cells[8]), _text(cells[9]), _text(cells[10]))
            for field, limit in TEXT_LIMITS.items():
                if len(getattr(given, field)) > limit:
                    problems.append(
                        Problem(title, number, f"{code}: {field.replace('_', ' ')} is longer than {limit} characters.")
                    )
            if given.evidence_link:
                try:
                    check_url(given.evidence_link)
                except ValidationError:
                    problems.append(Problem(title, number, f"{code}: the evidence link is not a valid URL."))
            inputs[code] = given
        for code in sorted(expected - seen):
            problems.append(Problem(title, None, f"Indicator {code} is missing from the sheet."))
    if problems:
        raise WorkbookError(problems)
    return FilledWorkbook(inputs, revision)


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
