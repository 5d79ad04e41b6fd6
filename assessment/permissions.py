"""The one place that says who may see or change what."""

from .models import Assessment, Economy


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


def can_view_assessment(user, assessment: Assessment) -> bool:
    """Illustrative and submitted assessments are public; a draft only to its economy's users."""
    return assessment.is_public or is_focal_point(user, assessment.economy)


def can_edit_assessment(user, assessment: Assessment) -> bool:
    """Only a draft, only real (not illustrative) data, only by its economy's users."""
    return assessment.is_draft and not assessment.is_illustrative and is_focal_point(user, assessment.economy)


def can_start_assessment(user, economy: Economy) -> bool:
    return is_focal_point(user, economy)
