from dataclasses import dataclass

from django import forms, template
from django.forms.forms import NON_FIELD_ERRORS
from django.utils.translation import gettext_lazy as _

register = template.Library()


@register.filter
def get_item(mapping, key):
    """mapping[key] in a template, for columns named at run time (area codes)."""
    return mapping.get(key)


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
