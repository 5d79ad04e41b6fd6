"""Crafted workbooks of the security probe (2026-11, step 3d), generated from a real download.

Each is the downloaded workbook with one part changed, small on the wire (well under the
2 MB upload limit) and built by streaming, so that even the 200-million-character ones cost
the test little memory. Used by the test suite and by `make bench`.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterator

ABOUT_SHEET = "xl/worksheets/sheet1.xml"
FIRST_AREA_SHEET = "xl/worksheets/sheet2.xml"
SHARED_STRINGS = "xl/sharedStrings.xml"
CONTENT_TYPES = "[Content_Types].xml"
SHARED_STRINGS_TYPE = (
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
)
SST_OPEN = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
CHUNK = 1024 * 1024

Part = bytes | Callable[[], Iterator[bytes]]


def rebuilt(base: bytes, parts: dict[str, Part]) -> bytes:
    """The base workbook with the given parts replaced or added (a callable streams its chunks)."""
    output = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(base)) as source,
        zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target,
    ):
        for info in source.infolist():
            if info.filename not in parts:
                target.writestr(info.filename, source.read(info.filename))
        for name, content in parts.items():
            if callable(content):
                with target.open(name, "w", force_zip64=True) as stream:
                    for chunk in content():
                        stream.write(chunk)
            else:
                target.writestr(name, content)
    return output.getvalue()


def _sheet(base: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(base)) as source:
        return source.read(FIRST_AREA_SHEET).decode()


def _with_shared_strings(base: bytes, strings: Callable[[], Iterator[bytes]], sheet: str | None = None) -> bytes:
    with zipfile.ZipFile(io.BytesIO(base)) as source:
        types = source.read(CONTENT_TYPES).decode().replace("</Types>", SHARED_STRINGS_TYPE + "</Types>")
    parts: dict[str, Part] = {CONTENT_TYPES: types.encode(), SHARED_STRINGS: strings}
    if sheet is not None:
        parts[FIRST_AREA_SHEET] = sheet.encode()
    return rebuilt(base, parts)


def _set_cell(sheet: str, reference: str, cell_xml: str) -> str:
    """The sheet with the cell at `reference` (row 2) replaced by cell_xml."""
    sheet = re.sub(rf'<c r="{reference}"[^>]*?(/>|>.*?</c>)', "", sheet, count=1)
    return re.sub(r'(<row r="2"[^>]*>)', rf"\1{cell_xml}", sheet, count=1)


def _repeated(prefix: bytes, unit: bytes, count: int, suffix: bytes) -> Callable[[], Iterator[bytes]]:
    def chunks():
        yield prefix
        per_chunk = max(1, CHUNK // len(unit))
        left = count
        while left > 0:
            n = min(per_chunk, left)
            yield unit * n
            left -= n
        yield suffix

    return chunks


def _long_text(characters: int) -> Callable[[], Iterator[bytes]]:
    return _repeated(b"", b"A", characters, b"")


def _extra_rows(base: bytes, count: int, row: bytes) -> bytes:
    """The first area sheet with `count` copies of `row` appended (rows without a number follow on)."""
    head, tail = _sheet(base).split("</sheetData>")
    return rebuilt(base, {FIRST_AREA_SHEET: _repeated(head.encode(), row, count, b"</sheetData>" + tail.encode())})


UNKNOWN_CODE_ROW = b'<row><c t="inlineStr"><is><t>X</t></is></c></row>'
EMPTY_ROW = b"<row/>"


def _wide_row(base: bytes, cells: int) -> bytes:
    head, tail = _sheet(base).split("</sheetData>")
    cell = b'<c t="inlineStr"><is><t>X</t></is></c>'
    return rebuilt(
        base,
        {FIRST_AREA_SHEET: _repeated(head.encode() + b"<row>", cell, cells, b"</row></sheetData>" + tail.encode())},
    )


def _doctype(base: bytes, declarations: str, evidence: str) -> bytes:
    sheet = _sheet(base).split("?>", 1)[-1]
    sheet = _set_cell(sheet, "I2", f'<c r="I2" t="inlineStr"><is><t>{evidence}</t></is></c>')
    return rebuilt(base, {FIRST_AREA_SHEET: f"<!DOCTYPE worksheet [{declarations}]>{sheet}".encode()})


def billion_laughs(base: bytes) -> bytes:
    laughs = ['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)]
    return _doctype(base, "".join(laughs), "&lol9;")


def shared_string_in(base: bytes, reference: str, characters: int) -> bytes:
    sheet = _set_cell(_sheet(base), reference, f'<c r="{reference}" t="s"><v>0</v></c>')
    return _with_shared_strings(base, _repeated(SST_OPEN + b"<si><t>", b"A", characters, b"</t></si></sst>"), sheet)


def inline_string_in(base: bytes, reference: str, characters: int) -> bytes:
    cell = f'<c r="{reference}" t="inlineStr"><is><t>{{}}</t></is></c>'
    before, after = _set_cell(_sheet(base), reference, cell).split("{}")
    return rebuilt(base, {FIRST_AREA_SHEET: _repeated(before.encode(), b"A", characters, after.encode())})


def forged_dimension(base: bytes, last_row: int) -> bytes:
    sheet = re.sub(r'<dimension ref="[^"]*"\s*/>', '<dimension ref="A1:XFD1048576"/>', _sheet(base))
    sheet = sheet.replace("</sheetData>", f'<row r="{last_row}"/></sheetData>')
    return rebuilt(base, {FIRST_AREA_SHEET: sheet.encode()})


def hostile_workbooks(base: bytes, listener_port: int = 9) -> dict[str, Callable[[], bytes]]:
    """Name → builder of each crafted workbook; a builder runs only when its file is wanted."""
    return {
        "sheet XML not well-formed": lambda: rebuilt(
            base, {FIRST_AREA_SHEET: _sheet(base).replace("</sheetData>", "").encode()}
        ),
        "XXE to a local file": lambda: _doctype(base, '<!ENTITY xxe SYSTEM "file:///etc/hostname">', "&xxe;"),
        "XXE to a web address": lambda: _doctype(
            base, f'<!ENTITY xxe SYSTEM "http://127.0.0.1:{listener_port}/xxe">', "&xxe;"
        ),
        "billion laughs": lambda: billion_laughs(base),
        "5,000 rows with an unknown code": lambda: _extra_rows(base, 5_000, UNKNOWN_CODE_ROW),
        "100,000 rows with an unknown code": lambda: _extra_rows(base, 100_000, UNKNOWN_CODE_ROW),
        "1,000,000 rows with an unknown code": lambda: _extra_rows(base, 1_000_000, UNKNOWN_CODE_ROW),
        "1,000,000 empty rows": lambda: _extra_rows(base, 1_000_000, EMPTY_ROW),
        "one row of 50,000 cells": lambda: _wide_row(base, 50_000),
        "5,000,000 unused shared strings": lambda: _with_shared_strings(
            base, _repeated(SST_OPEN, b"<si><t>s</t></si>", 5_000_000, b"</sst>")
        ),
        "forged dimension, a row at 1,048,576": lambda: forged_dimension(base, 1_048_576),
        "forged dimension, a row at 20,000": lambda: forged_dimension(base, 20_000),
        "1.5M-character inline answer": lambda: inline_string_in(base, "C2", 1_500_000),
        "10M-character inline answer": lambda: inline_string_in(base, "C2", 10_000_000),
        "50M-character inline indicator code": lambda: inline_string_in(base, "A2", 50_000_000),
        "50M-character shared-string answer": lambda: shared_string_in(base, "C2", 50_000_000),
        "200M-character shared-string answer": lambda: shared_string_in(base, "C2", 200_000_000),
        "200M-character shared-string evidence": lambda: shared_string_in(base, "I2", 200_000_000),
    }
