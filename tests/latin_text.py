"""Is a page, a PDF or a text written in Chinese? The one checker the Chinese-language tests share.

What a reader sees is measured after leaving out what is not prose to translate:
- codes and acronyms, any all-capital token (SW-1, CT, SGP, WTO TFA, UN/CEFACT, OECD, PDF, XLSX),
  and version tags (v2, v2024.1);
- the few mixed-case names of instruments and companies listed in NAMES (e-B/L, MyIP, Microsoft…);
- an original name glossed in brackets right after the Chinese one, as the glossary writes them
  (MyIP（本國資訊包，My Information Package）);
- URLs, e-mail addresses, paths and file names;
- in HTML, what the user typed (marked `translate="no"` or class `user-text`), code blocks, form
  field values (a textarea's text), scripts and a chart's <metadata>.

Then a text fails when Latin letters are more than MAX_LATIN_SHARE of its letters (a Chinese
character counts as one letter), or when it holds an English sentence: MIN_SENTENCE_WORDS English
words in a row. The sentences are listed, so a failure says what to translate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

# A Chinese page still holds codes' neighbours, units and the odd name: a fifth of its letters
# in Latin script is already a lot; an untranslated paragraph pushes a page well past it.
MAX_LATIN_SHARE = 0.20
# Two English words in a row are often a name ("Chinese Taipei"); three are a phrase to translate.
MIN_SENTENCE_WORDS = 3

# Mixed-case names that stay in their original form in Chinese text (docs/glossary.md).
NAMES = (
    "e-B/L",
    "MyIP",
    "UNNExT",
    "Microsoft",
    "Mastercard",
    "Expeditors",
    "Danaher Corporation",
)

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_URL = re.compile(
    r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?<!\w)/[\w./?=&%-]*|\b[\w-]+\.(?:pdf|xlsx|csv|json|md|png)\b"
)
# The Latin run that opens a bracket right after Chinese: MyIP（本國資訊包，My Information Package）,
# 相關係數（Spearman's rank correlation；即…）, also where a PDF's line ends between the two. A bracket
# after a space is no gloss: "事項 (SCCP2 panel, Q1)".
_GLOSS = re.compile(rf"(?:(?<=[{HAN}」』》）])|(?<=[{HAN}」』》）]\n))[（(][^（）(){HAN}；，、。]*")
_NAMES = re.compile("|".join(re.escape(name) for name in sorted(NAMES, key=len, reverse=True)))
# An all-capital token, with digits and joiners: SW-1, CT, SCCP2, A2C2, UN/CEFACT, COVID-19, B/L.
_CODE = re.compile(r"(?<![A-Za-z])[A-Z0-9]*[A-Z][A-Z0-9]*(?:[-/.&][A-Z0-9]+)*(?![A-Za-z])")
_VERSION = re.compile(r"(?<![A-Za-z])v\d+(?:\.\d+)*")  # v2, v2024.1
_LATIN_LETTER = re.compile(r"[A-Za-z]")
_HAN_LETTER = re.compile(f"[{HAN}]")
_WORD = r"[A-Za-z][A-Za-z'’-]*"
_SENTENCE = re.compile(rf"{_WORD}(?:[ \t,;:]+{_WORD}){{{MIN_SENTENCE_WORDS - 1},}}")


def prose(text: str) -> str:
    """The text without what is exempt: URLs, glossed original names, listed names, codes and acronyms."""
    for pattern in (_URL, _GLOSS, _NAMES, _CODE, _VERSION):
        text = pattern.sub(" ", text)
    return text


def latin_share(text: str) -> float:
    """Latin letters ÷ (Latin letters + Chinese characters) in the prose of the text; 0 with no letter."""
    rest = prose(text)
    latin, han = len(_LATIN_LETTER.findall(rest)), len(_HAN_LETTER.findall(rest))
    return latin / (latin + han) if latin + han else 0.0


def english_sentences(text: str) -> list[str]:
    """Each run of MIN_SENTENCE_WORDS or more English words in the prose of the text, once, in order."""
    found = [" ".join(match.split()) for match in _SENTENCE.findall(prose(text))]
    return list(dict.fromkeys(found))


@dataclass(frozen=True)
class Verdict:
    latin_share: float
    sentences: list[str]

    @property
    def is_chinese(self) -> bool:
        return self.latin_share <= MAX_LATIN_SHARE and not self.sentences

    def __str__(self) -> str:
        lines = [f"Latin letters {self.latin_share:.0%} of letters (at most {MAX_LATIN_SHARE:.0%})"]
        return "\n".join(lines + [f"  English: {sentence}" for sentence in self.sentences])


def verdict(text: str) -> Verdict:
    return Verdict(latin_share(text), english_sentences(text))


# Elements whose text no reader reads as the page's prose, or which the user wrote.
_SKIPPED_TAGS = {"script", "style", "template", "textarea", "code", "pre", "noscript", "metadata"}
_VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_BLOCK_TAGS = {"p", "div", "li", "td", "th", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "ul", "ol", "br"}


class _VisibleText(HTMLParser):
    def __init__(self, within: str | None):
        super().__init__(convert_charrefs=True)
        self.within = within
        self.stack: list[tuple[str, bool, bool]] = []  # (tag, inside the part read, skipped)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")
        if tag in _VOID_TAGS:
            return
        attributes = dict(attrs)
        inside, skipped = self.stack[-1][1:] if self.stack else (self.within is None, False)
        inside = inside or tag == self.within
        skipped = (
            skipped
            or tag in _SKIPPED_TAGS
            or attributes.get("translate") == "no"
            or "user-text" in (attributes.get("class") or "").split()
            or "hidden" in attributes
        )
        self.stack.append((tag, inside, skipped))

    def handle_startendtag(self, tag, attrs):
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth][0] == tag:
                del self.stack[depth:]
                break
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data):
        inside, skipped = self.stack[-1][1:] if self.stack else (self.within is None, False)
        if inside and not skipped:
            self.parts.append(data)


def visible_text(html: str, within: str | None = "main") -> str:
    """The text a reader sees inside the first <within> element (the whole document with None),
    without what is exempt in HTML (see the module's docstring); blocks end lines."""
    parser = _VisibleText(within)
    parser.feed(html)
    parser.close()
    return re.sub(r"[ \t]*\n[\s]*", "\n", "".join(parts for parts in parser.parts)).strip()


def page_verdict(html: str, within: str | None = "main") -> Verdict:
    return verdict(visible_text(html, within))
