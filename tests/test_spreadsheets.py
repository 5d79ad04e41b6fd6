"""Cells a spreadsheet would run as formulas are neutralised."""

import io

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


def test_the_xlsx_stores_a_formula_as_text():
    content = write(pd.DataFrame({"evidence": ["=1+1"]}), "xlsx")
    cell = openpyxl.load_workbook(io.BytesIO(content)).active["A2"]
    assert cell.data_type == "s"
    assert cell.value == "'=1+1"


def test_the_csv_stores_a_formula_as_text():
    assert "'=1+1" in write(pd.DataFrame({"evidence": ["=1+1"]}), "csv").decode("utf-8-sig")
