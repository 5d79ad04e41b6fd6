"""Independent reference data: loading, the value for a cycle, and agreement with the self-assessment."""

import csv
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from assessment.compare import reference
from assessment.framework.loaders import DocumentError, load_reference_indicators
from assessment.models import Economy, ReferenceIndicator

from .latin_text import HAN

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "reference_indicators.csv"
URL = "https://example.org/tfi.csv"


def row(economy="CT", year="2022", value="1.6", **overrides):
    return {"source": "OECD TFI", "source_zh": "OECD 貿易便捷化指標", "year": year, "economy": economy,
            "measure": "composite", "measure_zh": "綜合指標", "value": value, "scale": "0-2",
            "url": URL} | overrides  # fmt: skip


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (row(value="2.5"), "outside the scale"),
        (row(economy="XX"), "no economy"),
        (row(url="http://example.org"), "https address"),
        (row(year="recent"), "must be numbers"),
        (row(source_zh="指" * 101), "source_zh: at most 100 characters"),
    ],
)
def test_a_bad_row_refuses_the_whole_file(chinese_taipei, bad, message):
    with pytest.raises(DocumentError, match=message):
        load_reference_indicators([row(), bad])
    assert not ReferenceIndicator.objects.exists()


def test_a_cycle_shows_the_latest_value_published_by_then(chinese_taipei):
    load_reference_indicators(
        [row(year="2019", value="1.5"), row(year="2022", value="1.6"), row(year="2024", value="1.9")]
    )
    (column,) = reference.columns_for(2023, ["CT"])
    assert (column.values["CT"], column.years["CT"]) == (1.6, 2022)


def test_agreement_gives_spearman_and_no_flag_when_the_rankings_disagree_overall():
    column = reference.ReferenceColumn("OECD TFI", "composite", "0-2", values={"A": 1.9, "B": 1.5, "C": 1.2, "D": 0.8})
    result = reference.agreement({"A": 20.0, "B": 60.0, "C": 55.0, "D": 90.0}, column)
    # rank differences 3, 0, 0, 3: rho = 1 - 6 × 18 / (4 × 15) = -0.8
    assert result.spearman == -0.8
    assert reference.agreement_reading(result.spearman) == "opposite"
    assert result.disagreements == []


def test_agreement_flags_only_economies_a_third_of_the_field_apart_when_the_rankings_agree():
    codes = [f"E{n:02}" for n in range(12)]
    own = {code: 100.0 - n for n, code in enumerate(codes)}  # E00 first … E11 last
    values = {code: 12.0 - n for n, code in enumerate(codes)}
    values["E01"], values["E05"] = values["E05"], values["E01"]  # 4 places apart: not more than 12 / 3
    values["E02"], values["E09"] = values["E09"], values["E02"]  # 7 places apart: flagged
    result = reference.agreement(own, reference.ReferenceColumn("OECD TFI", "composite", "0-2", values=values))
    assert reference.agreement_reading(result.spearman) == "some"
    assert [(d.economy, d.own_rank, d.reference_rank) for d in result.disagreements] == [
        ("E02", 3, 10),
        ("E09", 10, 3),
    ]


@pytest.mark.parametrize(
    ("rho", "reading"), [(0.8, "strong"), (0.6, "strong"), (0.45, "some"), (0.1, "weak"), (-0.29, "weak")]
)
def test_the_rank_correlation_is_read_in_words_by_its_stated_thresholds(rho, reading):
    assert reference.agreement_reading(rho) == reading


def test_the_compare_page_shows_reference_columns_on_request(client, validated, validated_other):
    load_reference_indicators([row(economy="CT", value="1.6"), row(economy="SGP", value="1.8")])
    page = client.get(reverse("compare"), {"cycle": 2025, "reference": "on"}).content.decode()
    assert 'data-testid="reference-column"' in page and ">1.8<" in page
    assert 'data-testid="reference-column"' not in client.get(reverse("compare"), {"cycle": 2025}).content.decode()


def test_a_file_without_the_chinese_labels_is_refused(chinese_taipei):
    english_only = {name: value for name, value in row().items() if not name.endswith("_zh")}
    with pytest.raises(DocumentError, match="the columns must be source,source_zh,"):
        load_reference_indicators([english_only])


def test_an_empty_chinese_label_falls_back_to_the_english(chinese_taipei):
    load_reference_indicators([row(source_zh="", measure_zh="")])
    indicator = ReferenceIndicator.objects.get()
    with translation.override("zh-hant"):
        assert (indicator.source, indicator.measure) == ("OECD TFI", "composite")


def test_the_compare_page_labels_the_reference_column_in_chinese(client, validated, validated_other):
    load_reference_indicators([row(economy="CT", year="2019"), row(economy="SGP", value="1.8")])
    client.post(reverse("set_language"), {"language": "zh-hant", "next": "/"})
    page = client.get(reverse("compare"), {"cycle": 2025, "reference": "on"}).content.decode()
    assert (
        'data-testid="reference-column">OECD 貿易便捷化指標（2019–2022）<br>'
        '<span class="small fw-normal text-body-secondary">綜合指標；尺度 0-2，數值越高越好</span></th>'
    ) in page


def test_the_economy_page_lists_its_reference_values_in_chinese(client, chinese_taipei):
    load_reference_indicators([row()])
    client.post(reverse("set_language"), {"language": "zh-hant", "next": "/"})
    page = client.get(reverse("economy", kwargs={"code": "CT"})).content.decode()
    assert f'<td><a href="{URL}" rel="noopener noreferrer">OECD 貿易便捷化指標</a></td><td>綜合指標</td>' in page


def test_the_economy_page_lists_its_reference_values_with_their_source(client, chinese_taipei):
    load_reference_indicators([row()])
    page = client.get(reverse("economy", kwargs={"code": "CT"})).content.decode()
    assert 'data-testid="reference-values"' in page and URL in page


def test_the_shipped_file_covers_the_21_economies_with_a_source_for_every_value():
    rows = list(csv.DictReader(FIXTURE.open(encoding="utf-8")))
    assert all(r["url"].startswith("https://") and r["source"] and r["measure"] for r in rows)
    assert {r["year"] for r in rows} == {"2017", "2019", "2022"}
    assert len({r["economy"] for r in rows}) == 21


def test_every_shipped_label_has_its_chinese():
    rows = list(csv.DictReader(FIXTURE.open(encoding="utf-8")))
    assert all(re.search(f"[{HAN}]", r["source_zh"]) and re.search(f"[{HAN}]", r["measure_zh"]) for r in rows)


def test_load_framework_loads_them(db):
    from django.core.management import call_command

    call_command("load_framework", verbosity=0)
    assert ReferenceIndicator.objects.count() == 63
    assert Economy.objects.get(code="CT").reference_indicators.get(year=2022).value == 1.608


def test_every_shipped_measure_states_its_scale_direction_and_scope_in_both_languages():
    for row in csv.DictReader(FIXTURE.open(encoding="utf-8")):
        assert all(words in row["measure"] for words in ("0–2", "2 = best", "all of trade facilitation")), row
        assert all(words in row["measure_zh"] for words in ("0–2", "2 為最佳", "貿易便捷化全貌")), row


def test_the_shipped_values_cite_the_oecd_page_and_the_copy_they_were_transcribed_from():
    rows = list(csv.DictReader(FIXTURE.open(encoding="utf-8")))
    assert {r["url"] for r in rows} == {"https://www.oecd.org/trade/facilitation/indicators.htm"}
    assert all(r["copy_url"].startswith("https://github.com/mjboulanger/governance-framework/") for r in rows)


def test_the_compare_heading_names_the_measure_and_the_copy_is_linked(client, validated, validated_other):
    copy = "https://example.org/copy.csv"
    load_reference_indicators(
        [row(economy="CT", measure="composite, 0–2, 2 = best", copy_url=copy), row(economy="SGP", copy_url=copy)]
    )
    page = client.get(reverse("compare"), {"cycle": 2025, "reference": "on"}).content.decode()
    assert "composite, 0–2, 2 = best" in page
    assert f'href="{copy}" rel="noopener noreferrer" data-testid="copy-url">' in page


def test_a_copy_address_must_be_https(chinese_taipei):
    with pytest.raises(DocumentError, match="https address"):
        load_reference_indicators([row(copy_url="http://example.org/copy.csv")])


def test_the_methodology_says_the_un_global_survey_does_not_cover_chinese_taipei():
    docs = Path(settings.BASE_DIR) / "docs"
    assert "does not cover Chinese Taipei" in (docs / "methodology.md").read_text(encoding="utf-8")
    assert "未涵蓋中華臺北" in (docs / "methodology.zh-hant.md").read_text(encoding="utf-8")


def test_the_single_window_weight_rests_on_recommendation_33_and_the_tfa_not_on_line_221():
    for path in sorted((Path(settings.BASE_DIR) / "fixtures").glob("framework-*.json")):
        sw = json.loads(path.read_text(encoding="utf-8"))["areas"][0]
        assert "Recommendation 33" in sw["weight_rationale"] and "Art. 10.4" in sw["weight_rationale"], path.name
        assert "does not rest on the report's finding" in sw["weight_rationale"], path.name


def test_the_compare_page_reads_the_correlation_in_words_and_names_flagged_economies(client, framework, db):
    from assessment.models import Assessment, Economy

    from .conftest import answer_all

    rows = []
    for n in range(12):
        economy = Economy.objects.create(code=f"E{n:02}", name=f"Economy {n}")
        assessment = Assessment.objects.create(
            economy=economy, cycle=2025, framework=framework, status=Assessment.Status.VALIDATED
        )
        answer_all(assessment, 4 - n // 3)  # four groups of equal scores
        swapped = {0: 6, 6: 0}.get(n, n)  # the first and the seventh swap places in the reference
        rows.append(row(economy=economy.code, value=str(2 - swapped / 10)))
    load_reference_indicators(rows)
    page = client.get(reverse("compare"), {"cycle": 2025, "reference": "on"}).content.decode()
    assert 'data-testid="agreement-reading"' in page and "The two rankings" in page
    assert "The two rankings agree" in page
    assert "more than 4 places" in page
    assert "Economy 0 (E00): rank 1 here, 7 in the reference" in page
    assert "Economy 6 (E06): rank 7 here, 1 in the reference" in page
    assert "The two rankings agree" in page
    assert "more than 4 places" in page
    assert "Economy 0 (E00): rank 1 here, 7 in the reference" in page
    assert "Economy 6 (E06): rank 7 here, 1 in the reference" in page
