import datetime
import re
from dataclasses import dataclass

from django import forms, template
from django.forms.forms import NON_FIELD_ERRORS
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .. import accounts, permissions
from ..languages import in_reader_language, reads_chinese
from ..reports import pdf

register = template.Library()


@register.filter
def get_item(mapping, key):
    """mapping[key] in a template, for columns named at run time (area codes)."""
    return mapping.get(key)


@register.filter
def can_manage_cycles(user) -> bool:
    """Whether the home page offers the cycles pages: the views' own check (false for a page drawn
    without a user, such as an error page)."""
    return hasattr(user, "is_authenticated") and permissions.can_manage_cycles(user)


@register.filter
def menu_offers_cycles(request) -> bool:
    """Whether the site menu links to the cycles: as the session remembers it (accounts.py)."""
    return accounts.menu_offers_cycles(request)


# What the reader calls each field of an answer, in the questionnaire's error summary and the
# workbook's preview (the workbook's "value" and "evidence_link" are the stored names).
ANSWER_FIELD_LABELS = {
    "value": _("Answer"),
    "evidence": _("Evidence"),
    "link": _("Evidence link"),
    "evidence_link": _("Evidence link"),
    "comment": _("Comment"),
    "confirm": _("Confirmation"),
}


@register.filter
def answer_field_label(name: str) -> str:
    """The reader's name of a stored or form field of an answer: "Answer", "Evidence", "Evidence link"…"""
    return ANSWER_FIELD_LABELS.get(name, name)


@dataclass(frozen=True)
class RefusedField:
    anchor: str  # the id of the element to move to, "" when the error belongs to no visible field
    label: str
    message: str


@dataclass(frozen=True)
class FormProblems:
    fields: list[RefusedField]
    conflicts: list[str]  # codes of the indicators someone else changed meanwhile


@register.simple_tag
def form_problems(form) -> FormProblems:
    """A submitted questionnaire form's refused fields, each with the id of its input, in page order,
    and the indicators in an edit conflict: what the error summary and the conflict banner link to.

    Ids are Django's (id_<field name>); a group of level radios is reached by its first radio."""
    refused = []
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        if name == NON_FIELD_ERRORS or field is None or field.widget.is_hidden:
            refused += [RefusedField("", "", str(error)) for error in errors]
            continue
        code, _separator, part = name.rpartition("__")
        anchor = form[name].auto_id + ("_0" if isinstance(field.widget, forms.RadioSelect) else "")
        label = f"{code} · {answer_field_label(part)}" if code else str(field.label)
        refused += [RefusedField(anchor, label, str(error)) for error in errors]
    return FormProblems(refused, list(getattr(form, "conflicts", {}) or {}))


# Dates as the reader's language writes them (Django's DATE_FORMAT: "Nov. 25, 2026", "2026年11月25日"),
# each in a <time> element whose datetime attribute keeps the ISO form for machines.


def _time_element(value, iso: str, format_name: str) -> str:
    return format_html('<time datetime="{}">{}</time>', iso, formats.date_format(value, format_name))


@register.filter
def local_date(value) -> str:
    """A date, or a moment's date in the site's time zone, in the active language's DATE_FORMAT."""
    if value in (None, ""):
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return _time_element(value, value.isoformat(), "DATE_FORMAT")


@register.filter
def local_datetime(value) -> str:
    """A moment in the site's time zone, in the active language's DATETIME_FORMAT."""
    if value in (None, ""):
        return ""
    value = timezone.localtime(value) if timezone.is_aware(value) else value
    return _time_element(value, value.isoformat(timespec="seconds"), "DATETIME_FORMAT")


@register.simple_tag
def today() -> str:
    """Today's date, for "printed on"."""
    return local_date(timezone.localdate())


# Names: an economy or an area has an English name and a Chinese one (`name_zh`). An English page
# shows both, the Chinese one beside; a Chinese page shows the Chinese one alone.


def _names(named) -> tuple[str, str]:
    if isinstance(named, dict):
        return named.get("name") or "", named.get("name_zh") or ""
    return named.name, named.name_zh


@register.filter
def local_name(named) -> str:
    """The name in the active language: the Chinese one on a Chinese page where there is one."""
    if not isinstance(named, dict):
        return named.local_name  # Economy and Area say it themselves
    return in_reader_language(*_names(named))


@register.filter
def companion_name(named) -> str:
    """The Chinese name shown beside the English one on an English page; "" on a Chinese page."""
    name, name_zh = _names(named)
    return "" if reads_chinese() else name_zh


@register.filter
def assessment_label(assessment) -> str:
    """ "中華臺北 2025 v2": the economy's name in the active language, the cycle, the version after the first."""
    version = f" v{assessment.version}" if assessment.version > 1 else ""
    return f"{local_name(assessment.economy)} {assessment.cycle}{version}"


@register.filter
def user_text(value) -> str:
    """What a user typed, shown as typed: marked so that neither a translator nor a check of the
    page's language takes it for the interface's own text."""
    return format_html('<span class="user-text" translate="no">{}</span>', value) if value else ""


# A best practice's report section is stored once, as the report (Chinese) and its English gloss
# give it: "貳、(五) 數位化 — … (SCCP2 digitalization panel, Q1: …)".
ENGLISH_GLOSS = re.compile(r"\s+\([^()\u3400-\u9fff]*\)$")


@register.filter
def practice_citation(practice) -> str:
    """ "SCCP2 2023 report, <section>, line 145" in the active language; a Chinese page cites the
    report's own (Chinese) section heading without its English gloss."""
    section = practice.section
    if reads_chinese():
        section = ENGLISH_GLOSS.sub("", section)
    return gettext("SCCP2 2023 report, %(section)s, line %(line)s") % {"section": section, "line": practice.line}


def _css_string(text: str) -> str:
    """A CSS string of the text; "<" escaped too, so nothing can close the <style> element."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ") + '"'


@register.simple_tag
def page_footer_css() -> str:
    """The printed pages' footer (print.css writes it in English) in the active language: CSS for @page."""
    before, _page, rest = gettext("Page %(page)s of %(pages)s").partition("%(page)s")
    between, _pages, after = rest.partition("%(pages)s")
    numbers = f"{_css_string(before)} counter(page) {_css_string(between)} counter(pages) {_css_string(after)}"
    title = _css_string(gettext("Customs digitalization maturity self-assessment"))
    return mark_safe(f"@page {{ @bottom-right {{ content: {numbers}; }} @bottom-left {{ content: {title}; }} }}")


@register.simple_tag
def pdf_font_faces() -> str:
    """The fonts a PDF uses first (reports/pdf.py); only in a PDF, so no browser downloads them."""
    return mark_safe(pdf.font_faces_css())


@register.filter
def chart(svg: str, for_pdf: bool = False) -> str:
    """A drawn chart: inline SVG on a page; in a PDF an image of the same SVG, so that WeasyPrint
    draws it with its SVG renderer instead of reading every shape's style as HTML CSS (a warning per
    shape and property in the worker's log, and slower)."""
    if not svg:
        return ""
    if not for_pdf:
        return mark_safe(svg)
    return format_html('<img class="chart" alt="" src="{}">', pdf.chart_image_url(svg))
