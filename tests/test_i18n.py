"""The app speaks Traditional Chinese as well as English."""

from django.urls import reverse


def switch_to_chinese(client):
    client.post(reverse("set_language"), {"language": "zh-hant", "next": "/"})


def test_the_interface_switches_to_traditional_chinese(client, db):
    switch_to_chinese(client)
    page = client.get(reverse("home")).content.decode()
    assert "關務數位化成熟度" in page
    assert 'lang="zh-hant"' in page


def test_stage_names_are_translated(client, validated):
    switch_to_chinese(client)
    assert "已建立" in client.get(reverse("profile", kwargs={"pk": validated.pk})).content.decode()


def test_economy_names_follow_the_language(alice_client, draft):
    switch_to_chinese(alice_client)
    page = alice_client.get(reverse("questionnaire", kwargs={"pk": draft.pk, "area_code": "SW"})).content.decode()
    assert "中華臺北 2025" in page


def test_english_stays_the_default(client, db):
    assert "Customs digitalization maturity" in client.get(reverse("home")).content.decode()


def questionnaire(client, assessment):
    return client.get(reverse("questionnaire", kwargs={"pk": assessment.pk, "area_code": "SW"})).content.decode()


def test_the_questions_and_levels_follow_the_language(alice_client, draft):
    from assessment.models import Indicator

    Indicator.objects.filter(area__framework=draft.framework, code="SW-1").update(
        question_zh_hant="單一窗口連接了多少簽審機關？", levels_zh_hant=[f"第 {n} 級說明" for n in range(5)]
    )
    assert "Question SW-1?" in questionnaire(alice_client, draft)
    switch_to_chinese(alice_client)
    page = questionnaire(alice_client, draft)
    assert "單一窗口連接了多少簽審機關？" in page and "第 3 級說明" in page
    assert "Question SW-2?" in page  # no translation stored: the English text


def test_the_loader_stores_both_languages(db):
    from django.utils import translation

    from assessment.framework.loaders import load_framework
    from assessment.models import Indicator

    levels = [f"Level {n} text of enough length" for n in range(5)]
    load_framework(
        {
            "version": "Z.1",
            "title": "Test",
            "title_zh": "測試",
            "areas": [
                {"code": "SW", "name": "Single window", "name_zh": "單一窗口", "weight": 1, "indicators": [
                    {"code": "SW-1", "question": "How far?", "question_zh": "到何種程度？", "weight": 1,
                     "levels": levels, "levels_zh": [f"第 {n} 級" for n in range(5)]},
                ]},
            ],
        }
    )  # fmt: skip
    indicator = Indicator.objects.get(code="SW-1")
    with translation.override("zh-hant"):
        assert (indicator.question, indicator.levels[2]) == ("到何種程度？", "第 2 級")
    with translation.override("en"):
        assert (indicator.question, indicator.levels[2]) == ("How far?", levels[2])


def test_the_methodology_page_follows_the_language(client, framework):
    switch_to_chinese(client)
    page = client.get(reverse("methodology")).content.decode()
    assert "計分方法" in page and "<table" in page
    assert "assessment/scoring.py" not in page


def test_the_chinese_methodology_carries_the_same_worked_examples():
    import re
    from pathlib import Path

    docs = Path(__file__).resolve().parent.parent / "docs"
    blocks = r"<!-- (?:worked|bounds)-example -->\s*```json\n(.*?)```"
    english = re.findall(blocks, (docs / "methodology.md").read_text(encoding="utf-8"), re.DOTALL)
    chinese = re.findall(blocks, (docs / "methodology.zh-hant.md").read_text(encoding="utf-8"), re.DOTALL)
    assert english == chinese and len(english) == 2


def test_the_radar_speaks_the_readers_language(client, validated):
    from assessment.models import Area

    Area.objects.filter(framework=validated.framework, code="SW").update(name_zh="單一窗口")
    switch_to_chinese(client)
    page = client.get(reverse("profile", kwargs={"pk": validated.pk})).content.decode()
    radar = page[page.index('data-testid="radar"') :]
    assert "單一窗口" in radar[: radar.index("</figure>")]


# Dates in the reader's language, ISO kept for machines in <time datetime>.
NOVEMBER_25 = "2026-11-25T09:30:00+00:00"


def submitted_on_november_25(assessment):
    from django.utils.dateparse import parse_datetime

    from assessment.models import Assessment

    Assessment.objects.filter(pk=assessment.pk).update(submitted_at=parse_datetime(NOVEMBER_25))


def test_a_chinese_page_writes_dates_the_chinese_way(alice_client, submitted):
    submitted_on_november_25(submitted)
    switch_to_chinese(alice_client)
    page = alice_client.get(reverse("profile", kwargs={"pk": submitted.pk})).content.decode()
    assert '<time datetime="2026-11-25">2026年11月25日</time>' in page


def test_an_english_page_writes_dates_the_english_way(alice_client, submitted):
    submitted_on_november_25(submitted)
    page = alice_client.get(reverse("profile", kwargs={"pk": submitted.pk})).content.decode()
    assert '<time datetime="2026-11-25">Nov. 25, 2026</time>' in page
    assert "2026-11-25<" not in page  # no ISO date left in the text a reader reads


def test_the_reviewer_reads_the_submission_date_in_chinese(reviewer_client, submitted):
    submitted_on_november_25(submitted)
    switch_to_chinese(reviewer_client)
    page = reviewer_client.get(reverse("decide", kwargs={"pk": submitted.pk})).content.decode()
    assert "2026年11月25日" in page


def profile_numbers(client, assessment) -> list[str]:
    """The figures of the profile's score card and area table, in page order."""
    import re

    page = client.get(reverse("profile", kwargs={"pk": assessment.pk})).content.decode()
    card = page[page.index('data-testid="overall"') : page.index('data-testid="radar"')]
    return re.findall(r"\d+(?:\.\d+)?%?", re.sub(r"<[^>]+>", " ", card))


def test_scores_and_percentages_read_the_same_in_both_languages(client, draft):
    from .conftest import answer

    for code, level in (("SW-1", 4), ("SW-2", "dk"), ("BL-1", 1)):
        answer(draft, code, level)
    from assessment.models import Assessment

    Assessment.objects.filter(pk=draft.pk).update(is_illustrative=True)  # readable by anyone
    english = profile_numbers(client, draft)
    switch_to_chinese(client)
    assert profile_numbers(client, draft) == english
    assert "60.0%" in english and "33.3%" in english  # 3 of 5 answered; 1 of 3 answers "don't know"


def test_names_of_economies_and_areas_are_chinese_alone_on_a_chinese_page(client, validated):
    from assessment.models import Area

    Area.objects.filter(framework=validated.framework, code="SW").update(name_zh="單一窗口")
    switch_to_chinese(client)
    page = client.get(reverse("summary", kwargs={"pk": validated.pk})).content.decode()
    assert "<h1>中華臺北</h1>" in page
    assert "Chinese Taipei" not in page and "Area SW" not in page and "單一窗口" in page


def test_a_peers_citation_follows_the_language(client, validated, practices):
    from assessment.models import BestPractice

    BestPractice.objects.update(section="貳、(五) 數位化 (SCCP2 digitalization panel)")
    switch_to_chinese(client)
    page = client.get(reverse("profile", kwargs={"pk": validated.pk})).content.decode()
    assert "2023 年 SCCP2 報告，貳、(五) 數位化，第 144 行" in page
    assert "digitalization panel" not in page


def test_a_peers_source_follows_the_language(client, validated, practices):
    from assessment.models import BestPractice

    BestPractice.objects.update(source="Singapore (with China)", source_zh_hant="新加坡（與中國）")
    switch_to_chinese(client)
    page = client.get(reverse("profile", kwargs={"pk": validated.pk})).content.decode()
    assert "<strong>新加坡（與中國）</strong>" in page and "Singapore (with China)" not in page


def test_the_loader_stores_a_practices_source_in_both_languages(framework):
    from django.utils import translation

    from assessment.framework.loaders import load_best_practices
    from assessment.models import BestPractice

    row = {"area": "SW", "level": 2, "title": "t", "summary": "s", "section": "§", "line": 1,
           "source": "Microsoft (private sector, A2C2)", "source_zh": "Microsoft（民間部門，A2C2）"}  # fmt: skip
    load_best_practices(framework, [row])
    practice = BestPractice.objects.get()
    with translation.override("zh-hant"):
        assert practice.source == "Microsoft（民間部門，A2C2）"
    with translation.override("en"):
        assert practice.source == "Microsoft (private sector, A2C2)"


def test_the_language_menu_names_each_language_in_itself(client, db):
    switch_to_chinese(client)
    page = client.get(reverse("home")).content.decode()
    menu = page[page.index('name="language"') : page.index("</select>")]
    assert ">English</option>" in menu and ">繁體中文</option>" in menu
    assert "英語" not in menu
