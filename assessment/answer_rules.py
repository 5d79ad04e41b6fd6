"""The one set of rules every stored answer keeps.

The questionnaire form, the workbook reader, the answer-file loader, the admin and the
saving service all check answers here, so that nothing one path stores can be refused by
another later (an imported 1 MB evidence would otherwise block every save of its area).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, URLValidator
from django.utils.translation import gettext_lazy as _

from . import scoring

VALUES = ("", *(str(level) for level in scoring.LEVELS), scoring.NOT_APPLICABLE, scoring.DONT_KNOW)
EVIDENCE_MAX_LENGTH = 5000  # a paragraph or two citing laws and systems
LINK_MAX_LENGTH = 500  # the model column's size
COMMENT_MAX_LENGTH = 2000
LINK_SCHEMES = ["http", "https"]  # a reader follows the link in a browser; nothing else opens there

# Tab, line feed and carriage return are text; other C0/C1 controls and lone surrogates are
# not (PostgreSQL refuses NUL and surrogates, spreadsheets and PDFs garble the rest).
_FORBIDDEN_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_LINE_BREAK = re.compile("\r\n?")


def unify_line_breaks(text):
    """The text with every line break as LF: browsers send a text box's line breaks as CR+LF, while
    XLSX readers, Excel and LibreOffice give LF; stored one way, a text reads the same whichever way it
    came, and a workbook downloaded and uploaded again holds no change. Anything but text is returned as is."""
    return _LINE_BREAK.sub("\n", text) if isinstance(text, str) and "\r" in text else text


@dataclass(frozen=True)
class AnswerInput:
    """What a user gives for one indicator. value: "0"–"4", "na", "dk" or "" (unanswered)."""

    value: str = ""
    evidence: str = ""
    evidence_link: str = ""
    comment: str = ""

    def __post_init__(self):
        # Every way in (form, workbook, answer file, services) builds an AnswerInput: one place
        # gives their texts the same line breaks.
        for name in ("evidence", "evidence_link", "comment"):
            object.__setattr__(self, name, unify_line_breaks(getattr(self, name)))

    def differs_from(self, answer) -> bool:
        """Whether saving this would change the stored answer (None: nothing stored); a text stored
        with CR+LF line breaks is the same text with LF."""
        return self != AnswerInput.of(answer)

    def as_tuple(self) -> tuple[str, str, str, str]:
        return (self.value, self.evidence, self.evidence_link, self.comment)

    @classmethod
    def of(cls, answer) -> AnswerInput:
        """The stored answer as an input (None: nothing stored)."""
        if answer is None:
            return cls()
        return cls(answer.value, answer.evidence, answer.evidence_link, answer.comment)

    def fingerprint(self) -> str:
        """A short digest of the answer: a form carries the one it showed, to tell what its editor changed."""
        return hashlib.sha256(json.dumps(self.as_tuple()).encode()).hexdigest()[:16]


def no_forbidden_characters(text: str) -> None:
    found = _FORBIDDEN_CHARACTERS.search(text)
    if found:
        raise ValidationError(
            _("Remove the unprintable character U+%(code)04X (at position %(position)s)."),
            code="control_character",
            params={"code": ord(found.group()), "position": found.start() + 1},
        )


LINK_MESSAGE = _("Enter a web address starting with http:// or https://.")
http_link = URLValidator(schemes=LINK_SCHEMES, message=LINK_MESSAGE)

TEXT_VALIDATORS = {
    "evidence": [MaxLengthValidator(EVIDENCE_MAX_LENGTH), no_forbidden_characters],
    "evidence_link": [MaxLengthValidator(LINK_MAX_LENGTH), no_forbidden_characters, http_link],
    "comment": [MaxLengthValidator(COMMENT_MAX_LENGTH), no_forbidden_characters],
}


def value_problem(value: object) -> str | None:
    """Why a stored answer value is not valid, or None."""
    if isinstance(value, str) and value in VALUES:
        return None
    return str(_("The answer must be a level 0–4, “na” or “dk”, not %(value)s.") % {"value": excerpt(value)})


def answer_problems(given: AnswerInput) -> dict[str, str]:
    """Every field of the answer that breaks a rule, with the first reason; empty when valid."""
    problems = {}
    if (reason := value_problem(given.value)) is not None:
        problems["value"] = reason
    for field, validators in TEXT_VALIDATORS.items():
        text = getattr(given, field)
        if not isinstance(text, str):
            problems[field] = str(_("Must be text."))
            continue
        for validator in validators if text else ():
            try:
                validator(text)
            except ValidationError as error:
                problems[field] = error.messages[0]
                break
    return problems


def check(given: AnswerInput, code: str) -> None:
    """Raise ValidationError naming the indicator and field when the answer breaks a rule."""
    problems = answer_problems(given)
    if problems:
        raise ValidationError(
            {f"{code}.{field}": ValidationError(reason, code="invalid") for field, reason in problems.items()}
        )


EXCERPT_LENGTH = 40


def excerpt(value: object, length: int = EXCERPT_LENGTH) -> str:
    """A short, quoted, printable excerpt of a value for a message; never the whole of a long text."""
    if isinstance(value, bool):
        text = "TRUE" if value else "FALSE"
    elif value is None:
        return str(_("nothing"))
    elif isinstance(value, str):
        text = value
    elif isinstance(value, float):
        text = format(value, "g")
    elif isinstance(value, int):
        # str() of an int over 4,300 digits raises; no such number is worth showing whole.
        if value.bit_length() > 256:
            return str(_("a very large number"))
        text = str(value)
    elif hasattr(value, "isoformat"):
        text = value.isoformat()
    else:
        return {dict: str(_("an object")), list: str(_("a list"))}.get(type(value), type(value).__name__)
    shown = _FORBIDDEN_CHARACTERS.sub("\ufffd", text[: length + 1].replace("\n", " "))
    if len(shown) > length:
        shown = shown[: length - 1] + "…"
    return f"“{shown}”"
