"""Prerequisites in the framework content: loaded and checked, exported, shipped with their sources."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from assessment.framework.loaders import DocumentError, load_prerequisites
from assessment.models import Prerequisite

FIXTURES = Path(settings.BASE_DIR) / "fixtures"


def row(indicator="SW-1", level=2, needs_indicator="BL-1", needs_level=1, **extra):
    return {
        "indicator": indicator,
        "level": level,
        "needs_indicator": needs_indicator,
        "needs_level": needs_level,
        "why": "Because the report says so.",
        "why_zh": "因為報告如此說明。",
        "source": "Report line 1",
        **extra,
    }


def test_prerequisites_load_in_both_languages(framework):
    assert load_prerequisites({"framework": "T.1", "prerequisites": [row()]}) == 1
    stored = Prerequisite.objects.get()
    assert (stored.indicator.code, stored.level, stored.needs.code, stored.needs_level) == ("SW-1", 2, "BL-1", 1)
    assert (stored.why_en, stored.why_zh_hant) == ("Because the report says so.", "因為報告如此說明。")


def test_loading_again_replaces_the_prerequisites(framework):
    load_prerequisites({"framework": "T.1", "prerequisites": [row(), row("SW-2")]})
    load_prerequisites({"framework": "T.1", "prerequisites": [row("SW-3")]})
    assert list(Prerequisite.objects.values_list("indicator__code", flat=True)) == ["SW-3"]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([row(), row("BL-1", 1, "SW-1", 2)], "cycle: BL-1:1 → SW-1:2 → BL-1:1"),
        ([row(needs_indicator="XX-9")], "no indicator 'XX-9'"),
        ([row(level=5)], "level 5 is not 1–4"),
        ([row(needs_level=0)], "level 0 is not 1–4"),
        ([row(why="")], "needs its reason"),
        ([{"indicator": "SW-1", "level": 2}], "needs indicator, level, needs_indicator, needs_level"),
    ],
)
def test_a_bad_prerequisite_is_refused_naming_it_and_nothing_is_saved(framework, rows, message):
    load_prerequisites({"framework": "T.1", "prerequisites": [row("SW-3")]})
    with pytest.raises(DocumentError, match=message):
        load_prerequisites({"framework": "T.1", "prerequisites": rows})
    assert list(Prerequisite.objects.values_list("indicator__code", flat=True)) == ["SW-3"]


def test_prerequisites_of_an_unknown_version_are_refused(framework):
    with pytest.raises(DocumentError, match="no framework version '9.9'"):
        load_prerequisites({"framework": "9.9", "prerequisites": [row()]})


def test_load_framework_refuses_a_cycle_in_a_fixture_naming_it(db, tmp_path):
    for path in FIXTURES.glob("*.json"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    document = json.loads((FIXTURES / "prerequisites-2024.1.json").read_text(encoding="utf-8"))
    document["prerequisites"].append(row("SW-1", 1, "BL-5", 2))
    document["prerequisites"].append(row("BL-1", 1, "SW-2", 2))
    (tmp_path / "prerequisites-2024.1.json").write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(CommandError, match="cycle: BL-1:1 → SW-2:2 → SW-1:1 → BL-5:2 → BL-1:2 → BL-1:1"):
        call_command("load_framework", "--fixtures", str(tmp_path))


def test_export_framework_carries_the_prerequisites(framework, capsys):
    load_prerequisites({"framework": "T.1", "prerequisites": [row()]})
    call_command("export_framework")
    exported = json.loads(capsys.readouterr().out)["prerequisites"]
    assert exported == [
        {
            "indicator": "SW-1",
            "level": 2,
            "needs_indicator": "BL-1",
            "needs_level": 1,
            "why": "Because the report says so.",
            "source": "Report line 1",
        }
    ]


@pytest.fixture
def shipped(db):
    call_command("load_framework")


def test_the_shipped_prerequisites_load_for_the_current_version(shipped):
    pairs = {
        (p.indicator.code, p.level, p.needs.code, p.needs_level)
        for p in Prerequisite.objects.filter(indicator__area__framework__version="2024.1")
    }
    # the three of the issue: ML risk scoring, electronic bills of lading, cross-border exchange
    assert {("AI-7", 2, "AI-1", 2), ("AI-7", 2, "SW-3", 2), ("BL-5", 2, "BL-1", 2), ("SW-5", 2, "SW-2", 2)} <= pairs


def test_every_shipped_prerequisite_names_its_source_and_cites_report_lines_that_exist():
    document = json.loads((FIXTURES / "prerequisites-2024.1.json").read_text(encoding="utf-8"))
    report = Path(settings.BASE_DIR).parent / "shared" / "sources" / "000_792526926c5717d8.txt"
    for prerequisite in document["prerequisites"]:
        assert prerequisite["source"] and prerequisite["why"] and prerequisite["why_zh"]
        if prerequisite["source"].startswith("Report line") and report.exists():
            line = int(prerequisite["source"].split()[2])
            assert report.read_text(encoding="utf-8").split("\n")[line - 1].strip()


def test_the_questionnaire_shows_a_prerequisite_beside_the_level_it_guards(alice_client, draft):
    load_prerequisites({"framework": "T.1", "prerequisites": [row()]})
    page = alice_client.get(f"/assessments/{draft.pk}/areas/SW/").content.decode()
    note = page[page.index('data-testid="prerequisite-SW-1-2"') :]
    assert "Needs BL-1 at level 1 first. Because the report says so." in note[:300]
    assert page.index('value="2" id="id_SW-1__value_2"') < page.index('data-testid="prerequisite-SW-1-2"')
    assert page.index('data-testid="prerequisite-SW-1-2"') < page.index('value="3" id="id_SW-1__value_3"')


def test_the_questionnaire_shows_the_reason_in_chinese(alice_client, draft):
    load_prerequisites({"framework": "T.1", "prerequisites": [row()]})
    alice_client.post("/i18n/setlang/", {"language": "zh-hant", "next": "/"})
    page = alice_client.get(f"/assessments/{draft.pk}/areas/SW/").content.decode()
    assert "因為報告如此說明。" in page
