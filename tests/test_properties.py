"""Properties of every write path under generated input: a clear refusal or a valid save, never a
500, and a refused request leaves the stored answers exactly as they were."""

import io
import json
import os
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from assessment import answer_rules
from assessment.answer_rules import AnswerInput
from assessment.answers.files import import_answer_file, parse_answer_file, read_json_file
from assessment.answers.selectors import answers_of
from assessment.framework.loaders import DocumentError
from assessment.framework.selectors import framework_content
from assessment.models import Answer, Assessment
from assessment.reports import workbooks

from .conftest import answer
from .hostile_files import hostile_workbooks

# Derandomized, so that CI runs the same examples every time; HYPOTHESIS_EXAMPLES=5000 hunts wider.
EXAMPLES = settings(
    max_examples=int(os.environ.get("HYPOTHESIS_EXAMPLES", "60")),
    derandomize="HYPOTHESIS_EXAMPLES" not in os.environ,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
CODES = ["SW-1", "SW-2", "SW-3", "BL-1", "XX-9", ""]
PARTS = ["value", "evidence", "link", "comment", "shown", "junk"]

texts = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["0", "3", "4", "5", "na", "dk", "NA", " 3", "=1+1", "https://example.org/a", "javascript:x"]),
    st.builds(lambda c, n: c * n, st.sampled_from(["e", "中", "\x00", "\x07"]), st.integers(4990, 5010)),
)


def stored(assessment) -> list[tuple]:
    """Every stored answer field and the assessment's revision: what a refusal must leave untouched."""
    answers = Answer.objects.filter(assessment=assessment).order_by("pk")
    fields = ("indicator__code", "value", "evidence", "evidence_link", "comment", "revision", "updated_at")
    revision = Assessment.objects.get(pk=assessment.pk).revision
    return [revision, *answers.values_list(*fields)]


def assert_valid(assessment):
    for saved in Answer.objects.filter(assessment=assessment).select_related("indicator"):
        assert answer_rules.answer_problems(AnswerInput.of(saved)) == {}, saved.indicator.code


@pytest.fixture
def seeded(draft):
    answer(draft, "SW-1", 2, evidence="Stored evidence", evidence_link="https://example.org/law")
    return draft


@EXAMPLES
@given(
    fields=st.dictionaries(
        st.tuples(st.sampled_from(CODES), st.sampled_from(PARTS)).map(lambda pair: "__".join(pair)), texts, max_size=12
    ),
    revision=st.one_of(st.integers(-2, 3).map(str), st.sampled_from(["", "abc", "99999999999999999999"])),
)
def test_any_questionnaire_post_is_refused_cleanly_or_saves_valid_answers(alice_client, seeded, fields, revision):
    before = stored(seeded)
    url = reverse("questionnaire", kwargs={"pk": seeded.pk, "area_code": "SW"})
    response = alice_client.post(url, fields | {"revision": revision, "action": "save"})
    assert response.status_code in (302, 400)
    if response.status_code == 400:
        assert stored(seeded) == before
    assert_valid(seeded)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 2100) | st.floats(allow_nan=False) | texts,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)
answers_strategy = st.dictionaries(
    st.sampled_from(CODES),
    json_values
    | st.fixed_dictionaries(
        {"level": st.sampled_from([0, 3, 4, 5, "na", "dk", None, "3"])},
        optional={"evidence": texts, "link": texts, "comment": texts, "extra": json_values},
    ),
    max_size=5,
)
documents = st.fixed_dictionaries(
    {
        "economy": st.sampled_from(["CT", "SGP", "XX", 1, None]),
        "cycle": st.sampled_from([2025, 2026, 1999, "2025", True]),
        "framework": st.sampled_from(["T.1", "0.0", 2023.1]),
        "answers": answers_strategy | json_values,
    },
    optional={"note": json_values, "illustrative": st.booleans() | json_values, "other": json_values},
)


@EXAMPLES
@given(document=documents)
def test_any_answer_file_is_refused_whole_or_imported_valid(seeded, singapore, document):
    before = stored(seeded)
    try:
        with transaction.atomic():
            assessment = import_answer_file(parse_answer_file(document))
    except DocumentError as error:
        assert error.errors
        assert all(len(f"{key}: {reason}") < 300 for key, reason in error.errors)
        assert stored(seeded) == before
    else:
        assert_valid(assessment)


@EXAMPLES
@given(content=st.binary(max_size=300) | documents.map(lambda d: json.dumps(d).encode()))
def test_any_file_is_read_as_json_or_refused_in_one_line(tmp_path_factory, content):
    path = tmp_path_factory.mktemp("answers") / "answers.json"
    path.write_bytes(content)
    try:
        read_json_file(path)
    except DocumentError as error:
        assert len(error.errors) == 1
        assert "\n" not in error.as_text()


cell_values = st.one_of(
    st.none(),
    texts,
    st.integers(-3, 7),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.sampled_from(["=1+2", "=A1", '=HYPERLINK("http://x")']),
)


def generated_workbook(base: bytes, cells: dict, mutation: str | None, flips: list[int]) -> bytes:
    workbook = openpyxl.load_workbook(io.BytesIO(base))
    for (title, reference), value in cells.items():
        if title in workbook.sheetnames:
            # openpyxl cannot write the characters XML forbids; a hostile file can, and the mutations do
            workbook[title][reference] = ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value
    buffer = io.BytesIO()
    workbook.save(buffer)
    content = buffer.getvalue()
    if mutation == "truncated":
        content = content[: len(content) // 2]
    elif mutation == "bytes flipped":
        data = bytearray(content)
        for position in flips:
            data[position % len(data)] ^= 0xFF
        content = bytes(data)
    elif mutation == "part removed":
        output = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(output, "w") as target:
            for info in source.infolist()[1:]:
                target.writestr(info, source.read(info))
        content = output.getvalue()
    return content


@EXAMPLES
@given(
    cells=st.dictionaries(
        st.tuples(
            st.sampled_from(["About", "SW Area SW", "BL Area BL"]),
            st.sampled_from(["A2", "B2", "C2", "C3", "I2", "J3", "K4", "A7", "L2", "B7", "A150"]),
        ),
        cell_values,
        max_size=8,
    ),
    mutation=st.sampled_from([None, None, "truncated", "bytes flipped", "part removed"]),
    flips=st.lists(st.integers(0, 10**6), min_size=1, max_size=8),
)
def test_any_workbook_is_read_or_refused_with_problems(seeded, cells, mutation, flips):
    content = framework_content(seeded.framework)
    base = workbooks.build_workbook(seeded, content, answers_of(seeded))
    upload = SimpleUploadedFile("answers.xlsx", generated_workbook(base, cells, mutation, flips))
    try:
        filled = workbooks.read_workbook(upload, seeded, content)
    except workbooks.WorkbookError as error:
        assert error.problems
        assert all(len(problem.reason) < 300 for problem in error.problems)
    else:
        for given_input in filled.inputs.values():
            assert answer_rules.answer_problems(given_input) == {}


@EXAMPLES
@given(
    cells=st.dictionaries(st.sampled_from(["C2", "I2", "J2", "K2", "A3"]), cell_values, max_size=4),
    hostile=st.sampled_from([None, "sheet XML not well-formed", "billion laughs", "forged dimension, a row at 20,000"]),
)
def test_any_workbook_upload_is_answered_and_a_refusal_changes_nothing(alice_client, seeded, cells, hostile):
    before = stored(seeded)
    content = framework_content(seeded.framework)
    base = workbooks.build_workbook(seeded, content, answers_of(seeded))
    crafted = generated_workbook(base, {("SW Area SW", ref): value for ref, value in cells.items()}, None, [])
    if hostile:
        crafted = hostile_workbooks(crafted)[hostile]()
    upload_url = reverse("workbook_upload", kwargs={"pk": seeded.pk})
    response = alice_client.post(upload_url, {"workbook": SimpleUploadedFile("answers.xlsx", crafted)})
    assert response.status_code in (200, 400)
    applied = alice_client.post(reverse("workbook_apply", kwargs={"pk": seeded.pk}))
    assert applied.status_code == 302
    if response.status_code == 400:
        assert stored(seeded) == before
    assert_valid(seeded)
