"""The words of the offline workbook: in the active language for the writer, in every language for the reader.

A workbook is written in the reader's language (sheet names, headers, the About sheet, the
answer drop-down), and read back whatever the uploader's interface language is: the reader
accepts the words of every language the app speaks, English always among them, so the
workbooks downloaded before they were translated still read.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .. import scoring

# The About sheet's rows the reader needs, by key; the labels are written in column A.
ABOUT_KEYS = ("economy", "cycle", "framework", "assessment", "revision")


def about_sheet() -> str:
    return pgettext("workbook sheet", "About")


def about_labels() -> dict[str, str]:
    """The label of each About row, by key."""
    return {
        "economy": _("Economy"),
        "cycle": _("Cycle"),
        "framework": _("Framework"),
        "assessment": pgettext("workbook about", "Assessment"),
        "revision": pgettext("workbook about", "Revision"),
    }


def header() -> list[str]:
    """An area sheet's column titles, A to K."""
    levels = [pgettext("workbook column", "Level %(level)s") % {"level": level} for level in scoring.LEVELS]
    question = pgettext("workbook column", "Question")
    return [_("Indicator"), question, _("Answer"), *levels, _("Evidence"), _("Evidence link"), _("Comment")]


def answer_labels() -> dict[str, str]:
    """The drop-down's words for the answers that are not a level: English keeps the codes na and dk."""
    return {
        scoring.NOT_APPLICABLE: pgettext("workbook answer", "na"),
        scoring.DONT_KNOW: pgettext("workbook answer", "dk"),
    }


def answer_choices() -> list[str]:
    """The drop-down, in order: the levels, then "not applicable" and "don't know"."""
    return [*(str(level) for level in scoring.LEVELS), *answer_labels().values()]


def instructions() -> list[str]:
    """The About sheet's title and how to fill in the workbook, a row each."""
    labels = answer_labels()
    return [
        _("Customs digitalization maturity — offline questionnaire"),
        _("Fill in column C (Answer) of each area sheet: a level 0–4 whose description is beside it,"),
        _(
            "'%(na)s' if the indicator does not apply, or '%(dk)s' if you do not know. "
            "Leave it empty if not answered yet."
        )
        % {"na": labels[scoring.NOT_APPLICABLE], "dk": labels[scoring.DONT_KNOW]},
        _("Then upload the workbook on the assessment's page: you will see every change before it is saved."),
        _("Do not rename sheets or change the Indicator column."),
    ]


def answer_error() -> str:
    labels = answer_labels()
    return _("Choose 0, 1, 2, 3, 4, %(na)s or %(dk)s.") % {
        "na": labels[scoring.NOT_APPLICABLE],
        "dk": labels[scoring.DONT_KNOW],
    }


def _in_every_language(words):
    """words() once in each language the app speaks."""
    found = []
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            found.append(words())
    return found


def about_sheets_in_every_language() -> set[str]:
    return set(_in_every_language(about_sheet))


def about_keys_by_label() -> dict[str, str]:
    """Every language's About label, to its key."""
    return {label: key for labels in _in_every_language(about_labels) for key, label in labels.items()}


def answers_by_label() -> dict[str, str]:
    """Every language's drop-down word for na and dk, case-folded, to the stored value."""
    return {label.casefold(): value for labels in _in_every_language(answer_labels) for value, label in labels.items()}
