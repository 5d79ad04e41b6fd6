"""The content texts kept in English and Traditional Chinese (django-modeltranslation).

Each registered field gets one column per language (question_en, question_zh_hant); reading
`indicator.question` gives the active language's text, falling back to English. Area names keep
their own `name_zh` column, as economies do, because both names are shown side by side.
"""

from modeltranslation.translator import TranslationOptions, register

from .models import Area, BestPractice, Framework, Indicator, Prerequisite, ReferenceIndicator, WeightProfile


@register(Framework)
class FrameworkTranslation(TranslationOptions):
    fields = ("title", "description")


@register(Area)
class AreaTranslation(TranslationOptions):
    fields = ("description", "weight_rationale")


@register(Indicator)
class IndicatorTranslation(TranslationOptions):
    fields = ("question", "guidance", "weight_rationale", "levels")


@register(BestPractice)
class BestPracticeTranslation(TranslationOptions):
    fields = ("title", "summary", "source")


@register(WeightProfile)
class WeightProfileTranslation(TranslationOptions):
    fields = ("name", "description")


@register(ReferenceIndicator)
class ReferenceIndicatorTranslation(TranslationOptions):
    fields = ("source", "measure")


@register(Prerequisite)
class PrerequisiteTranslation(TranslationOptions):
    fields = ("why",)
