"""The shipped content: economies, framework, best practices and the illustrative demo."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from assessment.models import Assessment, BestPractice, Economy, Framework, Indicator

from .latin_text import HAN

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
REPORT = Path(settings.BASE_DIR).parent / "shared" / "sources" / "000_792526926c5717d8.txt"
APEC_CODES = "AUS BD CDA CHL PRC HKC INA JPN ROK MAS MEX NZ PNG PE RP RUS SGP CT THA USA VN".split()


@pytest.fixture
def loaded(db):
    call_command("load_framework")
    call_command("load_demo")


def report_lines() -> list[str]:
    if not REPORT.exists():
        pytest.skip(f"the report is not beside the repository at {REPORT}")
    return REPORT.read_text(encoding="utf-8").split("\n")


def test_the_21_apec_economies_load_with_both_names(loaded):
    assert sorted(Economy.objects.values_list("code", flat=True)) == sorted(APEC_CODES)
    assert not Economy.objects.filter(name_zh="").exists()


def test_the_framework_has_five_areas_of_at_least_five_indicators(loaded):
    framework = Framework.objects.get(is_current=True)
    areas = list(framework.areas.order_by("order"))
    assert [area.code for area in areas] == ["SW", "DM", "AI", "EP", "BL"]
    for area in areas:
        assert area.indicators.count() >= 5, area.code
        assert area.weight_rationale


def test_every_indicator_describes_five_levels_and_explains_its_weight(loaded):
    for indicator in Indicator.objects.all():
        levels = indicator.levels_en
        assert len(levels) == 5 and all(len(text) > 20 for text in levels), indicator.code
        if indicator.levels_zh_hant:
            assert len(indicator.levels_zh_hant) == 5 and all(indicator.levels_zh_hant), indicator.code
        assert indicator.weight_rationale, indicator.code


def test_the_methodology_states_the_area_weights_in_use(loaded):
    text = (Path(settings.BASE_DIR) / "docs" / "methodology.md").read_text(encoding="utf-8")
    for area in Framework.objects.get(is_current=True).areas.all():
        assert re.search(rf"\| {area.code} \| [^|]+ \| {float(area.weight):g} \|", text), area.code


def test_there_are_at_least_25_best_practices_covering_every_area(loaded):
    current = Framework.objects.get(is_current=True)
    assert BestPractice.objects.filter(area__framework=current).count() >= 25
    for code in ["SW", "DM", "AI", "EP", "BL"]:
        # The report holds one item on bills of lading (Peru's proposal, line 127), and no more is invented.
        assert BestPractice.objects.filter(area__framework=current, area__code=code).exists(), code


def test_every_best_practice_has_a_kind_and_only_practices_and_results_are_peers(loaded):
    kinds = set(BestPractice.objects.values_list("kind", flat=True))
    assert kinds <= {"practice", "result", "plan", "finding"} and {"practice", "finding"} <= kinds


def test_every_best_practice_quotes_the_line_it_cites():
    lines = report_lines()
    for practice in json.loads((FIXTURES / "best_practices.json").read_text(encoding="utf-8")):
        assert practice["section"], practice["title"]
        assert len(practice["quote"]) >= 8, practice["title"]
        assert practice["quote"] in lines[practice["line"] - 1], practice["title"]


def best_practices() -> list[dict]:
    return json.loads((FIXTURES / "best_practices.json").read_text(encoding="utf-8"))


def test_every_best_practice_names_its_source_in_chinese():
    missing = [p["source"] for p in best_practices() if not re.search(f"[{HAN}]", p.get("source_zh", ""))]
    assert not missing, missing


def test_a_source_that_is_an_economys_name_is_its_chinese_name():
    chinese = {row["name"]: row["name_zh"] for row in json.loads((FIXTURES / "economies.json").read_text("utf-8"))}
    named = [(p["source"], p["source_zh"]) for p in best_practices() if p["source"] in chinese]
    assert named and all(source_zh == chinese[source] for source, source_zh in named), named


# How the report names each economy, beyond the Chinese names in economies.json.
REPORT_NAMES = {"CT": ["我國"], "AUS": ["澳方", "澳大利亞"], "HKC": ["香港"]}
# Line 221 states that every member economy has built a single window.
ALL_MEMBERS_LINE = 221


def demo_files() -> list[Path]:
    return [path for folder in sorted(FIXTURES.glob("demo*")) for path in sorted(folder.glob("*.json"))]


@pytest.mark.parametrize("path", demo_files(), ids=lambda path: f"{path.parent.name}/{path.stem}")
def test_every_demo_answer_cites_a_line_about_its_economy(path):
    lines = report_lines()
    economies = {row["code"]: row for row in json.loads((FIXTURES / "economies.json").read_text(encoding="utf-8"))}
    demo = json.loads(path.read_text(encoding="utf-8"))
    names = [economies[demo["economy"]]["name_zh"], *REPORT_NAMES.get(demo["economy"], [])]
    assert demo["illustrative"] is True
    for code, given in demo["answers"].items():
        cited = re.match(r"Report line (\d+):", given["evidence"])
        assert cited, code
        line = int(cited.group(1))
        # The economy is named on the cited line or in the heading just above it.
        context = "".join(lines[line - 3 : line])
        assert any(name in context for name in names), (code, line)
        # Line 221's sentence that every member economy has a single window proves nothing about
        # one economy's single window; the same line's sentences naming an economy's risk tools do.
        if line == ALL_MEMBERS_LINE:
            assert not code.startswith("SW-") and any(name in lines[line - 1] for name in names), (code, line)


def test_demo_assessments_are_illustrative_and_leave_unstated_indicators_unanswered(loaded):
    demos = Assessment.objects.filter(cycle=2023)
    assert demos.count() == len(demo_files())
    latest = max(demos.values_list("version", flat=True))
    for demo in demos:
        assert demo.is_illustrative
        assert demo.answers.count() < Indicator.objects.filter(area__framework=demo.framework).count()
        # An earlier version may be left empty where the one rating rule removed its only answer
        # (docs/content-2025.1.md §3); the version shown today answers something.
        assert demo.version < latest or demo.answers.exists()


@pytest.mark.parametrize(("version", "framework", "older"), [(2, "2024.1", "2023.1"), (3, "2025.1", "2024.1")])
def test_each_economy_has_each_rating_superseded_by_the_next_rerating(loaded, version, framework, older):
    for rerating in Assessment.objects.filter(cycle=2023, version=version):
        assert rerating.framework.version == framework
        assert (rerating.supersedes.version, rerating.supersedes.framework.version) == (version - 1, older)
    economies = len(list((FIXTURES / "demo").glob("*.json")))
    assert Assessment.objects.filter(cycle=2023, version=version).count() == economies


def test_framework_2025_1_is_current_and_the_older_versions_stay(loaded):
    assert Framework.objects.get(is_current=True).version == "2025.1"
    assert Framework.objects.filter(version__in=["2023.1", "2024.1"]).count() == 2


def framework_documents() -> list[dict]:
    return [json.loads(path.read_text(encoding="utf-8")) for path in sorted(FIXTURES.glob("framework-*.json"))]


@pytest.mark.parametrize("document", framework_documents(), ids=lambda document: document["version"])
def test_no_indicator_repeats_a_level_text_and_every_reference_has_a_source(document):
    for area in document["areas"]:
        for indicator in area["indicators"]:
            levels = [" ".join(text.split()).lower() for text in indicator["levels"]]
            assert len(set(levels)) == len(levels), indicator["code"]
            for reference in indicator.get("references", []):
                assert reference.get("source") and reference.get("ref"), indicator["code"]


@pytest.mark.parametrize("document", framework_documents(), ids=lambda document: document["version"])
def test_every_reference_has_its_chinese_title(document):
    missing = [
        (indicator["code"], reference["ref"])
        for area in document["areas"]
        for indicator in area["indicators"]
        for reference in indicator.get("references", [])
        if not reference.get("ref_zh", "").strip()
    ]
    assert missing == []


@pytest.mark.parametrize("document", framework_documents(), ids=lambda document: document["version"])
def test_deferred_payment_cites_tfa_article_7_7_3_d(document):
    ep4 = next(i for a in document["areas"] for i in a["indicators"] if i["code"] == "EP-4")
    refs = " ".join(r["ref"] for r in ep4["references"] if r["source"] == "WTO TFA")
    assert "7.7.3(d)" in refs and "7.7.3(b)" not in refs


@pytest.mark.parametrize(("old", "new"), [("2023.1", "2024.1"), ("2024.1", "2025.1")])
def test_each_crosswalk_maps_every_indicator_of_both_versions(loaded, old, new):
    from assessment.models import IndicatorMapping

    older = set(Indicator.objects.filter(area__framework__version=old).values_list("code", flat=True))
    newer = set(Indicator.objects.filter(area__framework__version=new).values_list("code", flat=True))
    mappings = IndicatorMapping.objects.select_related("source", "target").filter(target__area__framework__version=new)
    assert {m.source.code for m in mappings if m.source} == older
    assert {m.target.code for m in mappings} == newer


GOLDEN = Path(__file__).parent / "golden"


def shipped_scores(version: str) -> dict:
    from assessment.answers.selectors import scored_assessment

    scores = {}
    for assessment in Assessment.objects.filter(framework__version=version).select_related("economy", "framework"):
        profile = scored_assessment(assessment).profile
        key = f"{assessment.economy.code} {assessment.cycle} v{assessment.version}"
        scores[key] = {"overall": profile.overall.score} | {a.code: a.rating.score for a in profile.areas}
    return scores


@pytest.mark.parametrize("version", ["2023.1", "2024.1", "2025.1"])
def test_the_shipped_assessments_of_each_version_score_as_pinned(loaded, version):
    pinned = GOLDEN / f"shipped_{version.replace('.', '_')}_scores.json"
    assert shipped_scores(version) == json.loads(pinned.read_text(encoding="utf-8"))


def test_loading_twice_changes_nothing(loaded):
    counts = (BestPractice.objects.count(), Indicator.objects.count(), Assessment.objects.count())
    call_command("load_framework")
    call_command("load_demo")
    assert (BestPractice.objects.count(), Indicator.objects.count(), Assessment.objects.count()) == counts


def test_no_shipped_economy_below_the_threshold_has_a_rank_by_default(loaded, client):
    from django.conf import settings

    document = client.get("/api/compare.json", {"cycle": 2023}).json()
    assert document["economies"]
    for row in document["economies"]:
        if row["completeness"] < settings.RANK_MIN_COMPLETENESS:
            assert (row["ranked"], row["rank"], row["rank_low"]) == (False, None, None), row["economy"]


def test_a_best_practice_and_an_answer_on_the_same_line_agree_or_say_why():
    practices = json.loads((FIXTURES / "best_practices.json").read_text(encoding="utf-8"))
    for path in sorted(FIXTURES.glob("demo-*/*.json")):
        demo = json.loads(path.read_text(encoding="utf-8"))
        for code, given in demo["answers"].items():
            line = int(re.match(r"Report line (\d+):", given["evidence"]).group(1))
            # A plan or a finding claims no level reached; practices and results do.
            for practice in [p for p in practices if p["kind"] in ("practice", "result")]:
                ours = demo["economy"] in practice["economies"]
                same = ours and (practice["line"], practice["area"]) == (line, code[:2])
                if same and practice["level"] != given["level"]:
                    assert "best practice" in given["comment"].lower(), (path.stem, code, line)


@pytest.mark.parametrize(("version", "indicators"), [("2023.1", 28), ("2024.1", 32), ("2025.1", 32)])
def test_both_versions_export_and_score(loaded, capsys, tmp_path, version, indicators):
    call_command("export_framework", "--version", version)
    document = json.loads(capsys.readouterr().out)
    assert sum(len(area["indicators"]) for area in document["areas"]) == indicators
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"economy": "CT", "cycle": 2030, "framework": version, "answers": {"SW-2": 3}}))
    call_command("score", str(path))
    assert json.loads(capsys.readouterr().out)["framework"] == version


def test_a_best_practice_text_longer_than_its_column_is_refused(framework):
    from assessment.framework.loaders import DocumentError, load_best_practices

    row = {"area": "SW", "level": 2, "title": "t", "summary": "s", "section": "§", "line": 1, "source": "x" * 201}
    with pytest.raises(DocumentError, match=r"\[0\]\.source: at most 200 characters"):
        load_best_practices(framework, [row])


def test_a_chinese_source_longer_than_its_column_is_refused(framework):
    from assessment.framework.loaders import DocumentError, load_best_practices

    row = {"area": "SW", "level": 2, "title": "t", "summary": "s", "section": "§", "line": 1, "source": "x",
           "source_zh": "新" * 201}  # fmt: skip
    with pytest.raises(DocumentError, match=r"\[0\]\.source_zh: at most 200 characters"):
        load_best_practices(framework, [row])
