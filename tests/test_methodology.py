"""docs/methodology.md and the engine agree: the worked example is recomputed from the page."""

import json
import re
from pathlib import Path

import pytest

from assessment import scoring
from assessment.scoring import AreaSpec, FrameworkSpec, IndicatorSpec

METHODOLOGY = Path(__file__).resolve().parent.parent / "docs" / "methodology.md"


def worked_example() -> dict:
    text = METHODOLOGY.read_text(encoding="utf-8")
    block = re.search(r"<!-- worked-example -->\s*```json\n(.*?)```", text, re.DOTALL)
    assert block, "the worked example block is missing from docs/methodology.md"
    return json.loads(block.group(1))


def test_the_worked_example_recomputes():
    example = worked_example()
    spec = FrameworkSpec(
        "example",
        tuple(
            AreaSpec(area["code"], area["weight"], tuple(IndicatorSpec(code, w) for code, w in area["indicators"]))
            for area in example["areas"]
        ),
    )
    profile = scoring.score_assessment(spec, example["answers"])
    document = scoring.profile_as_dict(profile, "XX", 2025)
    expected = example["expected"]
    assert document["overall"] == expected["overall"]
    for area in document["areas"]:
        assert {key: area[key] for key in ("score", "maturity", "stage")} == expected["areas"][area["code"]]
    assert document["completeness"] == expected["completeness"]
    assert document["dont_know_share"] == expected["dont_know_share"]


def test_the_stage_table_matches_the_engine():
    text = METHODOLOGY.read_text(encoding="utf-8")
    for name in scoring.STAGE_NAMES:
        assert f"| {name} |" in text


def test_the_page_names_the_framework_version_in_use(client, framework):
    from .conftest import make_framework

    make_framework(version="T.0", current=False)
    page = client.get("/methodology/").content.decode()
    assert "Framework in use for new assessments: version T.1." in page
    assert "earlier version (T.0)" in page


def test_the_bounds_example_recomputes():
    text = METHODOLOGY.read_text(encoding="utf-8")
    block = re.search(r"<!-- bounds-example -->\s*```json\n(.*?)```", text, re.DOTALL)
    assert block, "the bounds example block is missing from docs/methodology.md"
    example, areas = json.loads(block.group(1)), worked_example()["areas"]
    spec = FrameworkSpec(
        "example",
        tuple(
            AreaSpec(area["code"], area["weight"], tuple(IndicatorSpec(code, w) for code, w in area["indicators"]))
            for area in areas
        ),
    )
    document = scoring.profile_as_dict(scoring.score_assessment(spec, example["answers"]), "XX", 2025)
    keys = ("score", "score_low", "score_high")
    assert {key: document["overall"][key] for key in keys} == example["expected"]["overall"]
    for area in document["areas"]:
        assert {key: area[key] for key in keys} == example["expected"]["areas"][area["code"]]


def methodology_page(client) -> str:
    return client.get("/methodology/").content.decode()


def test_the_page_shows_real_tables_that_scroll_on_a_phone(client, framework):
    page = methodology_page(client)
    assert '<div class="table-responsive"><table class="table table-sm table-bordered">' in page
    assert "<th>maturity</th>" in page and "<td>Not started</td>" in page


def test_fenced_code_renders_as_a_code_block():
    from assessment.framework.documents import for_readers

    html = for_readers('Data:\n\n```json\n{"a": 1}\n```\n')
    assert '<pre><code class="language-json">{&quot;a&quot;: 1}' in html


@pytest.mark.parametrize(
    "developer_note",
    [
        "assessment/scoring.py",
        "tests/test_methodology.py",
        "fixtures/framework-20",
        "fixtures/reference_indicators.csv",
        "export_framework",
        "load_framework",
        "RANK_MIN_COMPLETENESS",
        "the test reads this block",
    ],
)
def test_the_page_leaves_out_what_only_developers_need(client, framework, developer_note):
    assert developer_note in METHODOLOGY.read_text(encoding="utf-8")  # the file still documents the code
    assert developer_note not in methodology_page(client)


def test_the_page_keeps_the_worked_example_in_words(client, framework):
    page = methodology_page(client)
    assert "SW = 100 × (3 + 0 + 1) / (3 + 1 + 2) = 66.67" in page
    assert '"dont_know_share"' not in page


def test_the_page_states_the_profiles_rule_for_strengths_weakest_and_dont_know(client, framework):
    page = methodology_page(client)
    assert "never among the weakest" in page
    assert 'never as "level 0"' in page
