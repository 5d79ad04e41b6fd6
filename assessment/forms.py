"""One form per screen; they validate and convert, services save."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from django import forms
from django.contrib.auth import get_user_model
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from . import answer_rules, scoring
from .answers.services import MAX_CYCLE, MIN_CYCLE, AnswerInput
from .models import Answer, Cycle, Economy, Framework
from .planning.services import MAX_TARGET_YEAR, MIN_TARGET_YEAR
from .reports.comparison import MAX_RADAR_ECONOMIES
from .reports.questionnaire_blocks import (
    CONFIRM_ALL,
    EVIDENCE_HELP,
    LABELS,
    PARTS,
    IndicatorBlock,
    field_name,
    value_choices,
)


class StartAssessmentForm(forms.Form):
    economy = forms.ModelChoiceField(label=_("Economy"), queryset=Economy.objects.none())
    # The open cycles the user's economies are invited to, each with its due date (no free year).
    cycle = forms.ModelChoiceField(
        label=_("Cycle"),
        queryset=Cycle.objects.none(),
        to_field_name="year",
        error_messages={"invalid_choice": _("This cycle is not open to your economy.")},
    )

    carry_forward = forms.BooleanField(
        label=_("Start from our latest validated answers"),
        help_text=_("Each carried answer is marked until you confirm or change it."),
        required=False,
        initial=True,
    )

    def __init__(self, *args, economies, cycles=(), sources=None, **kwargs):
        """`cycles`: the open cycles the user's economies are invited to. `sources`: each economy's
        validated assessment to carry forward, by economy id; the option is offered only when there
        is one, and names its cycle and version."""
        super().__init__(*args, **kwargs)
        self.fields["economy"].queryset = economies
        self.fields["economy"].label_from_instance = lambda economy: economy.local_name
        self.fields["cycle"].queryset = Cycle.objects.filter(pk__in=[cycle.pk for cycle in cycles])
        self.fields["cycle"].label_from_instance = lambda cycle: (
            _("%(year)s (due %(due)s)")
            % {
                "year": cycle.year,
                "due": date_format(cycle.due_on, "DATE_FORMAT"),
            }
        )
        sources = sources or {}
        if not sources:
            del self.fields["carry_forward"]
            self.nothing_to_carry = True
        else:
            self.nothing_to_carry = False
            names = [
                _("%(economy)s %(cycle)s, version %(version)s")
                % {"economy": source.economy.local_name, "cycle": source.cycle, "version": source.version}
                for source in sources.values()
            ]
            self.fields["carry_forward"].label = _("Start from our validated answers: %(sources)s") % {
                "sources": "; ".join(str(name) for name in names)
            }
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self):
        cleaned = super().clean()
        economy, cycle = cleaned.get("economy"), cleaned.get("cycle")
        if economy is not None and cycle is not None and not cycle.invites(economy):
            self.add_error("cycle", _("This cycle is not open to your economy."))
        return cleaned


class MultilineTextField(forms.CharField):
    """A text box's text with its line breaks as LF (answer_rules.unify_line_breaks): browsers send CR+LF.
    Converted before validation, so a length limit counts a line break once, as the box does."""

    def to_python(self, value):
        return answer_rules.unify_line_breaks(super().to_python(value))


class EvidenceLinkField(forms.URLField):
    """A web address; one typed without a scheme is taken as https."""

    default_validators = [answer_rules.http_link]
    default_error_messages = {"invalid": answer_rules.LINK_MESSAGE}


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
        comments: dict[str, list] | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.indicators = list(area.indicators.all())
        self.carried = {code: answer.carried_from for code, answer in answers.items() if answer.carried_from}
        self.mapped = {code: answer.mapped_from for code, answer in answers.items() if answer.mapped_from}
        for indicator in self.indicators:
            answer = answers.get(indicator.code)
            code = indicator.code
            self.fields[field_name(code, "value")] = forms.ChoiceField(
                label=LABELS["value"],
                choices=value_choices(indicator),
                widget=forms.RadioSelect,
                required=False,
                initial=answer.value if answer else "",
            )
            self.fields[field_name(code, "evidence")] = MultilineTextField(
                label=LABELS["evidence"],
                help_text=EVIDENCE_HELP,
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                max_length=answer_rules.EVIDENCE_MAX_LENGTH,
                validators=[answer_rules.no_forbidden_characters],
                initial=answer.evidence if answer else "",
            )
            self.fields[field_name(code, "link")] = EvidenceLinkField(
                label=LABELS["link"],
                required=False,
                max_length=answer_rules.LINK_MAX_LENGTH,
                assume_scheme="https",
                validators=[answer_rules.no_forbidden_characters],
                initial=answer.evidence_link if answer else "",
            )
            self.fields[field_name(code, "comment")] = MultilineTextField(
                label=LABELS["comment"],
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                max_length=answer_rules.COMMENT_MAX_LENGTH,
                validators=[answer_rules.no_forbidden_characters],
                initial=answer.comment if answer else "",
            )
            # What the page showed, so that a save can tell the editor's changes from stale text.
            self.fields[field_name(code, "shown")] = forms.CharField(
                widget=forms.HiddenInput,
                required=False,
                max_length=64,
                initial=AnswerInput.of(answer).fingerprint(),
            )
            if code in self.carried:
                self.fields[field_name(code, "confirm")] = forms.BooleanField(label=LABELS["confirm"], required=False)
        self.missing, self.conflicts, self.comments = missing, conflicts or {}, comments or {}

    def blocks(self) -> list[IndicatorBlock]:
        """What the page shows for each indicator: what was typed, with its errors."""
        blocks = []
        for indicator in self.indicators:
            code = indicator.code
            typed = {part: self[field_name(code, part)].value() for part in ("value", "evidence", "link", "comment")}
            typed = {part: "" if given is None else str(given) for part, given in typed.items()}
            confirm = None
            if code in self.carried:
                confirm = bool(self[field_name(code, "confirm")].value())
            blocks.append(
                IndicatorBlock(
                    indicator=indicator,
                    answer=AnswerInput(typed["value"], typed["evidence"], typed["link"], typed["comment"]),
                    shown=self[field_name(code, "shown")].value() or "",
                    confirm=confirm,
                    carried_from=self.carried.get(code),
                    mapped_from=self.mapped.get(code, ""),
                    missing=code in self.missing,
                    conflict=self.conflicts.get(code),
                    comments=self.comments.get(code, []),
                    errors={part: list(self.errors.get(field_name(code, part), [])) for part in PARTS},
                    disabled=self.fields[field_name(code, "value")].disabled,
                )
            )
        return blocks

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

    def confirmed_codes(self) -> frozenset[str]:
        """Carried-forward answers the editor ticked as confirmed for this cycle; all of them with
        "confirm every unchanged answer on this page" (those changed are saved as changed)."""
        if self.data.get("action") == CONFIRM_ALL:
            return frozenset(self.carried)
        return frozenset(code for code in self.carried if self.cleaned_data.get(field_name(code, "confirm")))

    def edited_inputs(self) -> dict[str, AnswerInput]:
        """The inputs its editor changed from what the page showed (all of them when that is not known),
        and those confirmed as carried forward."""
        shown = {i.code: self.cleaned_data[field_name(i.code, "shown")] for i in self.indicators}
        confirmed = self.confirmed_codes()
        return {
            code: given
            for code, given in self.answer_inputs().items()
            if given.fingerprint() != shown[code] or code in confirmed
        }


def data_after_conflict(form: AreaAnswersForm, stored: dict[str, Answer]) -> dict:
    """The form data to show again after an edit conflict: the editor's own changes, and what
    is stored now for every indicator the editor did not change, so saving again can never put
    back the stale text of an indicator the editor left alone."""
    data = form.data.copy()
    edited = form.edited_inputs() if form.is_valid() else {}
    for indicator in form.indicators:
        code = indicator.code
        current = AnswerInput.of(stored.get(code))
        if code not in edited:
            data[field_name(code, "value")] = current.value
            data[field_name(code, "evidence")] = current.evidence
            data[field_name(code, "link")] = current.evidence_link
            data[field_name(code, "comment")] = current.comment
        data[field_name(code, "shown")] = current.fingerprint()
    return data


class CompareForm(forms.Form):
    """The compare page's choices, read from the query string."""

    # Any plausible year: a cycle nobody has published yet is an empty comparison, not an error.
    cycle = forms.IntegerField(label=_("Cycle"), min_value=MIN_CYCLE, max_value=MAX_CYCLE, widget=forms.Select)
    economies = forms.MultipleChoiceField(
        label=_("Economies"),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        help_text=_("Leave empty for every economy with a published assessment in the cycle."),
    )
    weights = forms.ChoiceField(label=_("Weight profile"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False)
    provisional = forms.BooleanField(
        label=_("Rank every economy, marking ranks below the completeness threshold as provisional"),
        required=False,
    )
    reference = forms.BooleanField(
        label=_("Show independent reference data (OECD Trade Facilitation Indicators)"), required=False
    )
    radar = forms.MultipleChoiceField(
        label=_("On the radar"),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        help_text=_("Up to five economies; the top five by default."),
    )

    def __init__(
        self,
        *args,
        cycles: list[int],
        economies: list[tuple[str, str]],
        weight_choices,
        area_codes: list[str],
        opening: tuple[int | None, str] = (None, ""),
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.opening = opening  # the cycle the page opens on, and why (compare.comparison.default_cycle_reason)
        self.fields["cycle"].widget.choices = [(cycle, cycle) for cycle in cycles]
        economy_choices = list(economies)  # (code, name) pairs
        self.fields["economies"].choices = economy_choices
        self.fields["radar"].choices = economy_choices
        self.fields["weights"].choices = [(choice.slug, choice.name) for choice in weight_choices]
        keys = [("rank", _("Rank")), ("economy", _("Economy")), ("overall", _("Overall"))]
        keys += [(code, code) for code in area_codes]
        # "-key" is the same order reversed: clicking a sorted column again.
        self.fields["sort"].choices = keys + [(f"-{key}", label) for key, label in keys]
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
        from .reports.workbooks import MAX_UPLOAD_BYTES

        workbook = self.cleaned_data["workbook"]
        if not workbook.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Upload an .xlsx workbook."), code="not_xlsx")
        if workbook.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB."), code="too_large")
        return workbook


class CorrectionForm(forms.Form):
    """Opening a correction: what is corrected and why, which its reviewer reads."""

    reason = MultilineTextField(
        label=_("What needs correcting, and why"),
        help_text=_("The reviewer of the correction reads this beside the answers that differ."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        validators=[answer_rules.no_forbidden_characters],
        error_messages={"required": _("Say what needs correcting and why.")},
    )


def overall_comment_field() -> MultilineTextField:
    """A reviewer's overall comment, on the decision page and again on the publishing page."""
    return MultilineTextField(
        label=_("Overall comment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
        validators=[answer_rules.no_forbidden_characters],
    )


class PublishForm(forms.Form):
    """The confirmation that publishes: without `confirmed`, nothing is published."""

    comment = overall_comment_field()
    confirmed = forms.BooleanField(required=True, widget=forms.HiddenInput)


class ReviewDecisionForm(forms.Form):
    """A reviewer's decision: an overall comment and, to return it, comments on single answers."""

    RETURN, VALIDATE = "return", "validate"
    decision = forms.ChoiceField(choices=[(RETURN, _("Return for changes")), (VALIDATE, _("Validate and publish"))])
    comment = overall_comment_field()

    def __init__(self, *args, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = list(indicators)
        for indicator in self.indicators:
            self.fields[field_name(indicator.code, "review")] = MultilineTextField(
                label=_("Comment on %(code)s") % {"code": indicator.code},
                widget=forms.Textarea(attrs={"rows": 1}),
                required=False,
                max_length=2000,
                validators=[answer_rules.no_forbidden_characters],
            )

    def indicator_comments(self) -> dict[str, str]:
        return {i.code: self.cleaned_data[field_name(i.code, "review")] for i in self.indicators}

    def wants_validation(self) -> bool:
        """Validating is only asked for here: the publishing page confirms it."""
        return self.cleaned_data["decision"] == self.VALIDATE

    def field_for(self, code: str):
        return self[field_name(code, "review")]


class CycleForm(forms.Form):
    """A new cycle, planned until the secretariat opens it."""

    year = forms.IntegerField(label=_("Year"), min_value=MIN_CYCLE, max_value=MAX_CYCLE)
    framework = forms.ModelChoiceField(label=_("Framework version"), queryset=Framework.objects.all())
    opens_on = forms.DateField(label=_("Opening date"), widget=forms.DateInput(attrs={"type": "date"}))
    due_on = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))
    publication_date = forms.DateField(
        label=_("Publication date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Validated assessments stay private until this date. Leave empty to publish each on validation."),
    )
    economies = forms.ModelMultipleChoiceField(
        label=_("Invited economies"),
        queryset=Economy.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None selected means every economy."),
    )
    note = MultilineTextField(label=_("Note to focal points"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["economies"].label_from_instance = lambda economy: economy.local_name
        current = Framework.objects.filter(is_current=True).first()
        self.fields["framework"].initial = current.pk if current else None
        self.helper = FormHelper()
        self.helper.form_tag = False


class CycleActionForm(forms.Form):
    """Open, close or publish a cycle: confirmed by ticking the box."""

    ACTIONS = ("open", "close", "publish")

    confirm = forms.BooleanField(label=_("Yes, I confirm"), required=True)


class RemindForm(forms.Form):
    """Remind one economy (by code) or, without one, every economy that has not submitted."""

    economy = forms.ModelChoiceField(
        queryset=Economy.objects.all(), to_field_name="code", required=False, label=_("Economy")
    )


class AssignReviewerForm(forms.Form):
    economy = forms.ModelChoiceField(queryset=Economy.objects.all(), to_field_name="code", label=_("Economy"))
    reviewer = forms.ModelChoiceField(
        queryset=get_user_model().objects.filter(is_active=True), required=False, label=_("Reviewer")
    )

    def __init__(self, *args, reviewers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if reviewers is not None:
            self.fields["reviewer"].queryset = reviewers


TARGET_CHOICES = [("", _("No target"))] + [(str(level), str(level)) for level in scoring.LEVELS]


class TargetsForm(forms.Form):
    """A target level per indicator and per area (an area's applies to its indicators without their own),
    the year to reach them, and whether the public may read them."""

    target_year = forms.IntegerField(
        label=_("Target year"),
        min_value=MIN_TARGET_YEAR,
        max_value=MAX_TARGET_YEAR,
        error_messages={
            "min_value": _("The target year must be from %(limit_value)s on."),
            "max_value": _("The target year must be up to %(limit_value)s."),
        },
    )
    is_public = forms.BooleanField(
        label=_("Publish our targets and roadmap"),
        help_text=_("Otherwise only your economy's focal points and the reviewers read them."),
        required=False,
    )

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.areas = list(areas)
        for area in self.areas:
            self.fields[f"area__{area.code}"] = forms.TypedChoiceField(
                label=_("Target for every indicator of %(area)s") % {"area": area.local_name},
                choices=TARGET_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
            )
            for indicator in area.indicators.all():
                self.fields[f"target__{indicator.code}"] = forms.TypedChoiceField(
                    label=_("Target for %(code)s") % {"code": indicator.code},
                    choices=TARGET_CHOICES,
                    coerce=int,
                    empty_value=None,
                    required=False,
                )

    def area_levels(self) -> dict[str, int | None]:
        return {area.code: self.cleaned_data[f"area__{area.code}"] for area in self.areas}

    def levels(self) -> dict[str, int | None]:
        return {
            indicator.code: self.cleaned_data[f"target__{indicator.code}"]
            for area in self.areas
            for indicator in area.indicators.all()
        }


def bound_compare_form(query, options) -> CompareForm:
    """The compare form bound to the query (the default cycle when it names none); unbound when
    nothing is published. `options` are reports.comparison.compare_options()."""
    data = query.copy()
    if options.cycles and not data.get("cycle"):
        data["cycle"] = str(options.default_cycle)
    return CompareForm(
        data if options.cycles else None,
        cycles=options.cycles,
        economies=options.economies,
        weight_choices=options.choices,
        area_codes=options.area_codes,
        opening=(options.default_cycle, options.default_reason),
    )
