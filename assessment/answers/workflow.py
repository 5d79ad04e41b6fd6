"""The review workflow: draft → submitted → validated (published), or returned (back to draft);
a correction of a validated assessment is a new version that goes through review again.

Each transition checks who may make it, locks the assessment, records who and when (the
history keeps every status change), and e-mails the people concerned once it is committed.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import answer_rules, permissions
from ..framework.selectors import framework_content
from ..models import Assessment, IndicatorComment, Review
from . import notifications
from .selectors import answers_of
from .services import IncompleteAssessment, _locked, accepting_cycle, bump_revision, changed_areas, copy_answers

COMMENT_MAX_LENGTH = 2000

# Sent once a step that changes what the public sees is committed (validation, which supersedes the
# earlier version; a correction opened), with `assessment_id`: the task worker draws its pages ahead.
publication_changed = Signal()


@dataclass(frozen=True)
class Pending:
    """What still stands between a draft and its submission."""

    missing: list[str]  # indicators without an answer
    unconfirmed: list[str]  # answers carried forward, neither confirmed nor changed
    open_comments: list[IndicatorComment]  # reviewer comments not yet addressed

    @property
    def is_clear(self) -> bool:
        return not (self.missing or self.unconfirmed or self.open_comments)


def pending(assessment: Assessment) -> Pending:
    """Missing answers, unconfirmed carried answers and open comments, in framework order."""
    answers = answers_of(assessment)
    codes = [indicator.code for indicator in framework_content(assessment.framework).indicators]
    return Pending(
        missing=[code for code in codes if not getattr(answers.get(code), "value", "")],
        unconfirmed=[code for code in codes if code in answers and answers[code].carried_from is not None],
        open_comments=list(open_comments(assessment)),
    )


def open_comments(assessment: Assessment):
    return IndicatorComment.objects.filter(review__assessment=assessment, addressed_at__isnull=True).select_related(
        "indicator", "review__reviewer"
    )


def indicator_comments(assessment) -> dict[str, list]:
    """The latest return's comments on the answers, by indicator code.

    Only a returned assessment, and the same once resubmitted, can have them: a draft has never been
    returned (a correction is a new assessment) and a validated one has closed them."""
    commented = assessment.status in (assessment.Status.RETURNED, assessment.Status.SUBMITTED)
    review = latest_return(assessment) if commented else None
    comments: dict[str, list] = {}
    for comment in review.indicator_comments.all() if review else ():
        comments.setdefault(comment.indicator.code, []).append(comment)
    return comments


def latest_return(assessment: Assessment) -> Review | None:
    """The reviewer's latest decision to return the assessment, with its comments."""
    return (
        Review.objects.filter(assessment=assessment, decision=Review.Decision.RETURNED)
        .select_related("reviewer")
        .prefetch_related("indicator_comments__indicator")
        .first()
    )


class NotReady(IncompleteAssessment):
    """Submission refused: answers missing, carried answers unconfirmed or comments open."""

    def __init__(self, state: Pending):
        super().__init__(state.missing)
        self.pending = state


def submit(*, assessment: Assessment, user) -> Assessment:
    """Send a complete draft to the reviewers; it is read-only and not public until validated."""
    with transaction.atomic():
        assessment = _locked(assessment)
        if not permissions.can_edit_assessment(user, assessment):
            raise PermissionDenied
        state = pending(assessment)
        if not state.is_clear:
            raise NotReady(state)
        accepting_cycle(assessment.economy, assessment.cycle)  # a closed cycle takes no submission
        _move(assessment, Assessment.Status.SUBMITTED, user, submitted_by=user, submitted_at=timezone.now())
    transaction.on_commit(lambda: notifications.submitted(assessment))
    return assessment


def return_for_changes(*, assessment: Assessment, reviewer, comment: str, indicator_comments: dict[str, str]):
    """Send a submitted assessment back to its focal points with an overall comment and comments per indicator."""
    comment = answer_rules.unify_line_breaks(comment)
    indicator_comments = {
        code: answer_rules.unify_line_breaks(text.strip()) for code, text in indicator_comments.items() if text.strip()
    }
    if not comment.strip() and not indicator_comments:
        raise ValidationError(_("Say what needs changing: an overall comment or a comment on an answer."))
    _check_lengths(comment, *indicator_comments.values())
    with transaction.atomic():
        assessment = _locked(assessment)
        if not permissions.can_review(reviewer, assessment):
            raise PermissionDenied
        indicators = {i.code: i for i in framework_content(assessment.framework).indicators}
        unknown = set(indicator_comments) - set(indicators)
        if unknown:
            raise ValidationError(_("No such indicator: %(codes)s.") % {"codes": ", ".join(sorted(unknown))})
        review = Review(assessment=assessment, reviewer=reviewer, decision=Review.Decision.RETURNED, comment=comment)
        review._history_user = reviewer
        review.save()
        for code, text in indicator_comments.items():
            note = IndicatorComment(review=review, indicator=indicators[code], text=text)
            note._history_user = reviewer
            note.save()
        _move(assessment, Assessment.Status.RETURNED, reviewer)
    transaction.on_commit(lambda: notifications.returned(assessment, review))
    return review


def validate(*, assessment: Assessment, reviewer, comment: str = "") -> Review:
    """Publish a submitted assessment: from now on compare, trends, exports and PDFs show it."""
    comment = answer_rules.unify_line_breaks(comment)
    _check_lengths(comment)
    with transaction.atomic():
        assessment = _locked(assessment)
        if not permissions.can_review(reviewer, assessment):
            raise PermissionDenied
        review = Review(assessment=assessment, reviewer=reviewer, decision=Review.Decision.VALIDATED, comment=comment)
        review._history_user = reviewer
        review.save()
        _move(assessment, Assessment.Status.VALIDATED, reviewer, validated_by=reviewer, validated_at=timezone.now())
        if assessment.supersedes_id:
            # Every version it replaces now shows the mark: a new update time renews their cached
            # profile, printed summary and PDFs (page_cache.assessment_version), without a history row.
            Assessment.objects.filter(
                economy=assessment.economy, cycle=assessment.cycle, version__lt=assessment.version
            ).update(updated_at=timezone.now())
    transaction.on_commit(lambda: notifications.validated(assessment, review))
    transaction.on_commit(lambda: publication_changed.send(Assessment, assessment_id=assessment.pk))
    return review


def open_correction(*, assessment: Assessment, user, reason: str) -> Assessment:
    """A new version of a validated assessment: a draft with the same answers, reviewed again,
    naming what is corrected and why (`reason`, required).

    The validated version stays published until the correction is validated. If a correction is
    already open, that one is returned."""
    reason = answer_rules.unify_line_breaks(reason.strip())
    if not reason:
        raise ValidationError(_("Say what needs correcting and why."))
    _check_lengths(reason)
    with transaction.atomic():
        assessment = _locked(assessment)
        if not permissions.can_open_correction(user, assessment):
            raise PermissionDenied
        siblings = Assessment.objects.filter(economy=assessment.economy, cycle=assessment.cycle, is_illustrative=False)
        newer = siblings.filter(version__gt=assessment.version).order_by("-version").first()
        if newer is not None:
            if newer.status == Assessment.Status.VALIDATED:
                raise PermissionDenied  # superseded: a correction starts from the latest version
            return newer
        version = (siblings.aggregate(latest=Max("version"))["latest"] or 0) + 1
        correction = Assessment(
            economy=assessment.economy,
            cycle=assessment.cycle,
            framework=assessment.framework,
            version=version,
            supersedes=assessment,
            created_by=user,
            correction_reason=reason,
        )
        correction._history_user = user
        correction.save()
        copy_answers(source=assessment, target=correction, user=user, carried_from=None)
    # The published version's pages now point to the correction under way.
    transaction.on_commit(lambda: publication_changed.send(Assessment, assessment_id=assessment.pk))
    return correction


def mark_addressed(*, comment: IndicatorComment, user, note: str = "") -> None:
    """The focal point has dealt with a comment without changing the answer, saying how in `note`."""
    note = answer_rules.unify_line_breaks(note.strip())
    _check_lengths(note)
    with transaction.atomic():
        assessment = _locked(comment.review.assessment)
        if not permissions.can_edit_assessment(user, assessment):
            raise PermissionDenied
        if comment.addressed_at is None:
            comment.addressed_at, comment.addressed_by, comment.addressed_note = timezone.now(), user, note
            comment.addressed_by_change = False
            comment._history_user = user
            comment.save(update_fields=["addressed_at", "addressed_by", "addressed_note", "addressed_by_change"])
            # The area's page shows the comment: it must be drawn again.
            bump_revision(assessment, {comment.indicator.area.code})


def reopen_comment(*, comment: IndicatorComment, user) -> None:
    """An addressed comment opened again, until the assessment is submitted: it holds back the submission again."""
    with transaction.atomic():
        assessment = _locked(comment.review.assessment)
        if not permissions.can_edit_assessment(user, assessment):
            raise PermissionDenied
        if comment.addressed_at is not None:
            comment.addressed_at, comment.addressed_by, comment.addressed_note = None, None, ""
            comment.addressed_by_change = False
            comment._history_user = user
            comment.save(update_fields=["addressed_at", "addressed_by", "addressed_note", "addressed_by_change"])
            bump_revision(assessment, {comment.indicator.area.code})


def latest_comments(assessment: Assessment) -> list[IndicatorComment]:
    """The latest return's comments, open and addressed, while the focal points answer them."""
    if assessment.status != Assessment.Status.RETURNED:
        return []
    review = latest_return(assessment)
    return list(review.indicator_comments.select_related("indicator__area", "addressed_by")) if review else []


def open_comment_areas(assessment: Assessment) -> list[str]:
    """The codes of the areas with a comment still open (only a returned assessment can have one)."""
    if assessment.status != Assessment.Status.RETURNED:
        return []
    codes = open_comments(assessment).values_list("indicator__area__code", flat=True).distinct().order_by()
    return sorted(codes)


def superseded_by(assessment: Assessment) -> Assessment | None:
    """The newest published version that replaces this one, if any (validated, or illustrative)."""
    if not assessment.is_public:
        return None
    newer = Assessment.objects.filter(
        economy=assessment.economy,
        cycle=assessment.cycle,
        is_illustrative=assessment.is_illustrative,
        version__gt=assessment.version,
    )
    if not assessment.is_illustrative:
        newer = newer.filter(status=Assessment.Status.VALIDATED)
    return newer.order_by("-version").first()


def open_correction_of(assessment: Assessment) -> Assessment | None:
    """A correction of this assessment not yet validated, if one is open."""
    return (
        Assessment.objects.filter(supersedes=assessment).exclude(status=Assessment.Status.VALIDATED).first()
        if assessment.status == Assessment.Status.VALIDATED
        else None
    )


def _move(assessment: Assessment, status: str, user, **fields) -> None:
    assessment.status = status
    for name, value in fields.items():
        setattr(assessment, name, value)
    assessment.revision += 1
    # Every area page shows the status, and after a return the reviewer's comments.
    assessment.area_revisions = changed_areas(assessment, None)
    assessment._history_user = user
    assessment.save()


def _check_lengths(*texts: str) -> None:
    if any(len(text) > COMMENT_MAX_LENGTH for text in texts):
        raise ValidationError(_("A comment can be at most %(limit)s characters long.") % {"limit": COMMENT_MAX_LENGTH})
