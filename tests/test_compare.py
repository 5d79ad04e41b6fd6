"""The compare page, its JSON and exports: public assessments only, ranked, queries bounded."""

import csv
import io
import re

import openpyxl
import pytest
from django.urls import reverse

from assessment.models import Assessment, Economy, WeightProfile

from .conftest import answer_all


@pytest.fixture
def peers(framework, validated, validated_other):
    """CT at 75 everywhere, SGP at 50 everywhere, both validated in 2025."""
    return [validated, validated_other]


def after_about(content: str):
    """A CSV export's lines after its first, the About line: one quoted field, "# Table: …; Cycle: …"."""
    lines = io.StringIO(content)
    (about,) = next(csv.reader(lines))
    assert about.startswith("# ")
    return lines


def compare_json(client, **params):
    return client.get(reverse("compare_json"), params).json()


def test_the_table_ranks_submitted_economies(client, peers):
    document = compare_json(client, cycle=2025)
    assert [(row["economy"], row["overall"], row["rank"]) for row in document["economies"]] == [
        ("CT", 75.0, 1),
        ("SGP", 50.0, 2),
    ]


def test_drafts_of_any_economy_are_never_compared(alice_client, draft, validated_other):
    answer_all(draft, 4)
    economies = [row["economy"] for row in compare_json(alice_client, cycle=2025)["economies"]]
    assert economies == ["SGP"]


def test_illustrative_rows_are_compared_and_marked(client, draft, validated_other):
    Assessment.objects.filter(pk=draft.pk).update(is_illustrative=True)
    response = client.get(reverse("compare"), {"cycle": 2025})
    assert 'data-testid="illustrative-banner"' in response.content.decode()
    statuses = {row["economy"]: row["status"] for row in compare_json(client, cycle=2025)["economies"]}
    assert statuses == {"CT": "illustrative", "SGP": "validated"}


def test_a_chosen_selection_limits_the_economies(client, peers):
    rows = compare_json(client, cycle=2025, economies="SGP")["economies"]
    assert [row["economy"] for row in rows] == ["SGP"]


def test_each_rank_comes_with_its_robustness_interval(client, peers):
    rows = compare_json(client, cycle=2025)["economies"]
    assert [(row["rank_low"], row["rank_high"]) for row in rows] == [(1, 1), (2, 2)]


def test_equal_weights_rescore_the_overall(client, framework, validated):
    # SW all 4 (100) and BL all 0 (0): default 60/40 gives 60, equal weights 50.
    validated.answers.filter(indicator__area__code="SW").update(value="4")
    validated.answers.filter(indicator__area__code="BL").update(value="0")
    assert compare_json(client, cycle=2025)["economies"][0]["overall"] == 60.0
    assert compare_json(client, cycle=2025, weights="equal")["economies"][0]["overall"] == 50.0


def test_a_stored_weight_profile_can_be_chosen(client, framework, validated):
    validated.answers.filter(indicator__area__code="SW").update(value="4")
    validated.answers.filter(indicator__area__code="BL").update(value="0")
    WeightProfile.objects.create(framework=framework, slug="bl-heavy", name="B/L heavy", weights={"SW": 1, "BL": 3})
    assert compare_json(client, cycle=2025, weights="bl-heavy")["economies"][0]["overall"] == 25.0


def test_a_stored_weight_profile_is_named_in_the_readers_language(client, framework, validated):
    WeightProfile.objects.create(
        framework=framework, slug="bl-heavy", name_en="B/L heavy", name_zh_hant="偏重電子提單", weights={"BL": 3}
    )
    page = client.get(reverse("compare"), {"cycle": 2025}, HTTP_ACCEPT_LANGUAGE="zh-hant").content.decode()
    assert "偏重電子提單" in page
    assert "B/L heavy" not in page


def test_sorting_by_an_area_orders_the_rows(client, peers):
    peers[1].answers.filter(indicator__area__code="BL").update(value="4")
    page = client.get(reverse("compare"), {"cycle": 2025, "sort": "BL"}).content.decode()
    assert page.index('data-economy="SGP"') < page.index('data-economy="CT"')


def test_mean_and_median_rows_follow_the_selection(client, peers):
    page = client.get(reverse("compare"), {"cycle": 2025}).content.decode()
    assert 'data-summary="Mean"' in page
    assert "62.5" in page  # (75 + 50) / 2


def test_the_page_draws_a_heat_map_bars_and_a_radar(client, peers):
    page = client.get(reverse("compare"), {"cycle": 2025}).content.decode()
    for chart in ("heatmap", "bars", "compare-radar"):
        start = page.index(f'data-testid="{chart}"')
        assert "<svg" in page[start : start + 400], chart


def test_more_than_five_radar_economies_is_refused_where_chosen(client, peers):
    codes = ["CT", "SGP", "AUS", "JPN", "PE", "NZ"]
    for code in codes[2:]:
        Economy.objects.create(code=code, name=code)
    response = client.get(reverse("compare"), {"cycle": 2025, "radar": codes})
    assert response.status_code == 400
    assert "Choose at most 5 economies for the radar." in response.content.decode()


def test_an_unknown_cycle_is_refused(client, peers):
    response = client.get(reverse("compare_json"), {"cycle": 1999})
    assert response.status_code == 400
    assert "cycle" in response.json()["errors"]


def test_with_nothing_published_the_page_says_so(client, db):
    assert "No assessment has been published yet." in client.get(reverse("compare")).content.decode()


def test_the_csv_keeps_chinese_names(client, peers):
    content = client.get(reverse("compare_export", args=["csv"]), {"cycle": 2025}).content.decode("utf-8-sig")
    rows = list(csv.DictReader(after_about(content)))
    assert rows[0]["name_zh"] == "中華臺北"
    assert rows[0]["overall"] == "75.0"


def test_the_xlsx_holds_the_table(client, peers):
    response = client.get(reverse("compare_export", args=["xlsx"]), {"cycle": 2025})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    assert header[:3] == ["economy", "name", "name_zh"]
    assert sheet.cell(row=2, column=3).value == "中華臺北"


def test_the_answers_export_has_one_row_per_answer(client, peers):
    content = client.get(reverse("answers_export", args=["csv"]), {"cycle": 2025}).content.decode("utf-8-sig")
    rows = list(csv.DictReader(after_about(content)))
    assert len(rows) == 10  # 2 economies × 5 indicators
    assert {row["economy"] for row in rows} == {"CT", "SGP"}


@pytest.mark.parametrize("economy_count", [2, 12])
def test_queries_do_not_grow_with_the_number_of_economies(client, framework, django_assert_num_queries, economy_count):
    for n in range(economy_count):
        economy = Economy.objects.create(code=f"E{n}", name=f"Economy {n}")
        assessment = Assessment.objects.create(
            economy=economy, cycle=2025, framework=framework, status=Assessment.Status.VALIDATED
        )
        answer_all(assessment, n % 5)
    # the published state (the cache key), cycles, framework, its area codes, weight profiles,
    # economies (choices), assessments, answers, areas, indicators
    with django_assert_num_queries(10):
        client.get(reverse("compare"), {"cycle": 2025})


def submitted_economy(framework, code="E1", name="Economy 1"):
    """A new economy with a validated 2025 assessment, every answer at level 3."""
    assessment = Assessment.objects.create(
        economy=Economy.objects.create(code=code, name=name),
        cycle=2025,
        framework=framework,
        status=Assessment.Status.VALIDATED,
    )
    answer_all(assessment, 3)
    return assessment


def test_a_repeated_comparison_reads_only_the_published_state(client, framework, django_assert_num_queries):
    submitted_economy(framework)
    first = client.get(reverse("compare"), {"cycle": 2025}).content.decode()
    with django_assert_num_queries(1):
        again = client.get(reverse("compare"), {"cycle": 2025}).content.decode()
    assert without_csrf_tokens(again) == without_csrf_tokens(first)


def without_csrf_tokens(page: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)


def test_a_newly_submitted_assessment_shows_at_once(client, framework):
    submitted_economy(framework)
    assert "Economy 2" not in client.get(reverse("compare"), {"cycle": 2025}).content.decode()
    draft = Assessment.objects.create(
        economy=Economy.objects.create(code="E2", name="Economy 2"), cycle=2025, framework=framework
    )
    answer_all(draft, 2)
    draft.status = Assessment.Status.VALIDATED
    draft.save()
    assert "Economy 2" in client.get(reverse("compare"), {"cycle": 2025}).content.decode()


def cache_keys() -> set[str]:
    from django.core.cache import cache

    return set(cache._cache)  # the local-memory cache of the tests


def test_junk_parameters_add_nothing_to_the_cache_and_keep_the_session(alice_client, peers):
    from django.core.cache import caches

    alice_client.get(reverse("compare"), {"cycle": 2025})
    before = cache_keys()
    session_key = alice_client.session.session_key
    for n in range(1000):
        alice_client.get(reverse("compare"), {"cycle": 2025, f"junk{n}": n, "economies": ["CT", "CT", "SGP"]})
    response = alice_client.get(reverse("compare"), {"cycle": 2025} | {f"junk{n}": "x" * 50 for n in range(999)})
    assert response.status_code == 200
    # the first request's slot, plus the one of the economies CT and SGP chosen explicitly
    assert len(cache_keys() - before) == 1
    assert alice_client.session.session_key == session_key
    assert caches["sessions"].get(f"django.contrib.sessions.cached_db{session_key}") is not None


def test_junk_never_reaches_the_cached_page(client, peers):
    client.get(reverse("compare"), {"cycle": 2025, "junk": "poisoned-value"})
    assert "poisoned-value" not in client.get(reverse("compare"), {"cycle": 2025}).content.decode()


def test_an_invalid_choice_is_not_cached(client, peers):
    client.get(reverse("compare"), {"cycle": 2025, "weights": "junk"})
    before = cache_keys()
    for n in range(20):
        assert client.get(reverse("compare"), {"cycle": 2025, "weights": f"junk{n}"}).status_code == 400
    assert cache_keys() == before


def test_each_row_gives_the_bounds_of_its_overall_score(client, peers):
    from assessment.models import Answer

    Answer.objects.filter(assessment=peers[1], indicator__code="SW-1").delete()  # SGP: SW-1 (weight 3) unanswered
    row = next(r for r in compare_json(client, cycle=2025)["economies"] if r["economy"] == "SGP")
    # SW: L = 3 × 0.5 = 1.5 of K = 3, U = 3: low 25.0, high 75.0; BL 50; overall 0.6 × SW + 0.4 × 50
    assert (row["score_low"], row["score_high"]) == (35.0, 65.0)


def test_an_economy_below_the_completeness_threshold_is_listed_not_ranked(client, peers):
    from assessment.models import Answer

    Answer.objects.filter(assessment=peers[1]).exclude(indicator__code="SW-1").delete()  # SGP: 1 of 5 answered
    rows = {row["economy"]: row for row in compare_json(client, cycle=2025)["economies"]}
    assert (rows["SGP"]["ranked"], rows["SGP"]["rank"], rows["SGP"]["rank_low"]) == (False, None, None)
    assert (rows["CT"]["ranked"], rows["CT"]["rank"]) == (True, 1)
    page = client.get(reverse("compare"), {"cycle": 2025}).content.decode()
    assert "not ranked: 20.0% answered" in page


def test_provisional_ranks_can_be_shown_marked_as_such(client, peers):
    from assessment.models import Answer

    Answer.objects.filter(assessment=peers[1]).exclude(indicator__code="SW-1").delete()
    rows = {row["economy"]: row for row in compare_json(client, cycle=2025, provisional="on")["economies"]}
    assert (rows["SGP"]["ranked"], rows["SGP"]["rank"]) == (False, 2)
    page = client.get(reverse("compare"), {"cycle": 2025, "provisional": "on"}).content.decode()
    assert 'data-testid="provisional-rank"' in page


def test_a_cycle_with_nothing_published_is_an_empty_answer_not_an_error(client, peers):
    response = client.get(reverse("compare_json"), {"cycle": 2019})
    assert response.status_code == 200
    assert response.json()["economies"] == []
    assert response.json()["message"] == "No assessment is published for cycle 2019."


def test_every_refusal_names_the_parameter_and_the_reason(client, peers):
    response = client.get(reverse("compare_json"), {"cycle": "last year", "weights": "heavy"})
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"cycle", "weights"}
    assert all(problem["message"] for problems in errors.values() for problem in problems)


def test_the_page_opens_on_the_latest_cycle_with_two_economies(client, peers, framework, chinese_taipei):
    lone = Assessment.objects.create(
        economy=chinese_taipei, cycle=2026, framework=framework, status=Assessment.Status.VALIDATED
    )
    answer_all(lone, 3)
    assert compare_json(client)["cycle"] == 2025


def test_sorting_by_a_column_again_reverses_it(client, peers):
    ascending = [row["economy"] for row in compare_json(client, cycle=2025, sort="-overall")["economies"]]
    assert ascending == ["SGP", "CT"]
    page = client.get(reverse("compare"), {"cycle": 2025, "sort": "overall"}).content.decode()
    assert "sort=-overall" in page


def test_a_chosen_economy_with_nothing_published_is_named(client, peers, db):
    Economy.objects.create(code="PE", name="Peru")
    document = compare_json(client, cycle=2025, economies=["CT", "PE"])
    assert document["not_published"] == ["PE"]
    page = client.get(reverse("compare"), {"cycle": 2025, "economies": ["CT", "PE"]}).content.decode()
    assert 'data-testid="not-published"' in page


def test_the_default_radar_takes_the_most_complete_distinct_profiles():
    from assessment.reports.comparison import default_radar

    rows = [
        {"economy": "A", "completeness": 20.0, "SW": 100.0},
        {"economy": "B", "completeness": 100.0, "SW": 50.0},
        {"economy": "C", "completeness": 100.0, "SW": 50.0},  # the same profile as B
        {"economy": "D", "completeness": 80.0, "SW": 70.0},
    ]
    assert default_radar(rows, ["SW"]) == ["B", "D", "A"]


def test_every_export_states_its_cycle_and_weights_inside(client, peers):
    xlsx = client.get(reverse("compare_export", kwargs={"extension": "xlsx"}), {"cycle": 2025, "weights": "equal"})
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    assert workbook.sheetnames == ["Comparison", "About"]
    about = dict(workbook["About"].iter_rows(values_only=True))
    assert about["Cycle"] == 2025
    assert about["Weights"].startswith("Equal (equal)")
    assert workbook["Comparison"].freeze_panes == "A2"
    csv_text = client.get(reverse("answers_export", kwargs={"extension": "csv"}), {"cycle": 2025, "weights": "equal"})
    (about,) = next(csv.reader(io.StringIO(csv_text.content.decode("utf-8-sig"))))
    assert about.startswith("# Table: Customs digitalization maturity answers") and "Weights: Equal" in about


def switch_to_chinese(client):
    client.post(reverse("set_language"), {"language": "zh-hant", "next": "/"})


def export_rows(response) -> list[dict]:
    content = response.content.decode("utf-8-sig")
    return list(csv.DictReader(after_about(content)))


def xlsx_sheets(response) -> dict[str, list[tuple]]:
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in workbook}


def test_the_csv_follows_the_chinese_interface(client, peers):
    switch_to_chinese(client)
    ct = export_rows(client.get(reverse("compare_export", args=["csv"]), {"cycle": 2025}))[0]
    assert (ct["經濟體代碼"], ct["經濟體名稱"], ct["英文名稱"]) == ("CT", "中華臺北", "Chinese Taipei")
    assert (ct["狀態"], ct["階段"], ct["排名狀態"]) == ("已審定", "已建立", "列入排名")


def test_lang_chooses_the_exports_language_whatever_the_interface(client, peers):
    url = reverse("compare_export", args=["csv"])
    chinese = export_rows(client.get(url, {"cycle": 2025, "lang": "zh-hant"}))[0]
    switch_to_chinese(client)
    english = export_rows(client.get(url, {"cycle": 2025, "lang": "en"}))[0]
    assert (chinese["經濟體名稱"], chinese["階段"]) == ("中華臺北", "已建立")
    assert (english["name"], english["stage"]) == ("Chinese Taipei", "Established")


def test_an_economy_without_a_chinese_name_keeps_its_name_in_a_chinese_export(client, peers):
    Economy.objects.filter(code="SGP").update(name_zh="")
    rows = export_rows(client.get(reverse("compare_export", args=["csv"]), {"cycle": 2025, "lang": "zh-hant"}))
    assert {row["經濟體代碼"]: row["經濟體名稱"] for row in rows} == {"CT": "中華臺北", "SGP": "Singapore"}


# Codes and standard names a Chinese export keeps: economies, areas, weight profile, answer codes.
EXPORT_CODES = {"CT", "SGP", "SW", "BL", "equal", "na", "dk", "SCCP", "UTC"}


def english_words(values) -> set[str]:
    return {word for value in values if isinstance(value, str) for word in re.findall(r"[A-Za-z]{2,}", value)}


@pytest.mark.parametrize("export", ["compare_export", "answers_export"])
def test_a_chinese_xlsx_has_no_english_word_but_codes(client, peers, export):
    response = client.get(reverse(export, args=["xlsx"]), {"cycle": 2025, "weights": "equal", "lang": "zh-hant"})
    sheets = xlsx_sheets(response)
    table, about = [rows for title, rows in sheets.items() if title != "說明"][0], sheets["說明"]
    english_names = table[0].index("英文名稱")
    cells = [value for row in table for position, value in enumerate(row) if position != english_names]
    cells += [value for label, value in about if label != "計分方法"] + [label for label, _value in about]
    assert english_words(cells) - EXPORT_CODES == set()


def test_an_export_states_each_areas_share_of_the_chosen_weights(client, peers):
    url = reverse("compare_export", args=["xlsx"])
    english = dict(xlsx_sheets(client.get(url, {"cycle": 2025}))["About"])
    chinese = dict(xlsx_sheets(client.get(url, {"cycle": 2025, "weights": "equal", "lang": "zh-hant"}))["說明"])
    assert english["Weights"] == "Framework default (default): SW 60.0%, BL 40.0%"
    assert chinese["權重"] == "均等權重（equal）：SW 50.0%、BL 50.0%"


def test_provisional_ranks_are_marked_in_the_export(client, peers):
    from assessment.models import Answer

    Answer.objects.filter(assessment=peers[1]).exclude(indicator__code="SW-1").delete()  # SGP: 1 of 5 answered
    url = reverse("compare_export", args=["csv"])
    params = {"cycle": 2025, "provisional": "on"}
    english = {row["economy"]: (row["rank"], row["rank_status"]) for row in export_rows(client.get(url, params))}
    chinese = [row["排名狀態"] for row in export_rows(client.get(url, params | {"lang": "zh-hant"}))]
    assert english == {"CT": ("1", "ranked"), "SGP": ("2", "provisional")}
    assert chinese == ["列入排名", "暫定"]


def test_an_unranked_economy_is_marked_not_ranked_in_the_export(client, peers):
    from assessment.models import Answer

    Answer.objects.filter(assessment=peers[1]).exclude(indicator__code="SW-1").delete()
    rows = export_rows(client.get(reverse("compare_export", args=["csv"]), {"cycle": 2025}))
    assert {row["economy"]: (row["rank"], row["rank_status"]) for row in rows} == {
        "CT": ("1", "ranked"),
        "SGP": ("", "not ranked"),
    }


def test_a_chinese_csv_writes_numbers_as_machines_read_them(client, peers):
    ct = export_rows(client.get(reverse("compare_export", args=["csv"]), {"cycle": 2025, "lang": "zh-hant"}))[0]
    assert (ct["總分"], ct["SW"], ct["成熟度"], ct["完成度（%）"], ct["排名"]) == ("75.0", "75.0", "3.0", "100.0", "1")


def test_the_answers_export_follows_the_language(client, peers):
    response = client.get(reverse("answers_export", args=["xlsx"]), {"cycle": 2025, "lang": "zh-hant"})
    sheets = xlsx_sheets(response)
    assert list(sheets) == ["填答內容", "說明"]
    header, first = sheets["填答內容"][:2]
    assert header[:9] == ("經濟體代碼", "經濟體名稱", "英文名稱", "週期", "架構版本", "狀態", "領域", "指標", "填答")
    assert first[:3] + first[5:6] == ("CT", "中華臺北", "Chinese Taipei", "已審定")
    assert dict(sheets["說明"])["填答"] == "等級 0–4，以數字表示；「不適用」與「不知道」填在下一欄，等級欄留空"


def test_a_chinese_download_is_named_for_its_language(client, peers):
    response = client.get(reverse("answers_export", args=["csv"]), {"cycle": 2025, "lang": "zh-hant"})
    assert response["Content-Disposition"] == 'attachment; filename="answers-2025-zh-hant.csv"'


def test_the_chinese_compare_page_draws_its_charts_in_chinese(client, peers):
    switch_to_chinese(client)
    page = client.get(reverse("compare"), {"cycle": 2025}).content.decode()
    for chart in ("heatmap", "bars"):
        start = page.index(f'data-testid="{chart}"')
        svg = page[start : page.index("</svg>", start)]
        assert ">分數</text>" in svg and ">Score</text>" not in svg, chart


@pytest.mark.parametrize("export", ["compare_export", "answers_export"])
def test_the_csvs_about_line_reads_as_one_field_above_the_header(client, peers, export):
    content = client.get(reverse(export, args=["csv"]), {"cycle": 2025}).content.decode("utf-8-sig")
    about, header = list(csv.reader(io.StringIO(content)))[:2]
    assert len(about) == 1 and about[0].startswith("# Table: Customs digitalization maturity")
    assert header[0] == "economy"


@pytest.fixture
def not_applicable_and_dont_know(peers):
    """CT answers SW-2 "not applicable" and BL-1 "don't know"; every other answer is level 3."""
    from assessment.models import Answer

    Answer.objects.filter(assessment=peers[0], indicator__code="SW-2").update(value="na")
    Answer.objects.filter(assessment=peers[0], indicator__code="BL-1").update(value="dk")
    return peers


def ct_answers(rows, indicator="indicator", level="answer", note="answer_note") -> dict:
    return {row[indicator]: (row[level], row[note]) for row in rows if row[next(iter(row))] == "CT"}


def test_the_answers_xlsx_holds_levels_as_numbers_and_other_answers_in_words(client, not_applicable_and_dont_know):
    response = client.get(reverse("answers_export", args=["xlsx"]), {"cycle": 2025})
    header, *rows = xlsx_sheets(response)["Answers"]
    answers = ct_answers([dict(zip(header, row, strict=True)) for row in rows])
    assert answers["SW-1"] == (3, None) and type(answers["SW-1"][0]) is int
    assert (answers["SW-2"], answers["BL-1"]) == ((None, "not applicable"), (None, "don't know"))


def test_the_answers_csv_holds_levels_as_numbers_and_other_answers_in_words(client, not_applicable_and_dont_know):
    rows = export_rows(client.get(reverse("answers_export", args=["csv"]), {"cycle": 2025}))
    answers = ct_answers(rows)
    assert (answers["SW-1"], answers["SW-2"], answers["BL-1"]) == (
        ("3", ""),
        ("", "not applicable"),
        ("", "don't know"),
    )


def test_the_chinese_answers_export_says_other_answers_in_chinese(client, not_applicable_and_dont_know):
    response = client.get(reverse("answers_export", args=["xlsx"]), {"cycle": 2025, "lang": "zh-hant"})
    header, *rows = xlsx_sheets(response)["填答內容"]
    answers = ct_answers([dict(zip(header, row, strict=True)) for row in rows], "指標", "填答", "填答註記")
    assert (answers["SW-2"], answers["BL-1"]) == ((None, "不適用"), (None, "不知道"))
