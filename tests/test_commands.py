"""Machine interfaces: export_framework, score, import_assessment."""

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
    assert document["areas"][0] == {
        "code": "SW",
        "score": 75.0,
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


def test_import_refuses_a_submitted_assessment(answer_file, submitted):
    with pytest.raises(CommandError, match="read-only"):
        call_command("import_assessment", str(answer_file(answers={"SW-1": 0})))
    assert Answer.objects.get(assessment=submitted, indicator__code="SW-1").value == "3"


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
