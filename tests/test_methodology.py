"""docs/methodology.md and the engine agree: the worked example is recomputed from the page."""

import json
import re
from pathlib import Path

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
