"""Traditional Chinese everywhere, tested rather than hoped for: every content text has its Chinese,
every interface message its translation, and every page reads in Chinese with 繁體中文 chosen.

The pages are read with the real content (every framework version, the best practices, the
illustrative assessments) loaded once for the module, and a focal point's draft, a returned and a
submitted assessment made through the services, with English evidence and comments: what a user
types stays as typed and is exempt, as tests/latin_text.py says with what else is.
"""

from __future__ import annotations

import ast
import re
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils.translation import templatize
from modeltranslation.translator import translator

from assessment.models import Area, Assessment, BestPractice, Economy, Framework, Indicator

from .conftest import make_cycle
from .latin_text import HAN, page_verdict, verdict

BASE = Path(settings.BASE_DIR)
CATALOGUE = BASE / "locale" / "zh_Hant" / "LC_MESSAGES" / "django.po"
USER_TEXT = "The minister signed the decree in March; see the annex for the full list of agencies."


# --- The content: every registered field of every loaded framework version and best practice ---


@pytest.fixture(scope="module")
def content(django_db_setup, django_db_blocker):
    """Every framework version, the best practices and the illustrative assessments, and the
    assessments the pages need, loaded once and rolled back after the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_framework", verbosity=0)
        call_command("load_demo", verbosity=0)
        yield _assessments()
        transaction.set_rollback(True)


def _assessments() -> dict:
    from assessment.answer_rules import AnswerInput
    from assessment.answers import services, workflow
    from assessment.permissions import reviewers_group

    users = get_user_model().objects
    ming, wei, rita = users.create_user("ming"), users.create_user("wei"), users.create_user("rita")
    Economy.objects.get(code="CT").members.add(ming)
    Economy.objects.get(code="SGP").members.add(wei)
    rita.groups.add(reviewers_group())
    for year in (2024, 2025):
        make_cycle(year, Framework.objects.get(is_current=True))

    def answered(user, economy: str, cycle: int, *, everything: bool) -> Assessment:
        assessment = services.start_assessment(user=user, economy=Economy.objects.get(code=economy), cycle=cycle)
        indicators = list(Indicator.objects.filter(area__framework=assessment.framework).select_related("area"))
        chosen = indicators if everything else [i for i in indicators if i.area.order == 1]
        given = AnswerInput("3", evidence=USER_TEXT, evidence_link="https://example.org/decree", comment=USER_TEXT)
        services.save_answers(
            assessment=assessment,
            indicators=chosen,
            user=user,
            inputs={i.code: given for i in chosen},
            base_revision=assessment.revision,
        )
        return assessment

    draft = answered(ming, "CT", 2025, everything=False)
    returned = answered(ming, "CT", 2024, everything=True)
    workflow.submit(assessment=returned, user=ming)
    first = Indicator.objects.filter(area__framework=returned.framework).order_by("area__order", "order").first()
    workflow.return_for_changes(
        assessment=returned, reviewer=rita, comment=USER_TEXT, indicator_comments={first.code: USER_TEXT}
    )
    submitted = answered(wei, "SGP", 2025, everything=True)
    workflow.submit(assessment=submitted, user=wei)
    illustrative = Assessment.objects.filter(economy__code="CT", is_illustrative=True).latest("cycle", "version")
    return {"ming": ming, "rita": rita, "draft": draft, "returned": returned, "submitted": submitted,
            "illustrative": illustrative}  # fmt: skip


def _untranslated(instance, name: str) -> list[str]:
    """What lacks Chinese in one registered field of one row: the field, or the items of a list."""
    english, chinese = getattr(instance, f"{name}_en"), getattr(instance, f"{name}_zh_hant")
    where = f"{type(instance).__name__} {instance.pk} ({instance}) · {name}"
    if isinstance(english, list):
        chinese = chinese or []
        return [
            f"{where}[{n}]"
            for n, text in enumerate(english)
            if text and (n >= len(chinese) or not re.search(f"[{HAN}]", chinese[n] or ""))
        ]
    return [where] if english and not re.search(f"[{HAN}]", chinese or "") else []


@pytest.mark.parametrize("model", translator.get_registered_models(abstract=False), ids=lambda model: model.__name__)
def test_every_content_text_has_its_chinese(content, db, model):
    fields = translator.get_options_for_model(model).fields
    rows = list(model.objects.all())
    if not rows and model not in (Framework, Area, Indicator, BestPractice):
        pytest.skip(f"no {model.__name__} in the loaded content")  # one an administrator adds, say
    assert rows, f"no {model.__name__} loaded"
    missing = [where for row in rows for name in fields for where in _untranslated(row, name)]
    assert not missing, "No Chinese text:\n" + "\n".join(missing)


@pytest.mark.parametrize("model", [Area, Economy], ids=lambda model: model.__name__)
def test_every_area_and_economy_has_its_chinese_name(content, db, model):
    missing = [str(row) for row in model.objects.all() if not re.search(f"[{HAN}]", row.name_zh)]
    assert not missing, f"{model.__name__} without a Chinese name: {missing}"


# --- The catalogue: every message translated, none fuzzy, none in the code left out ---


@dataclass
class Message:
    context: str = ""
    msgid: str = ""
    plural: str = ""
    translations: list[str] = field(default_factory=list)
    fuzzy: bool = False
    line: int = 0

    @property
    def key(self) -> tuple[str, str]:
        return self.context, self.msgid


def catalogue(text: str) -> list[Message]:
    """The messages of a .po or .pot text (GNU gettext's format), the header and obsolete ones left out."""
    found, message, part = [], Message(), None

    def close():
        nonlocal message
        if message.msgid:
            found.append(message)
        message = Message()

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            if not line:
                close()
            continue
        if line.startswith("#,"):
            message.fuzzy = message.fuzzy or "fuzzy" in line[2:].replace(",", " ").split()
            continue
        if line.startswith("#"):
            continue
        keyword, _, rest = line.partition(" ")
        if keyword.startswith('"'):
            rest, keyword = line, part
        elif keyword.startswith("msgstr"):
            message.translations.append("")
        elif keyword == "msgid" and (message.msgid or message.translations):
            close()
        value = ast.literal_eval(rest)
        part = keyword
        if keyword == "msgctxt":
            message.context += value
        elif keyword == "msgid":
            message.msgid += value
            message.line = message.line or number
        elif keyword == "msgid_plural":
            message.plural += value
        else:
            message.translations[-1] += value
    close()
    return found


def test_every_catalogue_message_is_translated_and_none_is_fuzzy():
    messages = catalogue(CATALOGUE.read_text(encoding="utf-8"))
    assert len(messages) > 100
    bad = [
        f"line {m.line}: {'fuzzy' if m.fuzzy else 'untranslated'}: {m.msgid!r}"
        for m in messages
        if m.fuzzy or not m.translations or not all(m.translations)
    ]
    assert not bad, "\n".join(bad)


def source_messages() -> list[Message]:
    """The messages the code and the templates mark for translation, found as makemessages finds
    them (templatize, then xgettext with Django's keywords), without writing into locale/."""
    sources = sorted((BASE / "assessment").rglob("*.py")) + sorted((BASE / "config").rglob("*.py"))
    templates = sorted(p for p in (BASE / "templates").rglob("*") if p.suffix in (".html", ".txt"))
    with tempfile.TemporaryDirectory() as work:
        inputs = [str(path) for path in sources]
        for number, path in enumerate(templates):
            python = Path(work, f"{number}.py")
            python.write_text(templatize(path.read_text(encoding="utf-8"), origin=str(path)), encoding="utf-8")
            inputs.append(str(python))
        keywords = ["gettext_noop", "gettext_lazy", "ngettext_lazy:1,2", "pgettext:1c,2", "npgettext:1c,2,3",
                    "pgettext_lazy:1c,2", "npgettext_lazy:1c,2,3"]  # fmt: skip
        command = ["xgettext", "--language=Python", "--from-code=UTF-8", "--output=-"]
        command += [f"--keyword={keyword}" for keyword in keywords] + inputs
        pot = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return catalogue(pot)


def test_every_message_in_the_code_and_templates_is_in_the_catalogue():
    translated = {m.key for m in catalogue(CATALOGUE.read_text(encoding="utf-8")) if all(m.translations)}
    found = source_messages()
    assert len(found) > 100
    missing = sorted({m.msgid for m in found if m.key not in translated})
    assert not missing, "Not in django.po:\n" + "\n".join(map(repr, missing))


# --- The pages, read in Chinese ---


def area_page(which: str, position: int):
    """The URL of an area's questionnaire page of one of the module's assessments, by the area's position."""

    def url(assessments: dict) -> str:
        assessment = assessments[which]
        codes = list(assessment.framework.areas.order_by("order").values_list("code", flat=True))
        return reverse("questionnaire", args=[assessment.pk, codes[position]])

    return url


# (name, who reads it, the URL from the module's assessments)
PAGES = [
    ("home", "ming", lambda a: reverse("home")),
    ("home, signed out", None, lambda a: reverse("home")),
    ("questionnaire", "ming", area_page("draft", 0)),
    ("questionnaire, last area", "ming", area_page("draft", -1)),
    ("questionnaire, returned", "ming", area_page("returned", 0)),
    ("review and submit", "ming", lambda a: reverse("review", args=[a["draft"].pk])),
    ("review and submit, returned", "ming", lambda a: reverse("review", args=[a["returned"].pk])),
    ("submit confirmation", "ming", lambda a: reverse("submit", args=[a["draft"].pk])),
    ("profile, draft", "ming", lambda a: reverse("profile", args=[a["draft"].pk])),
    ("profile, returned", "ming", lambda a: reverse("profile", args=[a["returned"].pk])),
    ("profile, illustrative", None, lambda a: reverse("profile", args=[a["illustrative"].pk])),
    ("profile, submitted, for the reviewer", "rita", lambda a: reverse("profile", args=[a["submitted"].pk])),
    ("history", "ming", lambda a: reverse("history", args=[a["returned"].pk])),
    ("targets", "ming", lambda a: reverse("targets", args=[a["draft"].pk])),
    ("roadmap", "ming", lambda a: reverse("roadmap", args=[a["draft"].pk])),
    ("roadmap, printed", "ming", lambda a: reverse("roadmap_print", args=[a["draft"].pk])),
    ("compare", None, lambda a: reverse("compare")),
    ("compare, printed", None, lambda a: reverse("comparison_summary") + "?cycle=2023"),
    ("trend", None, lambda a: reverse("economy", args=["CT"])),
    ("methodology", None, lambda a: reverse("methodology")),
    ("print summary", "ming", lambda a: reverse("summary", args=[a["draft"].pk])),
    ("print summary, illustrative", None, lambda a: reverse("summary", args=[a["illustrative"].pk])),
    ("workbook", "ming", lambda a: reverse("workbook_upload", args=[a["draft"].pk])),
    ("sign in", None, lambda a: reverse("login")),
    ("password change", "ming", lambda a: reverse("password_change")),
    ("password change done", "ming", lambda a: reverse("password_change_done")),
    ("password reset", None, lambda a: reverse("password_reset")),
    ("password reset done", None, lambda a: reverse("password_reset_done")),
    ("password reset complete", None, lambda a: reverse("password_reset_complete")),
    ("reviewer's home", "rita", lambda a: reverse("home")),
    ("reviewer's decision", "rita", lambda a: reverse("decide", args=[a["submitted"].pk])),
    ("cycles", "rita", lambda a: reverse("cycles")),
    ("cycle dashboard", "rita", lambda a: reverse("cycle_dashboard", args=[2025])),
    ("cycle action", "rita", lambda a: reverse("cycle_action", args=[2025, "close"])),
]  # fmt: skip


def in_chinese(content: dict, who: str | None) -> Client:
    client = Client()
    if who is not None:
        client.force_login(content[who])
    client.post(reverse("set_language"), {"language": "zh-hant", "next": "/"})
    return client


@pytest.mark.parametrize("name, who, url", PAGES, ids=[page[0] for page in PAGES])
def test_every_page_reads_in_chinese(content, db, name, who, url):
    response = in_chinese(content, who).get(url(content))
    assert response.status_code == 200
    found = page_verdict(response.content.decode())
    assert found.is_chinese, f"{name}: {found}"


ERROR_PAGES = [
    ("not allowed", "rita", lambda a: reverse("profile", args=[a["draft"].pk]), 403),
    ("not found", None, lambda a: "/no-such-page/", 404),
]


@pytest.mark.parametrize("name, who, url, status", ERROR_PAGES, ids=[page[0] for page in ERROR_PAGES])
def test_the_error_pages_read_in_chinese(content, db, name, who, url, status):
    response = in_chinese(content, who).get(url(content))
    assert response.status_code == status
    found = page_verdict(response.content.decode())
    assert found.is_chinese, f"{name}: {found}"


def test_what_a_user_typed_is_shown_as_typed_and_marked(content, db):
    page = in_chinese(content, "rita").get(reverse("decide", args=[content["submitted"].pk])).content.decode()
    assert f'<div class="small user-text" translate="no">{USER_TEXT}</div>' in page


# --- The checker itself ---


def test_the_checker_finds_an_english_sentence_in_a_chinese_page():
    found = page_verdict("<main><p>單一窗口已連接所有簽審機關。</p><p>Save your answers first.</p></main>")
    assert found.sentences == ["Save your answers first"]
    assert not found.is_chinese


def test_the_checker_exempts_codes_standard_names_glosses_and_urls():
    text = "SW-1 依 WTO TFA 第 10.4 條與 UN/CEFACT 建議（Recommendation 33），見 https://example.org/a-b-c 與 PDF。"
    assert verdict(text).is_chinese


def test_the_checker_exempts_what_the_user_typed_and_form_values():
    html = (
        '<main><h1>審查</h1><div class="user-text">We are still drafting this one</div>'
        '<p translate="no">Written by the focal point</p><textarea>Kept as typed here</textarea></main>'
    )
    assert page_verdict(html).is_chinese


def test_the_checker_fails_a_page_of_mostly_latin_letters_even_without_sentences():
    assert not verdict("第 3 級 Singapore Canada Chile Peru Japan Korea").is_chinese
