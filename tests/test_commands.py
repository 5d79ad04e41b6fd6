"""Machine interfaces: export_framework, score, import_assessment, seed_synthetic."""

import json

import pytest
from django.core.management import CommandError, call_command

from assessment.models import Answer, Assessment


@pytest.fixture
def answer_file(tmp_path, framework, chinese_taipei):
    def write(**overrides):
        document = {"economy": "CT", "cycle": 2025, "framework": "T.1", "answers": {"SW-1": 3, "SW-2": "na"}}
        document.update(overrides)
        path = tmp_path / "answers.json"
        path.write_text(json.dumps(document), encoding="utf-8")
        return path

    return write


def test_export_framework_prints_areas_indicators_and_levels(framework, capsys):
    call_command("export_framework")
    document = json.loads(capsys.readouterr().out)
    assert document["version"] == "T.1"
    assert [area["code"] for area in document["areas"]] == ["SW", "BL"]
    first = document["areas"][0]["indicators"][0]
    assert (first["code"], first["weight"], len(first["levels"])) == ("SW-1", 3.0, 5)


def test_export_framework_refuses_an_unknown_version(framework):
    with pytest.raises(CommandError, match="no framework 9.9"):
        call_command("export_framework", "--version", "9.9")


def test_score_prints_the_profile_without_saving(answer_file, capsys):
    call_command("score", str(answer_file()))
    document = json.loads(capsys.readouterr().out)
    # SW-3 unanswered: low = 2.25 / 5 = 45.0, high = (2.25 + 2) / 5 = 85.0
    assert document["areas"][0] == {
        "code": "SW",
        "score": 75.0,
        "score_low": 45.0,
        "score_high": 85.0,
        "maturity": 3.0,
        "stage": "Established",
        "completeness": 66.7,
    }
    assert document["overall"]["score"] == 75.0
    assert not Assessment.objects.exists()


def test_import_saves_a_draft_with_its_answers(answer_file):
    call_command("import_assessment", str(answer_file(answers={"SW-1": {"level": 3, "evidence": "Act"}, "SW-2": "dk"})))
    assessment = Assessment.objects.get()
    assert assessment.is_draft
    assert {a.indicator.code: (a.value, a.evidence) for a in assessment.answers.all()} == {
        "SW-1": ("3", "Act"),
        "SW-2": ("dk", ""),
    }


@pytest.mark.parametrize(
    ("overrides", "offending_key"),
    [
        ({"economy": "XX"}, "economy"),
        ({"cycle": "2025"}, "cycle"),
        ({"framework": "0.0"}, "framework"),
        ({"answers": {"SW-1": 3, "SW-9": 1}}, "answers.SW-9"),
        ({"answers": {"SW-1": 3, "SW-2": 5}}, "answers.SW-2"),
        ({"answers": {"SW-1": {"level": 2, "evidnce": "typo"}}}, "answers.SW-1"),
        ({"answers": []}, "answers"),
    ],
)
def test_import_names_the_offending_key_and_saves_nothing(answer_file, overrides, offending_key):
    with pytest.raises(CommandError) as error:
        call_command("import_assessment", str(answer_file(**overrides)))
    assert f"{offending_key}:" in str(error.value)
    assert not Assessment.objects.exists()
    assert not Answer.objects.exists()


def test_import_refuses_a_submitted_assessment(answer_file, validated):
    with pytest.raises(CommandError, match="read-only"):
        call_command("import_assessment", str(answer_file(answers={"SW-1": 0})))
    assert Answer.objects.get(assessment=validated, indicator__code="SW-1").value == "3"


def test_import_rejects_a_file_that_is_not_json(tmp_path, framework):
    path = tmp_path / "broken.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(CommandError, match="broken.json"):
        call_command("import_assessment", str(path))


def test_commands_exit_non_zero_on_error(answer_file):
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "manage.py", "score", str(answer_file(economy="XX"))],
        capture_output=True,
        text=True,
        env={"DATABASE_URL": "sqlite:///:memory:", "TESTING": "true", "PATH": ""},
    )
    assert result.returncode != 0


BAD_FILES = {
    "binary garbage": (b"\x00\xd1\xff\xfe{}", "is not UTF-8 text"),
    "latin-1 text": ('{"economy": "CT", "note": "café"}'.encode("latin-1"), "is not UTF-8 text"),
    "a byte-order mark": (b"\xef\xbb\xbf{}", "starts with a byte-order mark"),
    "deep nesting": (b'{"answers": {"SW-1": ' + b"[" * 100_000 + b"]" * 100_000 + b"}}", "nests values too deeply"),
    "a duplicate key": (b'{"economy": "CT", "economy": "SGP"}', "the key “economy” appears twice"),
    "NaN": (b'{"cycle": NaN}', "NaN is not a number JSON allows"),
    "trailing comma": (b'{"cycle": 2025,}', "is not valid JSON"),
    "an endless number": (b'{"cycle": ' + b"9" * 5000 + b"}", "is not valid JSON"),
    "more than 2 MB": (b'{"note": "' + b"x" * (2 * 1024 * 1024) + b'"}', "is larger than 2 MB"),
}


@pytest.mark.parametrize("command", ["score", "import_assessment"])
@pytest.mark.parametrize("name", list(BAD_FILES))
def test_a_bad_file_is_one_line_naming_the_problem(tmp_path, framework, chinese_taipei, command, name):
    content, message = BAD_FILES[name]
    path = tmp_path / "answers.json"
    path.write_bytes(content)
    with pytest.raises(CommandError) as error:
        call_command(command, str(path))
    assert str(error.value).startswith(f"{path}: ")
    assert message in str(error.value)
    assert "\n" not in str(error.value)
    assert not Assessment.objects.exists()


@pytest.mark.parametrize("command", ["score", "import_assessment"])
def test_a_folder_or_a_missing_file_is_named(tmp_path, framework, command):
    with pytest.raises(CommandError, match="is a folder, not a file"):
        call_command(command, str(tmp_path))
    with pytest.raises(CommandError, match="no such file"):
        call_command(command, str(tmp_path / "missing.json"))


@pytest.mark.parametrize(
    ("answer", "offending_key", "message"),
    [
        ({"level": 3, "evidence": "e" * 5001}, "answers.SW-1.evidence", "at most 5000 characters"),
        ({"level": 3, "comment": "c" * 2001}, "answers.SW-1.comment", "at most 2000 characters"),
        ({"level": 3, "link": "javascript:alert(1)"}, "answers.SW-1.link", "starting with http:// or https://"),
        ({"level": 3, "link": "not a url at all"}, "answers.SW-1.link", "starting with http:// or https://"),
        ({"level": 3, "link": "https://example.org/" + "a" * 600}, "answers.SW-1.link", "at most 500 characters"),
        ({"level": 3, "evidence": "nul\x00inside"}, "answers.SW-1.evidence", "unprintable character U+0000"),
        ({"level": 3, "evidence": "half a pair \ud800"}, "answers.SW-1.evidence", "unprintable character U+D800"),
    ],
)
def test_the_answer_file_follows_the_questionnaires_rules(answer_file, answer, offending_key, message):
    with pytest.raises(CommandError) as error:
        call_command("import_assessment", str(answer_file(answers={"SW-1": answer})))
    assert f"{offending_key}: " in str(error.value)
    assert message in str(error.value)
    assert not Answer.objects.exists()


def test_a_note_must_be_text(answer_file):
    with pytest.raises(CommandError, match="note: must be text"):
        call_command("import_assessment", str(answer_file(note={"a": 1})))
    assert not Assessment.objects.exists()


def test_a_long_value_is_quoted_short_in_the_error(answer_file):
    with pytest.raises(CommandError) as error:
        call_command("import_assessment", str(answer_file(answers={"SW-1": "x" * 100_000})))
    assert len(str(error.value)) < 200


def test_a_bad_file_prints_no_traceback(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "answers.json"
    path.write_bytes(b"\xff\xfe not utf-8")
    result = subprocess.run(
        [sys.executable, "manage.py", "import_assessment", str(path)],
        capture_output=True,
        text=True,
        env={"DATABASE_URL": "sqlite:///:memory:", "TESTING": "true", "PATH": ""},
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert result.stderr.strip() == f"CommandError: {path}: is not UTF-8 text (byte 1 cannot be read)"


def test_a_file_naming_a_later_version_adds_it_after_the_earlier_one(answer_file):
    call_command("import_assessment", str(answer_file()))
    call_command("import_assessment", str(answer_file(version=2, answers={"SW-1": 4})))
    first, second = Assessment.objects.order_by("version")
    assert (second.version, second.supersedes) == (2, first)
    assert Answer.objects.get(assessment=second).value == "4"


def test_importing_both_versions_again_changes_nothing(answer_file, framework):
    from .conftest import make_framework

    make_framework(version="T.2", current=False)
    call_command("import_assessment", str(answer_file()))
    call_command("import_assessment", str(answer_file(version=2, framework="T.2", answers={})))
    call_command("import_assessment", str(answer_file()))
    call_command("import_assessment", str(answer_file(version=2, framework="T.2", answers={})))
    assert list(Assessment.objects.order_by("version").values_list("version", "framework__version")) == [
        (1, "T.1"),
        (2, "T.2"),
    ]


def test_seed_synthetic_puts_each_assessment_in_its_years_published_cycle(framework):
    call_command("seed_synthetic", "--economies", "2", "--cycles", "2", "--first-cycle", "2030", "--scratch")
    found = sorted(Assessment.objects.values_list("cycle", "programme_cycle__year", "programme_cycle__status"))
    assert found == [(2030, 2030, "published")] * 2 + [(2031, 2031, "published")] * 2
