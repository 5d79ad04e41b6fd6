"""Answer files: read strictly, validated against the answer rules, saved all or nothing.

The commands score, import_assessment and load_demo read them; docs/security.md lists the limits.
"""

from __future__ import annotations

import codecs
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from .. import answer_rules, scoring
from ..framework.loaders import DocumentError
from ..framework.selectors import framework_content
from ..models import Assessment, Economy, Framework, stored_to_scoring
from .services import ANSWER_FILE, MAX_CYCLE, MIN_CYCLE, AnswerInput, changed_areas, write_answers

ANSWER_TEXT_KEYS = {"evidence": "evidence", "link": "evidence_link", "comment": "comment"}
# A complete answer file with every text at its longest, written with \u escapes, is about 1.3 MB.
MAX_ANSWER_FILE_BYTES = 2 * 1024 * 1024
NOTE_MAX_LENGTH = 2000


class _DuplicateKey(ValueError):
    pass


def _object_without_duplicates(pairs: list[tuple[str, object]]) -> dict:
    document = dict(pairs)
    if len(document) != len(pairs):
        seen = set()
        for key, _value in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return document


def _no_constant(name: str):
    raise ValueError(f"{name} is not a number JSON allows")


def _key_name(key: str) -> str:
    """A key as an error names it: itself when short and plain, else a quoted excerpt."""
    return (
        key
        if len(key) <= 40 and key.replace("-", "").replace("_", "").replace(".", "").isalnum()
        else answer_rules.excerpt(key)
    )


def read_json_file(path: Path) -> object:
    """The JSON document in a file, or DocumentError with one line saying what is wrong with the file.

    Strict: UTF-8 without a byte-order mark, at most MAX_ANSWER_FILE_BYTES, no duplicate keys,
    no NaN or Infinity; nesting too deep for the parser is refused, not a crash."""
    where = str(path)
    try:
        if path.is_dir():
            raise DocumentError([(where, "is a folder, not a file")])
        with path.open("rb") as file:
            raw = file.read(MAX_ANSWER_FILE_BYTES + 1)
    except FileNotFoundError:
        raise DocumentError([(where, "no such file")]) from None
    except OSError as error:
        raise DocumentError([(where, f"cannot be read ({error.strerror or error})")]) from None
    if len(raw) > MAX_ANSWER_FILE_BYTES:
        raise DocumentError([(where, f"is larger than {MAX_ANSWER_FILE_BYTES // 1024 // 1024} MB")])
    if raw.startswith(codecs.BOM_UTF8):
        raise DocumentError([(where, "starts with a byte-order mark; save it as UTF-8 without BOM")])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise DocumentError([(where, f"is not UTF-8 text (byte {error.start + 1} cannot be read)")]) from None
    try:
        return json.loads(text, object_pairs_hook=_object_without_duplicates, parse_constant=_no_constant)
    except json.JSONDecodeError as error:
        raise DocumentError(
            [(where, f"is not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})")]
        ) from None
    except _DuplicateKey as duplicate:
        raise DocumentError(
            [(where, f"the key {answer_rules.excerpt(str(duplicate))} appears twice in one object")]
        ) from None
    except RecursionError:
        raise DocumentError([(where, "nests values too deeply")]) from None
    except ValueError as error:  # NaN, Infinity, an integer too long to convert
        raise DocumentError([(where, f"is not valid JSON: {error}")]) from None


@dataclass
class AnswerFile:
    economy: Economy
    cycle: int
    framework: Framework
    content: object
    inputs: dict[str, AnswerInput] = field(default_factory=dict)
    illustrative: bool = False
    note: str = ""
    version: int | None = None  # None: the latest version

    @property
    def answer_values(self) -> dict[str, scoring.AnswerValue]:
        return {code: stored_to_scoring(given.value) for code, given in self.inputs.items() if given.value}


def _answer_input(key: str, raw: object, errors: list[tuple[str, str]]) -> AnswerInput | None:
    """One answer: a bare value, or {"level": value, "evidence", "link", "comment"}; None if invalid."""
    texts = {}
    if isinstance(raw, dict):
        unknown = set(raw) - {"level", *ANSWER_TEXT_KEYS}
        if unknown:
            errors.append(
                (key, f"unknown field(s) {', '.join(answer_rules.excerpt(name) for name in sorted(unknown))}")
            )
            return None
        for name, attribute in ANSWER_TEXT_KEYS.items():
            text = raw.get(name, "")
            if not isinstance(text, str):
                errors.append((f"{key}.{name}", "must be text"))
                return None
            texts[attribute] = text.strip()
        raw = raw.get("level")
    if raw is not None and scoring.check_answer(raw) is not None:
        errors.append((key, f"must be a level 0–{scoring.MAX_LEVEL}, 'na' or 'dk', not {answer_rules.excerpt(raw)}"))
        return None
    given = AnswerInput(value="" if raw is None else str(raw), **texts)
    problems = answer_rules.answer_problems(given)
    field_keys = {attribute: name for name, attribute in ANSWER_TEXT_KEYS.items()}
    for attribute, reason in problems.items():
        errors.append((f"{key}.{field_keys.get(attribute, 'level')}", reason))
    return None if problems else given


def parse_answer_file(document: object) -> AnswerFile:
    """Validate an answer-file document against the database; raise DocumentError listing every problem."""
    if not isinstance(document, dict):
        raise DocumentError([("(document)", "must be a JSON object")])
    errors: list[tuple[str, str]] = []
    unknown = set(document) - {"economy", "cycle", "framework", "answers", "illustrative", "note", "version"}
    errors += [(_key_name(key), "unknown key") for key in sorted(unknown)]
    economy = (
        Economy.objects.filter(code=document.get("economy")).first()
        if isinstance(document.get("economy"), str)
        else None
    )
    if economy is None:
        errors.append(("economy", f"no economy with code {answer_rules.excerpt(document.get('economy'))}"))
    cycle = document.get("cycle")
    if not isinstance(cycle, int) or isinstance(cycle, bool) or not MIN_CYCLE <= cycle <= MAX_CYCLE:
        errors.append(("cycle", f"must be a year from {MIN_CYCLE} to {MAX_CYCLE}, not {answer_rules.excerpt(cycle)}"))
    version = document.get("framework")
    framework = Framework.objects.filter(version=version).first() if isinstance(version, str) else None
    if framework is None:
        errors.append(("framework", f"no framework version {answer_rules.excerpt(version)}"))
    answers = document.get("answers")
    if not isinstance(answers, dict):
        errors.append(("answers", "must be an object of indicator code to answer"))
        answers = {}
    if not isinstance(document.get("illustrative", False), bool):
        errors.append(("illustrative", "must be true or false"))
    version = document.get("version")
    if version is not None and (not isinstance(version, int) or isinstance(version, bool) or not 1 <= version <= 99):
        errors.append(("version", f"must be a whole number from 1 to 99, not {answer_rules.excerpt(version)}"))
    note = document.get("note", "")
    if not isinstance(note, str):
        errors.append(("note", "must be text"))
    elif len(note) > NOTE_MAX_LENGTH:
        errors.append(("note", f"must be at most {NOTE_MAX_LENGTH} characters, not {len(note)}"))
    else:
        try:
            answer_rules.no_forbidden_characters(note)
        except ValidationError as error:
            errors.append(("note", error.messages[0]))
    inputs = {}
    content = framework_content(framework) if framework else None
    known = set(content.spec.indicator_codes()) if content else set()
    for code, raw in answers.items() if content else ():
        key = f"answers.{_key_name(code)}"
        if code not in known:
            errors.append((key, f"no indicator with this code in framework {version}"))
            continue
        given = _answer_input(key, raw, errors)
        if given is not None:
            inputs[code] = given
    if errors:
        raise DocumentError(errors)
    return AnswerFile(
        economy=economy,
        cycle=cycle,
        framework=framework,
        content=content,
        inputs=inputs,
        illustrative=document.get("illustrative", False),
        note=answer_rules.unify_line_breaks(note.strip()),
        version=version,
    )


def import_answer_file(answer_file: AnswerFile, *, user=None) -> Assessment:
    """Save an answer file as a draft (or illustrative) assessment, all or nothing.

    Creates the assessment when needed and sets every answer the file lists on its
    latest version; answers it does not list are left as they were. An assessment
    that is submitted or validated is never changed (a validated one is corrected
    through a new version, opened on its page).
    """
    with transaction.atomic():
        Economy.objects.select_for_update().get(pk=answer_file.economy.pk)
        versions = Assessment.objects.filter(
            economy=answer_file.economy, cycle=answer_file.cycle, is_illustrative=answer_file.illustrative
        ).order_by("-version")
        if answer_file.version is not None:
            versions = versions.filter(version__lte=answer_file.version)
        elif versions.filter(framework=answer_file.framework).exists():
            # Without a version, the file means the latest version answered on its own framework.
            versions = versions.filter(framework=answer_file.framework)
        assessment = versions.first()
        if assessment is None or (answer_file.version is not None and assessment.version < answer_file.version):
            # A new version supersedes the one before it (a re-rating on a newer framework, say).
            assessment = Assessment.objects.create(
                economy=answer_file.economy,
                cycle=answer_file.cycle,
                is_illustrative=answer_file.illustrative,
                framework=answer_file.framework,
                version=answer_file.version or 1,
                supersedes=assessment,
                created_by=user,
                note=answer_file.note,
            )
        if assessment.framework_id != answer_file.framework.pk:
            raise DocumentError([("framework", f"the assessment is on framework {assessment.framework.version}")])
        if not assessment.is_draft:
            raise DocumentError(
                [("(document)", f"the assessment is {assessment.get_status_display().lower()} and read-only")]
            )
        assessment.revision += 1
        assessment.area_revisions = changed_areas(assessment, None)
        assessment.note = answer_file.note or assessment.note
        assessment.save()
        indicators = {indicator.code: indicator for indicator in answer_file.content.indicators}
        write_answers(
            assessment=assessment, indicators=indicators, inputs=answer_file.inputs, user=user, channel=ANSWER_FILE
        )
    return assessment
