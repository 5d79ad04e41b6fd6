"""Writing targets: validate, then save, in a transaction; permissions.py says who may."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .. import permissions, scoring
from ..framework.selectors import framework_content
from ..models import Assessment, TargetPlan

MIN_TARGET_YEAR, MAX_TARGET_YEAR = 2000, 2100


def set_targets(
    *,
    assessment: Assessment,
    user,
    levels: dict[str, int | None],
    area_levels: dict[str, int | None],
    target_year: int,
    is_public: bool,
) -> TargetPlan:
    """Replace the economy's targets on the assessment's framework version (None leaves an indicator or an
    area without a target). Each change is kept in the plan's history, with who made it."""
    if not permissions.can_set_targets(user, assessment):
        raise PermissionDenied
    content = framework_content(assessment.framework)
    indicator_codes = set(content.spec.indicator_codes())
    area_codes = {area.code for area in content.areas}
    for codes, given in ((indicator_codes, levels), (area_codes, area_levels)):
        for code, level in given.items():
            if code not in codes:
                raise ValidationError(_("No indicator or area %(code)s.") % {"code": code}, code="unknown")
            if level is not None and level not in scoring.LEVELS:
                raise ValidationError(_("A target is a level from 0 to 4."), code="level")
    if not MIN_TARGET_YEAR <= target_year <= MAX_TARGET_YEAR:
        raise ValidationError(_("The target year must be between 2000 and 2100."), code="year")
    with transaction.atomic():
        # One history row per change: created whole, or updated whole (the user comes from the request,
        # through simple_history's middleware).
        plan, _created = TargetPlan.objects.update_or_create(
            economy=assessment.economy,
            framework=assessment.framework,
            defaults={
                "levels": {code: level for code, level in levels.items() if level is not None},
                "area_levels": {code: level for code, level in area_levels.items() if level is not None},
                "target_year": target_year,
                "is_public": is_public,
                "updated_by": user,
            },
        )
    return plan
