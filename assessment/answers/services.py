"""Writes: start, save answers. Each validates, then saves in a transaction; the review workflow is in workflow.py."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from .. import answer_rules, permissions
from ..answer_rules import AnswerInput
from ..framework import crosswalk
from ..framework.selectors import crosswalk_maps, framework_content
from ..models import Answer, Area, Assessment, Cycle, Economy, Indicator, IndicatorComment

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


# How an answer came, kept in its history record's change reason (answers.history names them).
QUESTIONNAIRE, WORKBOOK, ANSWER_FILE, ADMIN, COPY = "questionnaire", "workbook", "answer-file", "admin", "copy"


def copy_channel(source: Assessment) -> str:
    """The change reason of answers copied from `source`: "copy:<cycle>:<version>"."""
    return f"{COPY}:{source.cycle}:{source.version}"


def _locked(assessment: Assessment) -> Assessment:
    """Re-read the assessment under a row lock, so concurrent writers queue."""
    return Assessment.objects.select_for_update().select_related("economy", "framework").get(pk=assessment.pk)


def start_assessment(*, user, economy: Economy, cycle: int, carry_forward: bool = False) -> Assessment:
    """Open a draft for the economy and cycle on the current framework, or return its latest version.

    With `carry_forward`, a new draft starts from the answers of the economy's latest validated
    assessment of an earlier cycle, each marked as carried forward until it is confirmed or changed.
    """
    if not permissions.can_start_assessment(user, economy):
        raise PermissionDenied
    if not MIN_CYCLE <= cycle <= MAX_CYCLE:
        raise ValidationError(
            _("The cycle must be a year between %(min)s and %(max)s.") % {"min": MIN_CYCLE, "max": MAX_CYCLE}
        )
    with transaction.atomic():
        # Locking the economy row queues two focal points starting the same cycle at once.
        Economy.objects.select_for_update().get(pk=economy.pk)
        existing = latest_version(economy, cycle)
        if existing is not None:
            return existing
        programme_cycle = accepting_cycle(economy, cycle)
        assessment = Assessment.objects.create(
            economy=economy,
            cycle=cycle,
            programme_cycle=programme_cycle,
            framework=programme_cycle.framework,
            created_by=user,
        )
        source = carry_forward_source(economy, cycle) if carry_forward else None
        if source is not None:
            copy_answers(source=source, target=assessment, user=user, carried_from=source.cycle)
    return assessment


class CycleClosed(ValidationError):
    """The cycle takes no new assessment or submission: not open, or the economy is not invited."""


def accepting_cycle(economy: Economy, year: int) -> Cycle:
    """The cycle of the year if it is open and invites the economy; after its due date it still
    accepts work (marked late), a closed cycle takes none until it is reopened."""
    cycle = Cycle.objects.select_related("framework").filter(year=year).first()
    if cycle is None or cycle.status != Cycle.Status.OPEN or not cycle.invites(economy):
        raise CycleClosed(
            _("The %(year)s cycle is not open to %(economy)s.") % {"year": year, "economy": economy.local_name},
            code="cycle_closed",
        )
    return cycle


def latest_version(economy: Economy, cycle: int) -> Assessment | None:
    """The economy's latest version (not illustrative) of a cycle, whatever its status."""
    return (
        Assessment.objects.filter(economy=economy, cycle=cycle, is_illustrative=False)
        .select_related("economy", "framework")
        .order_by("-version")
        .first()
    )


def carry_forward_source(economy: Economy, cycle: int) -> Assessment | None:
    """The economy's latest validated assessment of an earlier cycle, to start a new cycle from."""
    return (
        Assessment.objects.filter(
            economy=economy, cycle__lt=cycle, is_illustrative=False, status=Assessment.Status.VALIDATED
        )
        .order_by("-cycle", "-version")
        .first()
    )


def carry_forward_sources(economies) -> dict[int, Assessment]:
    """Each economy's latest validated assessment (not illustrative), by economy id: what a new cycle can start from."""
    found: dict[int, Assessment] = {}
    validated = (
        Assessment.objects.filter(
            economy__in=list(economies), is_illustrative=False, status=Assessment.Status.VALIDATED
        )
        .select_related("economy")
        .order_by("economy_id", "-cycle", "-version")
    )
    for assessment in validated:
        found.setdefault(assessment.economy_id, assessment)
    return found


def copy_answers(*, source: Assessment, target: Assessment, user, carried_from: int | None) -> int:
    """Copy the source's answers onto a new assessment.

    On the same framework every answer is copied. Across versions the crosswalk between them maps
    each level (crosswalk_maps); answers it cannot map are left out, and the others are
    marked as mapped from the older version until the focal point confirms them.
    """
    indicators = {indicator.code: indicator for indicator in framework_content(target.framework).indicators}
    stored = {
        answer.indicator.code: answer for answer in Answer.objects.filter(assessment=source).select_related("indicator")
    }
    mapped_from = ""
    if source.framework_id == target.framework_id:
        values = {code: answer.value for code, answer in stored.items()}
        texts = {code: answer for code, answer in stored.items()}
    else:
        maps = crosswalk_maps(source.framework, target.framework)
        from_values = {code: answer.scoring_value for code, answer in stored.items() if answer.value}
        values = {code: str(value) for code, value in crosswalk.mapped_answers(maps, from_values).items()}
        texts = {m.target: stored[m.source] for m in maps if m.source in stored and m.target in values}
        mapped_from = source.framework.version
    now = timezone.now()
    copies = [
        Answer(
            assessment=target,
            indicator=indicators[code],
            value=value,
            evidence=texts[code].evidence,
            evidence_link=texts[code].evidence_link,
            comment=texts[code].comment,
            revision=target.revision,
            updated_by=user,
            updated_at=now,
            carried_from=carried_from,
            mapped_from=mapped_from,
        )
        for code, value in values.items()
        if code in indicators
    ]
    bulk_create_with_history(
        copies, Answer, default_user=user, default_date=now, default_change_reason=copy_channel(source)
    )
    return len(copies)


def save_area_answers(
    *,
    assessment: Assessment,
    area: Area,
    user,
    inputs: dict[str, AnswerInput],
    base_revision: int,
    confirmed: frozenset[str] = frozenset(),
) -> Assessment:
    """Save one area's answers of a draft from the questionnaire; see save_answers."""
    return save_answers(
        assessment=assessment,
        indicators=list(area.indicators.all()),
        user=user,
        inputs=inputs,
        base_revision=base_revision,
        confirmed=confirmed,
        channel=QUESTIONNAIRE,
    )


def save_answers(
    *,
    assessment: Assessment,
    indicators: list[Indicator],
    user,
    inputs: dict[str, AnswerInput],
    base_revision: int,
    confirmed: frozenset[str] = frozenset(),
    channel: str = "",
) -> Assessment:
    """Save the answers of a draft for the given indicators, as they came by `channel`.

    Refuses (EditConflict) when another save changed any answer of these
    indicators after `base_revision`, the revision the editor's form or workbook
    was made at, so two editors never silently overwrite each other; edits of
    other indicators pass. Only answers that changed are written, and those in
    `confirmed` whose answer was carried forward (confirming it as it stands).
    Saving an answer closes the reviewer's open comment on it.
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
        carried = {code for code, answer in existing.items() if answer.carried_from is not None}
        changed = {
            code: given
            for code, given in inputs.items()
            if given.differs_from(existing.get(code)) or (code in confirmed and code in carried)
        }
        if not changed:
            return assessment
        bump_revision(assessment, {by_code[code].area.code for code in changed})
        write_answers(
            assessment=assessment, indicators=by_code, inputs=changed, user=user, existing=existing, channel=channel
        )
        close_comments(assessment=assessment, codes=set(changed), user=user)
        record_answered_counts(assessment)
    return assessment


def bump_revision(assessment: Assessment, area_codes: set[str] | None = None) -> None:
    """Move the revision of a locked assessment, and that of the areas whose page changes (all when
    None); an UPDATE, so its history records status changes only."""
    assessment.revision += 1
    assessment.updated_at = timezone.now()
    assessment.area_revisions = changed_areas(assessment, area_codes)
    Assessment.objects.filter(pk=assessment.pk).update(
        revision=assessment.revision, updated_at=assessment.updated_at, area_revisions=assessment.area_revisions
    )


def record_answered_counts(assessment: Assessment) -> None:
    """Count the answered indicators of each area at the assessment's current revision; a carried
    answer still awaiting confirmation is not counted: the tabs show it as not done."""
    counts = (
        Answer.objects.filter(assessment=assessment, carried_from__isnull=True)
        .exclude(value="")
        .values_list("indicator__area__code")
        .annotate(answered=Count("pk"))
        .order_by()
    )
    assessment.answered_counts = {"revision": assessment.revision, "areas": dict(counts)}
    Assessment.objects.filter(pk=assessment.pk).update(answered_counts=assessment.answered_counts)


def changed_areas(assessment: Assessment, area_codes: set[str] | None) -> dict[str, int]:
    """The assessment's area revisions with these areas (every area when None) at its current revision."""
    if area_codes is None:
        area_codes = {area.code for area in framework_content(assessment.framework).areas}
    return dict(assessment.area_revisions or {}) | dict.fromkeys(area_codes, assessment.revision)


def close_comments(*, assessment: Assessment, codes: set[str], user) -> None:
    """Mark the open reviewer comments on these indicators as addressed (the answer was saved)."""
    now = timezone.now()
    for comment in IndicatorComment.objects.filter(
        review__assessment=assessment, indicator__code__in=codes, addressed_at__isnull=True
    ):
        comment.addressed_at, comment.addressed_by, comment.addressed_by_change = now, user, True
        comment._history_user = user
        comment.save(update_fields=["addressed_at", "addressed_by", "addressed_by_change"])


ANSWER_FIELDS = [
    "value",
    "evidence",
    "evidence_link",
    "comment",
    "revision",
    "updated_by",
    "updated_at",
    "carried_from",
]


def write_answers(
    *,
    assessment: Assessment,
    indicators: dict[str, Indicator],
    inputs: dict[str, AnswerInput],
    user,
    existing: dict[str, Answer] | None = None,
    channel: str = "",
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
        answer_rules.check(given, code)
    now = timezone.now()
    changed, added = [], []
    for code, given in inputs.items():
        answer = existing.get(code) or Answer(assessment=assessment, indicator=indicators[code])
        answer.value, answer.evidence = given.value, given.evidence
        answer.evidence_link, answer.comment = given.evidence_link, given.comment
        answer.revision, answer.updated_by, answer.updated_at = assessment.revision, user, now
        answer.carried_from, answer.mapped_from = None, ""
        answer._history_user = user  # the author in the history, also outside a request (commands)
        answer._change_reason = channel or None
        (changed if answer.pk else added).append(answer)
    for answer in changed:
        answer.save(update_fields=ANSWER_FIELDS)
    bulk_create_with_history(added, Answer, default_user=user, default_date=now, default_change_reason=channel or None)
