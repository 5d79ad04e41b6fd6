"""The questionnaire's indicator blocks: what each shows, and its HTML written in Python.

An editor lands on a freshly rendered area after every save. Through the template language the
blocks were most of that page's time (docs/performance.md), so they are written here, once, for
both the page built from the stored answers and the page that shows a refused form again.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from django.template.defaultfilters import floatformat, linebreaksbr
from django.utils import formats, timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, gettext_lazy, ngettext

from .. import scoring
from ..answer_rules import COMMENT_MAX_LENGTH, EVIDENCE_MAX_LENGTH, LINK_MAX_LENGTH, AnswerInput
from ..languages import reads_chinese

PARTS = ("value", "evidence", "link", "comment")
LABELS = {
    "value": gettext_lazy("Where does your administration stand?"),
    "evidence": gettext_lazy("Evidence"),
    "link": gettext_lazy("Evidence link"),
    "comment": gettext_lazy("Comment"),
    "confirm": gettext_lazy("Confirm this answer for this cycle"),
}
EVIDENCE_HELP = gettext_lazy("What shows this level: a law, a system, a statistic, a document.")


def field_name(indicator_code: str, part: str) -> str:
    return f"{indicator_code}__{part}"


def value_choices(indicator) -> list[tuple[str, str]]:
    """The indicator's level descriptions as choices, then "not applicable" and "don't know"."""
    levels = [
        (
            str(level),
            gettext("Level %(level)s · %(stage)s — %(description)s")
            % {"level": level, "stage": gettext(scoring.STAGE_NAMES[level]), "description": description},
        )
        for level, description in enumerate(indicator.levels)
    ]
    return levels + [
        (scoring.NOT_APPLICABLE, gettext("Not applicable to our administration")),
        (scoring.DONT_KNOW, gettext("Don't know")),
    ]


@dataclass
class IndicatorBlock:
    """One indicator as the page shows it: the typed or stored answer, its marks and its errors."""

    indicator: object
    answer: AnswerInput
    shown: str  # the fingerprint of the stored answer the page shows
    confirm: bool | None = None  # None: not carried forward, so there is nothing to confirm
    carried_from: int | None = None
    mapped_from: str = ""
    missing: bool = False
    conflict: object = None  # the answer someone else saved meanwhile
    comments: list = field(default_factory=list)
    errors: dict[str, list[str]] = field(default_factory=dict)
    disabled: bool = False


def blocks_from_answers(indicators, answers: dict, *, missing=frozenset(), comments=None, disabled=False):
    """The blocks of a page built from the stored answers (no form needed)."""
    comments = comments or {}
    blocks = []
    for indicator in indicators:
        answer = answers.get(indicator.code)
        given = AnswerInput.of(answer)
        carried = getattr(answer, "carried_from", None)
        blocks.append(
            IndicatorBlock(
                indicator=indicator,
                answer=given,
                shown=given.fingerprint(),
                confirm=False if carried else None,
                carried_from=carried,
                mapped_from=getattr(answer, "mapped_from", "") if carried else "",
                missing=indicator.code in missing,
                comments=comments.get(indicator.code, []),
                disabled=disabled,
            )
        )
    return blocks


CONFIRM_ALL = "confirm_all"


def render_blocks(blocks: list[IndicatorBlock], prerequisites=()) -> SafeString:
    """The blocks, after a button confirming every carried answer left unchanged when the page has any;
    each level a prerequisite guards says, beside it, what it needs and why."""
    words = _Words()
    guards: dict[str, list] = {}
    for prerequisite in prerequisites:
        guards.setdefault(prerequisite.indicator.code, []).append(prerequisite)
    to_confirm = [block for block in blocks if block.confirm is not None and not block.disabled]
    return mark_safe(
        _confirm_all(len(to_confirm))
        + "".join(_block(block, words, guards.get(block.indicator.code, ())) for block in blocks)
    )


def _confirm_all(count: int) -> str:
    if not count:
        return ""
    note = ngettext(
        "%(count)s answer on this page is carried forward and awaits confirmation.",
        "%(count)s answers on this page are carried forward and await confirmation.",
        count,
    ) % {"count": count}
    label = gettext("Confirm every unchanged answer on this page")
    return (
        '<div class="alert alert-secondary d-flex flex-wrap gap-2 align-items-center" data-testid="confirm-all-box">'
        f"<span>{_escape(note)}</span>"
        f'<button class="btn btn-sm btn-outline-primary" type="submit" name="action" value="{CONFIRM_ALL}"'
        f' data-testid="confirm-all">{_escape(label)}</button></div>\n'
    )


def _escape(text) -> str:
    # The standard library's escape, as Django's does, without Django's check for lazy arguments.
    return html.escape(str(text))


class _Words:
    """The page's fixed words in the current language, escaped once per page."""

    def __init__(self):
        self.labels = {part: _escape(label) for part, label in LABELS.items()}
        self.evidence_help = _escape(EVIDENCE_HELP)
        self.reviewer = _escape(gettext("Reviewer"))
        self.addressed = _escape(gettext("addressed"))
        self.their_evidence = _escape(gettext("Their evidence"))


def _static(indicator, guards=()) -> tuple[str, list[tuple[str, str]]]:
    """The indicator's header and its escaped choices in the current language, each level with the
    prerequisites that guard it.

    Kept on the indicator object, which lives as long as its content generation
    (framework.selectors.framework_content), so a text edited in the admin, or a reloaded
    prerequisite, is never shown stale."""
    memo = indicator.__dict__.setdefault("_questionnaire_html", {})
    language = get_language()
    if language not in memo:
        choices = [
            (_escape(value), _escape(label) + _guard_notes(indicator.code, value, guards))
            for value, label in value_choices(indicator)
        ]
        memo[language] = (_static_header(indicator), choices)
    return memo[language]


def _guard_notes(code: str, value: str, guards) -> str:
    """What reaching this level needs first, as small notes under the level's text."""
    notes = []
    for prerequisite in guards:
        if str(prerequisite.level) != value:
            continue
        needs = gettext("Needs %(indicator)s at level %(level)s first.") % {
            "indicator": prerequisite.needs.code,
            "level": prerequisite.needs_level,
        }
        notes.append(
            f'<span class="d-block small text-body-secondary" data-testid="prerequisite-{_escape(code)}-{value}">'
            f"{_escape(needs)} {_escape(prerequisite.why)} "
            f'(<span lang="en" translate="no">{_escape(prerequisite.source)}</span>)</span>'
        )
    return "".join(notes)


def _static_header(indicator) -> str:
    code = _escape(indicator.code)
    weight = floatformat(indicator.weight, "-2")
    html_parts = [
        '<div class="d-flex justify-content-between align-items-start">\n'
        f'  <h3 class="h6 mb-1"><span class="badge text-bg-secondary me-2">{code}</span>'
        f"{_escape(indicator.question)}</h3>\n"
        f'  <span class="small text-body-secondary text-nowrap ms-2" title="{_escape(indicator.weight_rationale)}">'
        f"{_escape(gettext('weight'))} {_escape(weight)}</span>\n</div>\n"
    ]
    if indicator.guidance:
        html_parts.append(f'<p class="small text-body-secondary mb-1">{_escape(indicator.guidance)}</p>\n')
    if indicator.references:
        badges = "".join(_reference_badge(r) for r in indicator.references)
        html_parts.append(f'<p class="small mb-2">{_escape(gettext("Maps to"))}: {badges}</p>\n')
    return "".join(html_parts)


def _reference_badge(reference: dict) -> str:
    """A reference as "source · title": in Chinese where the framework gives `ref_zh` and the page is
    in Chinese (with `source_zh` where the source is no acronym), else as the instrument words it,
    marked English and not to be machine-translated."""
    if reads_chinese() and reference.get("ref_zh"):
        source = reference.get("source_zh") or reference["source"]
        return (
            f'<span class="badge text-bg-light border me-1">{_escape(source)} · {_escape(reference["ref_zh"])}</span>'
        )
    return (
        f'<span class="badge text-bg-light border me-1" lang="en" translate="no">'
        f"{_escape(reference['source'])} · {_escape(reference['ref'])}</span>"
    )


def _block(block: IndicatorBlock, words: _Words, guards=()) -> str:
    code = _escape(block.indicator.code)
    header, choices = _static(block.indicator, guards)
    border = " border-danger" if block.missing else ""
    shown = f"{code}__shown"
    return (
        f'<div id="indicator-{code}" class="card card-body mb-4 indicator{border}">\n'
        f"{header}{_notes(block, code, words)}"
        f'<input type="hidden" name="{shown}" value="{_escape(block.shown)}" id="id_{shown}">\n'
        f"{_radios(block, code, choices, words)}"
        f"{_confirm(block, code, words)}"
        '<div class="row">\n'
        f'  <div class="col-md-6">{_evidence(block, code, words)}</div>\n'
        f'  <div class="col-md-6">{_link(block, code, words)}\n    {_comment(block, code, words)}</div>\n'
        "</div>\n</div>\n"
    )


def _notes(block: IndicatorBlock, code: str, words: _Words) -> str:
    """What is said about this indicator's answer: carried forward, reviewer's comments, missing, conflict."""
    html_parts = []
    if block.carried_from:
        if block.mapped_from:
            note = gettext(
                "Carried forward from %(cycle)s and mapped from framework %(version)s — confirm or change."
            ) % {"cycle": block.carried_from, "version": block.mapped_from}
        else:
            note = gettext("Carried forward from %(cycle)s — confirm or change.") % {"cycle": block.carried_from}
        html_parts.append(
            f'<div class="alert alert-secondary py-1 px-2 small" role="note" data-testid="carried-{code}">'
            f"{_escape(note)}</div>\n"
        )
    for comment in block.comments:
        tone = "alert-warning" if comment.is_open else "alert-light border"
        addressed = "" if comment.is_open else f" ({words.addressed})"
        html_parts.append(
            f'<div class="alert {tone} py-1 px-2 small" role="note" data-testid="review-comment-{code}">\n'
            f"  <strong>{words.reviewer}{addressed}:</strong> "
            f'<span class="user-text" translate="no">{linebreaksbr(comment.text, autoescape=True)}</span>\n'
            "</div>\n"
        )
    if block.missing:
        message = gettext("This indicator needs an answer before the assessment can be submitted.")
        html_parts.append(
            f'<div class="alert alert-danger py-1 px-2 small" role="alert" data-testid="missing-{code}">'
            f"{_escape(message)}</div>\n"
        )
    if block.conflict is not None:
        html_parts.append(_conflict(code, block.conflict, words))
    return "".join(html_parts)


def _conflict(code: str, answer, words: _Words) -> str:
    moment = timezone.template_localtime(answer.updated_at)
    when = f'<time datetime="{moment.isoformat()}">{_escape(formats.date_format(moment, "DATETIME_FORMAT"))}</time>'
    saved = _escape(gettext("Saved meanwhile by %(who)s (%(when)s): answer “%(value)s”.")) % {
        "who": f'<span class="user-text" translate="no">{_escape(answer.updated_by)}</span>',
        "when": when,
        "value": _escape(answer.get_value_display()),
    }
    evidence = (
        f'<br>{words.their_evidence}: <span class="user-text" translate="no">{_escape(answer.evidence)}</span>'
        if answer.evidence
        else ""
    )
    return (
        f'<div class="alert alert-warning py-1 px-2 small" role="alert" data-testid="conflict-{code}">\n'
        f"  {saved}\n  {evidence}\n</div>\n"
    )


def _radios(block: IndicatorBlock, code: str, choices, words: _Words) -> str:
    name = f"{code}__value"
    errors = block.errors.get("value", ())
    invalid = " is-invalid" if errors else ""
    disabled = " disabled" if block.disabled else ""
    current = _escape(block.answer.value)
    radios = "\n".join(
        f'<div class="form-check"><input class="form-check-input{invalid}" type="radio" name="{name}" '
        f'value="{value}" id="id_{name}_{n}"{" checked" if value == current else ""}{disabled}>'
        f'<label class="form-check-label" for="id_{name}_{n}">{label}</label></div>'
        for n, (value, label) in enumerate(choices)
    )
    return (
        f'<fieldset class="mb-3" id="div_id_{name}">\n'
        f'  <legend class="form-label fs-6">{words.labels["value"]}</legend>\n'
        f"  {radios}\n{_errors(errors)}</fieldset>\n"
    )


def _confirm(block: IndicatorBlock, code: str, words: _Words) -> str:
    if block.confirm is None:
        return ""
    name = f"{code}__confirm"
    checked = " checked" if block.confirm else ""
    disabled = " disabled" if block.disabled else ""
    return (
        f'<div class="form-check mb-3"><input type="checkbox" class="form-check-input" name="{name}" '
        f'id="id_{name}"{checked}{disabled}><label class="form-check-label" for="id_{name}">'
        f"{words.labels['confirm']}</label></div>\n"
    )


def _evidence(block: IndicatorBlock, code: str, words: _Words) -> str:
    name = f"{code}__evidence"
    return _text_area(block, "evidence", words, f' aria-describedby="id_{name}_helptext"') + (
        f'\n    <div id="id_{name}_helptext" class="form-text">{words.evidence_help}</div></div>'
    )


def _comment(block: IndicatorBlock, code: str, words: _Words) -> str:
    return _text_area(block, "comment", words) + "</div>"


def _text_area(block: IndicatorBlock, part: str, words: _Words, described_by: str = "") -> str:
    """An evidence or comment box, its errors, and its wrapper left open for what follows."""
    name, errors, marks = _field_state(block, part)
    text = block.answer.evidence if part == "evidence" else block.answer.comment
    limit = EVIDENCE_MAX_LENGTH if part == "evidence" else COMMENT_MAX_LENGTH
    return (
        f"{_opening(name, words.labels[part])}"
        f'    <textarea name="{name}" rows="2" maxlength="{limit}" class="form-control{marks[0]}"{described_by} '
        f'id="id_{name}"{marks[1]}>\n{_escape(text)}</textarea>\n    {_errors(errors)}'
    )


def _link(block: IndicatorBlock, code: str, words: _Words) -> str:
    name, errors, marks = _field_state(block, "link")
    return (
        f"{_opening(name, words.labels['link'])}"
        f'    <input type="url" name="{name}" value="{_escape(block.answer.evidence_link)}" '
        f'maxlength="{LINK_MAX_LENGTH}" class="form-control{marks[0]}" id="id_{name}"{marks[1]}>\n'
        f"    {_errors(errors)}</div>"
    )


def _field_state(block: IndicatorBlock, part: str) -> tuple[str, list, tuple[str, str]]:
    """A field's name, its errors, and the marks its tag takes: (" is-invalid" or "", " disabled" or "")."""
    errors = block.errors.get(part, ())
    marks = (" is-invalid" if errors else "", " disabled" if block.disabled else "")
    return f"{_escape(block.indicator.code)}__{part}", errors, marks


def _opening(name: str, label: str) -> str:
    return f'<div id="div_id_{name}" class="mb-3"><label for="id_{name}" class="form-label">{label}</label>\n'


def _errors(errors) -> str:
    return "".join(f'<div class="invalid-feedback d-block">{_escape(error)}</div>' for error in errors)
