from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from . import accounts
from .answers.services import ADMIN, bump_revision
from .forms import MultilineTextField
from .models import (
    Answer,
    Area,
    Assessment,
    BestPractice,
    Cycle,
    Economy,
    Framework,
    Indicator,
    IndicatorComment,
    Prerequisite,
    Reminder,
    RequestCount,
    Review,
    ReviewerAssignment,
    TargetPlan,
    WeightProfile,
)
from .request_limits import forget

# The admin saves models directly: the text boxes of what users type (answers, notes, reviewers'
# comments) store line breaks as LF, as every other way in does.
TEXT_BOXES = {models.TextField: {"form_class": MultilineTextField}}


@admin.register(Economy)
class EconomyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_zh"]
    search_fields = ["code", "name", "name_zh"]
    filter_horizontal = ["members"]


class AreaInline(admin.TabularInline):
    model = Area
    fields = ["order", "code", "name", "weight"]
    extra = 0


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ["version", "title", "is_current", "created_at"]
    inlines = [AreaInline]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "area", "weight"]
    list_filter = ["area__framework", "area"]


@admin.register(BestPractice)
class BestPracticeAdmin(admin.ModelAdmin):
    list_display = ["title", "area", "source", "level", "line"]
    list_filter = ["area", "level", "kind", "economies"]
    filter_horizontal = ["economies"]


@admin.register(WeightProfile)
class WeightProfileAdmin(admin.ModelAdmin):
    """Named sets of area weights offered on the compare page, with their names in both languages."""

    list_display = ["name", "framework", "slug"]
    list_filter = ["framework"]


@admin.register(Prerequisite)
class PrerequisiteAdmin(admin.ModelAdmin):
    """Read only: load_framework replaces a version's prerequisites from prerequisites-<version>.json,
    after checking them for cycles, which an edit here would skip and the next load would undo."""

    list_display = ["indicator", "level", "needs", "needs_level", "source"]
    list_filter = ["indicator__area__framework", "indicator__area"]
    list_select_related = ["indicator", "needs"]
    search_fields = ["indicator__code", "needs__code", "why", "source"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AnswerInline(admin.TabularInline):
    formfield_overrides = TEXT_BOXES
    model = Answer
    fields = ["indicator", "value", "evidence", "evidence_link", "comment", "carried_from"]
    extra = 0


@admin.register(Assessment)
class AssessmentAdmin(SimpleHistoryAdmin):
    formfield_overrides = TEXT_BOXES
    list_display = ["economy", "cycle", "version", "framework", "status", "is_illustrative", "updated_at"]
    readonly_fields = ["programme_cycle"]
    list_filter = ["status", "is_illustrative", "cycle"]
    exclude = ["area_revisions", "answered_counts"]
    inlines = [AnswerInline]

    def save_formset(self, request, form, formset, change):
        if formset.model is not Answer:
            return super().save_formset(request, form, formset, change)
        # The history says these answers came through the admin.
        for answer in formset.save(commit=False):
            answer._change_reason = ADMIN
            answer.save()
        for answer in formset.deleted_objects:
            answer.delete()
        formset.save_m2m()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Answers edited here bypass the questionnaire: every cached area page is drawn again.
        bump_revision(form.instance)


class IndicatorCommentInline(admin.TabularInline):
    formfield_overrides = TEXT_BOXES
    model = IndicatorComment
    fields = ["indicator", "text", "addressed_at", "addressed_by"]
    extra = 0


@admin.register(Review)
class ReviewAdmin(SimpleHistoryAdmin):
    formfield_overrides = TEXT_BOXES
    list_display = ["assessment", "decision", "reviewer", "created_at"]
    list_filter = ["decision"]
    inlines = [IndicatorCommentInline]


# Programme cycles (issue 25): the admin edits them directly; the app's /cycles/ pages send the
# invitations and reminders.
class ReviewerAssignmentInline(admin.TabularInline):
    model = ReviewerAssignment
    extra = 0


@admin.register(Cycle)
class CycleAdmin(SimpleHistoryAdmin):
    formfield_overrides = TEXT_BOXES
    list_display = ["year", "framework", "status", "opens_on", "due_on", "publication_date"]
    list_filter = ["status"]
    filter_horizontal = ["invited_economies"]
    inlines = [ReviewerAssignmentInline]


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["cycle", "economy", "step", "sent_at", "sent_by"]
    list_filter = ["cycle", "step"]


@admin.register(TargetPlan)
class TargetPlanAdmin(SimpleHistoryAdmin):
    """An economy's targets, with their history. Read only but for deletion: they are set on the roadmap
    page, whose service checks every code and level that a JSON box here would let through."""

    list_display = ["economy", "framework", "target_year", "is_public", "updated_by", "updated_at"]
    list_filter = ["framework", "is_public", "target_year"]
    list_select_related = ["economy", "framework", "updated_by"]
    search_fields = ["economy__code", "economy__name", "economy__name_zh"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# Sign-in locks (docs/security.md): deleting an access attempt lifts the lock of its username at its
# address; the action below lifts every lock of the selected usernames, the ceiling included.
if admin.site.is_registered(AccessAttempt):
    admin.site.unregister(AccessAttempt)


@admin.register(AccessAttempt)
class SignInAttemptAdmin(AccessAttemptAdmin):
    actions = [*AccessAttemptAdmin.actions, "unlock"]

    @admin.action(description=_("Unlock the selected usernames at every address"), permissions=["delete"])
    def unlock(self, request, queryset):
        usernames = sorted({username for username in queryset.values_list("username", flat=True) if username})
        AccessAttempt.objects.filter(username__in=usernames).delete()
        for username in usernames:
            forget(accounts.SIGN_IN_PER_USERNAME, accounts.username_subject(username))
        self.message_user(
            request,
            ngettext(
                "Unlocked %(count)d username: %(usernames)s.",
                "Unlocked %(count)d usernames: %(usernames)s.",
                len(usernames),
            )
            % {"count": len(usernames), "usernames": ", ".join(usernames)},
        )


@admin.register(RequestCount)
class RequestCountAdmin(admin.ModelAdmin):
    """The counters of the reset and sign-in limits; deleting one lifts its limit at once."""

    list_display = ["key", "count", "window_ends"]
    search_fields = ["key"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
