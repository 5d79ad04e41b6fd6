"""The one place that says who may see or change what.

Roles are data, assigned in the admin:
- a focal point answers for the economies it is assigned to (Economy → focal points);
- a reviewer holds the permission assessment.review_assessment (the Reviewers group): it reads
  every submitted assessment and returns or validates it, except its own economy's;
- an administrator (staff) manages content, users and assignments in the admin;
- reviewers and administrators together are the programme's secretariat: they run the cycles;
- everyone else is the public: validated (once their cycle's publication date has come) and
  illustrative assessments only.
"""

from .models import Assessment, Economy, TargetPlan

REVIEW_PERMISSION = "assessment.review_assessment"
REVIEWERS_GROUP = "Reviewers"


def reviewers_group():
    """The group that carries the review permission (a migration creates it; this restores it if deleted)."""
    from django.contrib.auth.models import Group, Permission

    group, _created = Group.objects.get_or_create(name=REVIEWERS_GROUP)
    app_label, codename = REVIEW_PERMISSION.split(".")
    group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return group


def is_focal_point(user, economy: Economy) -> bool:
    """Whether the user answers for this economy (is assigned to it)."""
    if not user.is_authenticated:
        return False
    return economy.pk in focal_economy_ids(user)


def focal_economy_ids(user) -> frozenset[int]:
    """The economies the user answers for, read once per user object, which lives for one request."""
    ids = getattr(user, "_focal_economy_ids", None)
    if ids is None:
        ids = user._focal_economy_ids = frozenset(user.economies.values_list("pk", flat=True))
    return ids


def is_reviewer(user) -> bool:
    return user.is_authenticated and user.has_perm(REVIEW_PERMISSION)


def can_view_assessment(user, assessment: Assessment) -> bool:
    """Validated and illustrative assessments are public; the others are their economy's, and a
    submitted or returned one is also its reviewers'."""
    if assessment.is_public or is_focal_point(user, assessment.economy):
        return True
    # Reviewers also read a validated assessment waiting for its cycle's publication date.
    reviewed = (Assessment.Status.SUBMITTED, Assessment.Status.RETURNED, Assessment.Status.VALIDATED)
    return assessment.status in reviewed and is_reviewer(user)


def can_edit_assessment(user, assessment: Assessment) -> bool:
    """Only a draft or a returned assessment, only real (not illustrative) data, only by its economy's users."""
    return assessment.is_draft and not assessment.is_illustrative and is_focal_point(user, assessment.economy)


def can_start_assessment(user, economy: Economy) -> bool:
    return is_focal_point(user, economy)


def can_review(user, assessment: Assessment) -> bool:
    """A submitted assessment, by a reviewer who does not answer for that economy."""
    return (
        assessment.status == Assessment.Status.SUBMITTED
        and is_reviewer(user)
        and not is_focal_point(user, assessment.economy)
    )


def can_open_correction(user, assessment: Assessment) -> bool:
    """A validated, real assessment, by its economy's focal points."""
    return (
        assessment.status == Assessment.Status.VALIDATED
        and not assessment.is_illustrative
        and is_focal_point(user, assessment.economy)
    )


def can_view_history(user, assessment: Assessment) -> bool:
    """Who changed what names people and shows texts before review: the economy, reviewers, administrators."""
    if not user.is_authenticated:
        return False
    if is_focal_point(user, assessment.economy) or user.is_staff:
        return True
    return is_reviewer(user) and can_view_assessment(user, assessment)


def is_secretariat(user) -> bool:
    """The programme's secretariat: reviewers and administrators manage cycles, follow and remind
    the economies, and assign reviewers."""
    return user.is_authenticated and (user.is_staff or is_reviewer(user))


def can_manage_cycles(user) -> bool:
    return is_secretariat(user)


def can_set_targets(user, assessment: Assessment) -> bool:
    """An economy's targets are set by its focal points, from one of its real (not illustrative) assessments."""
    return not assessment.is_illustrative and is_focal_point(user, assessment.economy)


def can_view_targets(user, plan: TargetPlan | None) -> bool:
    """Targets are the economy's and its reviewers' (and administrators'), public only if the economy says so."""
    if plan is None or plan.is_public:
        return True
    return user.is_authenticated and (is_focal_point(user, plan.economy) or is_reviewer(user) or user.is_staff)


def can_view_roadmap(user, assessment: Assessment, plan: TargetPlan | None) -> bool:
    """A roadmap shows the assessment and the economy's targets: both must be readable. Without targets it
    plans from the assessment alone (the default plan)."""
    return can_view_targets(user, plan) and can_view_assessment(user, assessment)
