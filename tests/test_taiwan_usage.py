"""Traditional Chinese as Taiwan's customs writes it (content review 2026-12, check 7; issue 23 item 8).

Every Chinese text the project writes — the `*_zh` fields of the fixtures (the report's own words in
a best practice's `quote` excepted), the msgstr of the catalogue and docs/methodology.zh-hant.md —
uses none of the mainland-leaning terms the review listed, and no half-width punctuation beside a
Chinese character. docs/glossary.md names each term and the Taiwan word that replaces it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.conf import settings

from .test_zh_coverage import catalogue

BASE = Path(settings.BASE_DIR)
FIXTURES = BASE / "fixtures"
CATALOGUE = BASE / "locale" / "zh_Hant" / "LC_MESSAGES" / "django.po"
METHODOLOGY_ZH = BASE / "docs" / "methodology.zh-hant.md"
GLOSSARY = BASE / "docs" / "glossary.md"

# The review's twelve mainland-leaning terms (check 7) and the calques of its "worst 15", each with
# the Taiwan wording that replaces it (docs/glossary.md, "Words to avoid").
MAINLAND_TERMS = {
    "預先貨物資訊": "預報貨物資訊",
    "掃描儀": "X 光檢查儀；非侵入式檢查設備",
    "遠程": "遠端；遠距",
    "智能": "智慧",
    "網絡": "網路",
    "攝像": "攝影",
    "數位化項目": "數位化專案",
    "布署": "部署",
    "招聘": "招募",
    "單證": "單據",
    "示例": "示範",
    "私營部門": "民間部門",
    "我的資訊包": "MyIP",
    "貴單一窗口": "貴經濟體之單一窗口",
    "目標研究": "情資研析",
    "authorised operators": "優質企業（AEO）",
}

HAN = "\u3400-\u9fff"
# A half-width comma, colon, semicolon, question or exclamation mark, or parenthesis, touching a
# Chinese character (a space between them counts as touching).
HALF_WIDTH = re.compile(rf"[{HAN}]\s*[,:;!?()]|[,:;!?()]\s*[{HAN}]")
# Curly English quotes around Chinese: Chinese writes 「」.
CURLY = re.compile(rf"[“”‘’]\s*[{HAN}]|[{HAN}]\s*[“”‘’]")


def _fixture_texts() -> list[tuple[str, str]]:
    """(where, text) for every Chinese field of every JSON fixture, the report's quotes excepted."""
    found: list[tuple[str, str]] = []

    def walk(node, where: str, chinese: bool) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "quote":
                    continue
                walk(value, f"{where}.{key}", chinese or key.endswith(("_zh", "_zh_hant")))
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{where}[{index}]", chinese)
        elif isinstance(node, str) and chinese:
            found.append((where, node))

    for path in sorted(FIXTURES.rglob("*.json")):
        walk(json.loads(path.read_text(encoding="utf-8")), str(path.relative_to(BASE)), False)
    return found


def _catalogue_texts() -> list[tuple[str, str]]:
    messages = catalogue(CATALOGUE.read_text(encoding="utf-8"))
    return [(f"django.po:{m.line} {m.msgid[:40]!r}", text) for m in messages for text in m.translations]


def _methodology_texts() -> list[tuple[str, str]]:
    lines = METHODOLOGY_ZH.read_text(encoding="utf-8").splitlines()
    # Code spans, indented code blocks (the formulas) and URLs are not Chinese text.
    return [
        (f"methodology.zh-hant.md:{number}", re.sub(r"`[^`]*`|\]\([^)]*\)", " ", line))
        for number, line in enumerate(lines, 1)
        if not line.startswith("    ")
    ]


# An instrument's sub-item number, 7.7.3(d), keeps the instrument's own brackets.
SUB_ITEM = re.compile(r"\d\([a-z]\)")


def _all_texts() -> list[tuple[str, str]]:
    texts = _fixture_texts() + _catalogue_texts() + _methodology_texts()
    return [(where, SUB_ITEM.sub("0", text)) for where, text in texts]


def _offences(pattern_hits) -> list[str]:
    return [f"{where}: {hit}" for where, hit in pattern_hits]


def test_no_chinese_text_uses_a_mainland_term():
    hits = [(where, term) for where, text in _all_texts() for term in MAINLAND_TERMS if term in text]
    assert _offences(hits) == []


def test_no_chinese_text_has_half_width_punctuation_beside_a_chinese_character():
    hits = [(where, match.group()) for where, text in _all_texts() for match in HALF_WIDTH.finditer(text)]
    assert _offences(hits) == []


def test_no_chinese_text_has_curly_english_quotes():
    hits = [(where, match.group()) for where, text in _all_texts() for match in CURLY.finditer(text)]
    assert _offences(hits) == []


@pytest.mark.parametrize("term", sorted(MAINLAND_TERMS))
def test_the_glossary_names_every_avoided_term_and_its_taiwan_wording(term):
    glossary = GLOSSARY.read_text(encoding="utf-8")
    assert term in glossary and MAINLAND_TERMS[term].split("；")[0] in glossary


def test_the_checks_catch_what_they_look_for():
    assert HALF_WIDTH.search("完成度: 100.0%") and HALF_WIDTH.search("RUS: 本表排名 2")
    assert not HALF_WIDTH.search("完成度：100.0%") and not HALF_WIDTH.search("%(limit)s 個字元")
    assert CURLY.search("“5”個")


def test_the_product_has_one_chinese_name():
    texts = [text for _, text in _catalogue_texts()]
    assert "關務數位化成熟度" in texts
    assert [text for text in texts if "關務數位成熟度" in text] == []
