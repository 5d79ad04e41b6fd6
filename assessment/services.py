"""Writes: start, save answers, submit, import. Each validates, then saves in a transaction."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import permissions
from .answers import rules
from .answers.rules import AnswerInput
from .models import Answer, Area, Assessment, Economy, Framework, Indicator
from .selectors import framework_content

MIN_CYCLE = 2000
MAX_CYCLE = 2100


class EditConflict(Exception):
    """Someone saved answers of this area after the editor loaded them."""

    def __init__(self, indicator_codes: list[str]):
        super().__init__(", ".join(indicator_codes))
        self.indicator_codes = indicator_codes


class UnknownRevision(EditConflict):
    """The form or workbook names a revision the assessment never had: it was not made here."""

    def __init__(self, revision: int):
        super().__init__([])
        self.revision = revision


class IncompleteAssessment(Exception):
    def __init__(self, missing_codes: list[str]):
        super().__init__(", ".join(missing_codes))
        self.missing_codes = missing_codes


def _locked(assessment: Assessment) -> Assessment:
    """Re-read the assessment under a row lock, so concurrent writers queue."""
    return Assessment.objects.select_for_update().select_related("economy", "framework").get(pk=assessment.pk)


def start_assessment(*, user, economy: Economy, cycle: int) -> Assessment:
    """Open a draft for the economy and cycle on the current framework, or return the existing one."""
    if not permissions.can_start_assessment(user, economy):
        raise PermissionDenied
    if not MIN_CYCLE <= cycle <= MAX_CYCLE:
        raise ValidationError(
            _("The cycle must be a year between %(min)s and %(max)s.") % {"min": MIN_CYCLE, "max": MAX_CYCLE}
        )
    framework = Framework.objects.filter(is_current=True).first()
    if framework is None:
        raise ValidationError(_("No framework is loaded yet."), code="no_framework")
    with transaction.atomic():
        assessment, _created = Assessment.objects.get_or_create(
            economy=economy,
            cycle=cycle,
            is_illustrative=False,
            defaults={"framework": framework, "created_by": user},
        )
    return assessment


def save_area_answers(
    *, assessment: Assessment, area: Area, user, inputs: dict[str, AnswerInput], base_revision: int
) -> Assessment:
    """Save one area's answers of a draft; see save_answers."""
    return save_answers(
        assessment=assessment,
        indicators=list(area.indicators.all()),
        user=user,
        inputs=inputs,
        base_revision=base_revision,
    )


def save_answers(
    *, assessment: Assessment, indicators: list[Indicator], user, inputs: dict[str, AnswerInput], base_revision: int
) -> Assessment:
    """Save the answers of a draft for the given indicators.

    Refuses (EditConflict) when another save changed any answer of these
    indicators after `base_revision`, the revision the editor's form or workbook
    was made at, so two editors never silently overwrite each other; edits of
    other indicators pass. Only answers that changed are written.
    """
    by_code = {indicator.code: indicator for indicator in indicators}
    with transaction.atomic():
        assessment = _locked(assessment)
        if not permissions.can_edit_assessment(user, assessment):
            raise PermissionDenied
        existing = {
            answer.indicator.code: answer
            for answer in Answer.objects.filter(assessment=assessment, indicator__in=indicators).select_related(
                "indicator"
            )
        }
        if base_revision > assessment.revision:
            raise UnknownRevision(base_revision)
        conflicts = sorted(code for code, answer in existing.items() if answer.revision > base_revision)
        if conflicts:
            raise EditConflict(conflicts)
        changed = {code: given for code, given in inputs.items() if given.differs_from(existing.get(code))}
        if not changed:
            return assessment
        assessment.revision += 1
        assessment.save(update_fields=["revision", "updated_at"])
        write_answers(assessment=assessment, indicators=by_code, inputs=changed, user=user, existing=existing)
    return assessment


ANSWER_FIELDS = ["value", "evidence", "evidence_link", "comment", "revision", "updated_by", "updated_at"]


def write_answers(
    *,
    assessment: Assessment,
    indicators: dict[str, Indicator],
    inputs: dict[str, AnswerInput],
    user,
    existing: dict[str, Answer] | None = None,
):
    """Store each input at the assessment's current revision; callers lock and bump the revision.

    Every input is checked against the answer rules first (ValidationError, nothing written):
    the callers validate already, this keeps any future path from storing what they refuse.

    `existing` (the assessment's answers by indicator code, read under the lock) saves a query.
    An UPDATE per changed answer (bulk_update's CASE expressions cost more to build than they
    save here) and one INSERT for the new ones.
    """
    if existing is None:
        existing = {
            answer.indicator.code: answer
            for answer in Answer.objects.filter(assessment=assessment, indicator__code__in=list(inputs)).select_related(
                "indicator"
            )
        }
    for code, given in inputs.items():
        rules.check(given, code)
    now = timezone.now()
    changed, added = [], []
    for code, given in inputs.items():
        answer = existing.get(code) or Answer(assessment=assessment, indicator=indicators[code])
        answer.value, answer.evidence = given.value, given.evidence
        answer.evidence_link, answer.comment = given.evidence_link, given.comment
        answer.revision, answer.updated_by, answer.updated_at = assessment.revision, user, now
        (changed if answer.pk else added).append(answer)
    for answer in changed:
        answer.save(update_fields=ANSWER_FIELDS)
    Answer.objects.bulk_create(added)


def missing_indicators(assessment: Assessment) -> list[str]:
    """Codes of the indicators still without an answer, in framework order."""
    answered = set(
        Answer.objects.filter(assessment=assessment).exclude(value="").values_list("indicator__code", flat=True)
    )
    return [
        indicator.code
        for indicator in framework_content(assessment.framework).indicators
        if indicator.code not in answered
    ]


def submit_assessment(*, assessment: Assessment, user) -> Assessment:
    """Submit a complete draft; it is read-only from then on."""
    with transaction.atomic():
        assessment = _locked(assessment)
        if not permissions.can_edit_assessment(user, assessment):
            raise PermissionDenied
        missing = missing_indicators(assessment)
        if missing:
            raise IncompleteAssessment(missing)
        assessment.status = Assessment.Status.SUBMITTED
        assessment.submitted_by = user
        assessment.submitted_at = timezone.now()
        assessment.revision += 1
        assessment.save()
    return assessment
