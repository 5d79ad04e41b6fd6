from django.contrib import admin

from .models import Answer, Area, Assessment, BestPractice, Economy, Framework, Indicator


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
    list_filter = ["area", "level"]


class AnswerInline(admin.TabularInline):
    model = Answer
    fields = ["indicator", "value", "evidence", "evidence_link", "comment"]
    extra = 0


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ["economy", "cycle", "framework", "status", "is_illustrative", "updated_at"]
    list_filter = ["status", "is_illustrative", "cycle"]
    inlines = [AnswerInline]
