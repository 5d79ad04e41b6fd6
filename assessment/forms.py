"""One form per screen; they validate and convert, services save."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Field, Layout
from django import forms
from django.template.loader import render_to_string
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from . import scoring
from .models import Answer, Economy
from .services import MAX_CYCLE, MIN_CYCLE, AnswerInput

EVIDENCE_MAX_LENGTH = 5000
COMMENT_MAX_LENGTH = 2000


class StartAssessmentForm(forms.Form):
    economy = forms.ModelChoiceField(label=_("Economy"), queryset=Economy.objects.none())
    cycle = forms.IntegerField(
        label=_("Cycle (year)"),
        min_value=MIN_CYCLE,
        max_value=MAX_CYCLE,
        error_messages={
            "min_value": _("The cycle must be a year from %(limit_value)s on."),
            "max_value": _("The cycle must be a year up to %(limit_value)s."),
        },
    )

    def __init__(self, *args, economies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["economy"].queryset = economies
        self.helper = FormHelper()
        self.helper.form_tag = False


def value_choices(indicator) -> list[tuple[str, str]]:
    """The indicator's level descriptions as choices, then "not applicable" and "don't know"."""
    levels = [
        (
            str(level),
            _("Level %(level)s · %(stage)s — %(description)s")
            % {"level": level, "stage": _(scoring.STAGE_NAMES[level]), "description": description},
        )
        for level, description in enumerate(indicator.levels)
    ]
    return levels + [
        (scoring.NOT_APPLICABLE, _("Not applicable to our administration")),
        (scoring.DONT_KNOW, _("Don't know")),
    ]


def field_name(indicator_code: str, part: str) -> str:
    return f"{indicator_code}__{part}"


class AreaAnswersForm(forms.Form):
    """Every indicator of one area: a level (or na/dk), evidence, a link and a comment."""

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(
        self,
        *args,
        area,
        answers: dict[str, Answer],
        missing: set[str] = frozenset(),
        conflicts: dict[str, Answer] | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.indicators = list(area.indicators.all())
        for indicator in self.indicators:
            answer = answers.get(indicator.code)
            code = indicator.code
            self.fields[field_name(code, "value")] = forms.ChoiceField(
                label=_("Where does your administration stand?"),
                choices=value_choices(indicator),
                widget=forms.RadioSelect,
                required=False,
                initial=answer.value if answer else "",
            )
            self.fields[field_name(code, "evidence")] = forms.CharField(
                label=_("Evidence"),
                help_text=_("What shows this level: a law, a system, a statistic, a document."),
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                max_length=EVIDENCE_MAX_LENGTH,
                initial=answer.evidence if answer else "",
            )
            self.fields[field_name(code, "link")] = forms.URLField(
                label=_("Evidence link"),
                required=False,
                max_length=500,
                assume_scheme="https",
                initial=answer.evidence_link if answer else "",
            )
            self.fields[field_name(code, "comment")] = forms.CharField(
                label=_("Comment"),
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                max_length=COMMENT_MAX_LENGTH,
                initial=answer.comment if answer else "",
            )
        self.missing, self.conflicts = missing, conflicts or {}

    @cached_property
    def helper(self) -> FormHelper:
        """The layout, built only when the form is shown (a valid save never renders it)."""
        layout = []
        for indicator in self.indicators:
            code = indicator.code
            header = render_to_string(
                "assessment/_indicator_header.html",
                {
                    "indicator": indicator,
                    "is_missing": code in self.missing,
                    "conflicting_answer": self.conflicts.get(code),
                },
            )
            layout.append(
                Div(
                    HTML(header),
                    Field(field_name(code, "value"), template="assessment/_level_choices.html"),
                    Div(
                        Div(Field(field_name(code, "evidence")), css_class="col-md-6"),
                        Div(Field(field_name(code, "link")), Field(field_name(code, "comment")), css_class="col-md-6"),
                        css_class="row",
                    ),
                    css_class="card card-body mb-4 indicator" + (" border-danger" if code in self.missing else ""),
                    css_id=f"indicator-{code}",
                )
            )
        helper = FormHelper()
        helper.form_tag = False
        helper.layout = Layout("revision", *layout)
        return helper

    def answer_inputs(self) -> dict[str, AnswerInput]:
        data = self.cleaned_data
        return {
            indicator.code: AnswerInput(
                value=data[field_name(indicator.code, "value")],
                evidence=data[field_name(indicator.code, "evidence")].strip(),
                evidence_link=data[field_name(indicator.code, "link")],
                comment=data[field_name(indicator.code, "comment")].strip(),
            )
            for indicator in self.indicators
        }


MAX_RADAR_ECONOMIES = 5


class CompareForm(forms.Form):
    """The compare page's choices, read from the query string."""

    cycle = forms.TypedChoiceField(label=_("Cycle"), coerce=int)
    economies = forms.MultipleChoiceField(
        label=_("Economies"),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        help_text=_("Leave empty for every economy with a published assessment in the cycle."),
    )
    weights = forms.ChoiceField(label=_("Weight profile"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False)
    radar = forms.MultipleChoiceField(
        label=_("On the radar"),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        help_text=_("Up to five economies; the top five by default."),
    )

    def __init__(self, *args, cycles: list[int], economies, weight_choices, area_codes: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cycle"].choices = [(cycle, cycle) for cycle in cycles]
        economy_choices = [(economy.code, economy.name) for economy in economies]
        self.fields["economies"].choices = economy_choices
        self.fields["radar"].choices = economy_choices
        self.fields["weights"].choices = [(choice.slug, choice.name) for choice in weight_choices]
        self.fields["sort"].choices = [("rank", _("Rank")), ("economy", _("Economy")), ("overall", _("Overall"))] + [
            (code, code) for code in area_codes
        ]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean_radar(self):
        radar = self.cleaned_data["radar"]
        if len(radar) > MAX_RADAR_ECONOMIES:
            raise forms.ValidationError(
                _("Choose at most %(count)s economies for the radar."),
                code="too_many",
                params={"count": MAX_RADAR_ECONOMIES},
            )
        return radar


class WorkbookUploadForm(forms.Form):
    workbook = forms.FileField(
        label=_("Filled-in workbook (.xlsx, at most 2 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def clean_workbook(self):
        from .workbooks import MAX_UPLOAD_BYTES

        workbook = self.cleaned_data["workbook"]
        if not workbook.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Upload an .xlsx workbook."), code="not_xlsx")
        if workbook.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB."), code="too_large")
        return workbook
