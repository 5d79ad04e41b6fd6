from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from simple_history.models import HistoricalRecords

from . import answer_rules, scoring
from .languages import in_reader_language

# The scoring engine names stages in English; templates translate them from these entries.
STAGE_NAMES_TO_TRANSLATE = [
    gettext_noop("Not started"),
    gettext_noop("Initial"),
    gettext_noop("Developing"),
    gettext_noop("Established"),
    gettext_noop("Leading"),
]


class Economy(models.Model):
    """An APEC member economy (or any other customs territory), with its APEC code."""

    code = models.CharField(_("code"), max_length=8, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_zh = models.CharField(_("name in Chinese"), max_length=100, blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="economies",
        blank=True,
        verbose_name=_("focal points"),
        help_text=_("Users who answer the questionnaire for this economy."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("economy")
        verbose_name_plural = _("economies")

    def __str__(self) -> str:
        return self.name

    @property
    def local_name(self) -> str:
        return in_reader_language(self.name, self.name_zh)


class Framework(models.Model):
    """A version of the questionnaire; an assessment is always scored with its own."""

    version = models.CharField(_("version"), max_length=20, unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    is_current = models.BooleanField(_("current"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"], condition=models.Q(is_current=True), name="one_current_framework"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.version}"


class Area(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="areas")
    code = models.CharField(_("code"), max_length=8)
    name = models.CharField(_("name"), max_length=100)
    name_zh = models.CharField(_("name in Chinese"), max_length=100, blank=True)
    description = models.TextField(_("description"), blank=True)
    weight = models.DecimalField(_("weight"), max_digits=6, decimal_places=2)
    weight_rationale = models.TextField(_("why this weight"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"))

    class Meta:
        ordering = ["framework", "order"]
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="unique_area_code")]

    def __str__(self) -> str:
        return self.name

    @property
    def local_name(self) -> str:
        return in_reader_language(self.name, self.name_zh)


class Indicator(models.Model):
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(_("code"), max_length=12)
    question = models.TextField(_("question"))
    guidance = models.TextField(_("guidance"), blank=True)
    weight = models.DecimalField(_("weight"), max_digits=6, decimal_places=2)
    weight_rationale = models.TextField(_("why this weight"), blank=True)
    # Five descriptions, index = maturity level 0–4.
    levels = models.JSONField(_("level descriptions"))
    # Crosswalk: [{"source": "WTO TFA", "ref": "Art. 10.4"}, ...]
    references = models.JSONField(_("references"), default=list, blank=True)
    report_lines = models.JSONField(_("report lines"), default=list, blank=True)
    order = models.PositiveSmallIntegerField(_("order"))

    class Meta:
        ordering = ["area__order", "order"]
        constraints = [models.UniqueConstraint(fields=["area", "code"], name="unique_indicator_code")]

    def __str__(self) -> str:
        return self.code


class BestPractice(models.Model):
    """A peer practice stated in the SCCP2 2023 report, cited by section and line."""

    class Kind(models.TextChoices):
        # What a customs administration does or has achieved: shown as peer best practices.
        PRACTICE = "practice", _("Practice")
        RESULT = "result", _("Result")
        # What is only intended, or observed about a group: shown apart, as context.
        PLAN = "plan", _("Plan")
        FINDING = "finding", _("Finding")

    PEER_KINDS = (Kind.PRACTICE, Kind.RESULT)

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="best_practices")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PRACTICE)
    economy = models.ForeignKey(Economy, on_delete=models.PROTECT, null=True, blank=True)
    source = models.CharField(_("source"), max_length=200, help_text=_("Who the report says does it."))
    level = models.PositiveSmallIntegerField(_("level illustrated"))
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"))
    section = models.CharField(_("report section"), max_length=300)
    line = models.PositiveIntegerField(_("report line"))
    quote = models.TextField(_("quoted text"), blank=True)

    class Meta:
        ordering = ["area__order", "level", "line"]

    def __str__(self) -> str:
        return self.title


class Prerequisite(models.Model):
    """Level `level` of an indicator needs level `needs_level` of another, with the reason and its source."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="prerequisites")
    level = models.PositiveSmallIntegerField(_("level"))
    needs = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="needed_by")
    needs_level = models.PositiveSmallIntegerField(_("level needed"))
    why = models.TextField(_("why"))
    source = models.CharField(_("source"), max_length=300)

    class Meta:
        ordering = ["indicator__area__order", "indicator__order", "level", "needs__area__order", "needs__order"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "level", "needs"], name="one_prerequisite_per_level_and_need")
        ]

    def __str__(self) -> str:
        return f"{self.indicator}:{self.level} needs {self.needs}:{self.needs_level}"


class Assessment(models.Model):
    """One economy's answers for one cycle, in one version: draft → submitted → validated (published),
    or returned (back to its focal points). A correction of a validated assessment is a new version."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for review")
        RETURNED = "returned", _("Returned for changes")
        VALIDATED = "validated", _("Validated")

    EDITABLE_STATUSES = (Status.DRAFT, Status.RETURNED)

    economy = models.ForeignKey(Economy, on_delete=models.PROTECT, related_name="assessments")
    cycle = models.PositiveSmallIntegerField(_("cycle (year)"))
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="assessments")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    is_illustrative = models.BooleanField(
        _("illustrative"), default=False, help_text=_("Demo data built from the report, not an official answer.")
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    supersedes = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("corrects version"),
    )
    note = models.TextField(_("note"), blank=True)
    # Bumped on every save of answers; forms carry it to detect concurrent edits.
    revision = models.PositiveIntegerField(default=0)
    # The revision at which each area's page last changed ({"SW": 12, …}): a save of one area
    # leaves the cached pages of the others valid.
    area_revisions = models.JSONField(default=dict, blank=True)
    # How many indicators of each area are answered, as of one revision ({"revision": 12, "areas":
    # {"SW": 4, …}}): written by each save so that the area tabs need no query; stale once the
    # revision moves on without it (an admin edit, an import), when the answers are counted again.
    answered_counts = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    validated_at = models.DateTimeField(null=True, blank=True)
    # Status changes and admin edits; answer saves move the revision with an UPDATE that records nothing here.
    history = HistoricalRecords(excluded_fields=["revision", "updated_at", "area_revisions", "answered_counts"])

    class Meta:
        ordering = ["-cycle", "economy__name", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["economy", "cycle", "is_illustrative", "version"], name="one_version_per_economy_cycle"
            )
        ]
        permissions = [("review_assessment", _("Can return or validate submitted assessments"))]

    def __str__(self) -> str:
        return f"{self.economy} {self.cycle}" + (f" v{self.version}" if self.version > 1 else "")

    @property
    def is_draft(self) -> bool:
        """Open for editing by its focal points: a draft, or returned by a reviewer."""
        return self.status in self.EDITABLE_STATUSES

    @property
    def is_public(self) -> bool:
        return self.is_illustrative or self.status == self.Status.VALIDATED

    @property
    def public_status(self) -> str:
        return "illustrative" if self.is_illustrative else self.status


# What the public may read: validated assessments (every version) and the illustrative ones.
PUBLIC = models.Q(is_illustrative=True) | models.Q(status=Assessment.Status.VALIDATED)


class Answer(models.Model):
    VALUE_CHOICES = [(str(level), str(level)) for level in scoring.LEVELS] + [
        (scoring.NOT_APPLICABLE, _("Not applicable")),
        (scoring.DONT_KNOW, _("Don't know")),
    ]

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="answers")
    value = models.CharField(_("answer"), max_length=2, choices=VALUE_CHOICES, blank=True)
    # The answer rules again, so that the admin refuses what every other path refuses.
    evidence = models.TextField(_("evidence"), blank=True, validators=answer_rules.TEXT_VALIDATORS["evidence"])
    evidence_link = models.CharField(
        _("evidence link"),
        max_length=answer_rules.LINK_MAX_LENGTH,
        blank=True,
        validators=answer_rules.TEXT_VALIDATORS["evidence_link"],
    )
    comment = models.TextField(_("comment"), blank=True, validators=answer_rules.TEXT_VALIDATORS["comment"])
    revision = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    # The cycle this answer was carried forward from, until its focal point confirms or changes it.
    carried_from = models.PositiveSmallIntegerField(_("carried forward from"), null=True, blank=True)
    # The framework version a carried answer was mapped from through a crosswalk, likewise.
    mapped_from = models.CharField(_("mapped from framework"), max_length=20, blank=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assessment", "indicator"], name="one_answer_per_indicator")]

    def __str__(self) -> str:
        return f"{self.assessment} {self.indicator}: {self.value or '—'}"

    @property
    def scoring_value(self) -> scoring.AnswerValue | None:
        """The value as the scoring engine takes it: an int level, "na", "dk" or None."""
        return stored_to_scoring(self.value)


def stored_to_scoring(stored: str) -> scoring.AnswerValue | None:
    """A stored answer ("0"–"4", "na", "dk", "") as the scoring engine takes it (None when unanswered)."""
    if not stored:
        return None
    return int(stored) if stored.isdigit() else stored


class WeightProfile(models.Model):
    """A named set of area weights to score with instead of the framework's own.

    "Framework default" and "Equal" always exist without being stored.
    """

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="weight_profiles")
    slug = models.SlugField(_("key"), max_length=40)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("why these weights"), blank=True)
    # {"SW": 30, "DM": 20, ...}; an area left out keeps its framework weight.
    weights = models.JSONField(_("area weights"))

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["framework", "slug"], name="unique_weight_profile")]

    def __str__(self) -> str:
        return self.name


class Review(models.Model):
    """A reviewer's decision on a submitted assessment, with an overall comment."""

    class Decision(models.TextChoices):
        RETURNED = "returned", _("Returned for changes")
        VALIDATED = "validated", _("Validated")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.assessment}: {self.get_decision_display()}"


class IndicatorComment(models.Model):
    """A reviewer's comment on one answer; open until the focal point changes the answer or marks it addressed."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="indicator_comments")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("comment"))
    addressed_at = models.DateTimeField(_("addressed"), null=True, blank=True)
    addressed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator__area__order", "indicator__order"]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.text[:40]}"

    @property
    def is_open(self) -> bool:
        return self.addressed_at is None


class IndicatorMapping(models.Model):
    """One line of a crosswalk between framework versions: how an indicator's levels carry over."""

    class Relation(models.TextChoices):
        SAME = "same", _("same")
        RENAMED = "renamed", _("renamed")
        SPLIT = "split", _("split")
        MERGED = "merged", _("merged")
        RELEVELLED = "relevelled", _("re-levelled")
        NEW = "new", _("new")

    source = models.ForeignKey(Indicator, on_delete=models.CASCADE, null=True, related_name="mappings_out")
    target = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="mappings_in")
    relation = models.CharField(max_length=10, choices=Relation.choices)
    # {"0": 0, …, "4": 4}: the target level of each source level; null where it cannot be mapped.
    levels = models.JSONField(default=dict)
    rule = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["source", "target"], name="one_mapping_per_pair")]

    def __str__(self) -> str:
        return f"{self.source or '—'} → {self.target} ({self.relation})"


class ReferenceIndicator(models.Model):
    """A published, per-economy indicator from a source no one here controls (OECD TFI, UN Global Survey…),
    shown beside the self-assessment; each value read from its source, never estimated."""

    source = models.CharField(_("source"), max_length=100)
    year = models.PositiveSmallIntegerField(_("year"))
    economy = models.ForeignKey(Economy, on_delete=models.CASCADE, related_name="reference_indicators")
    measure = models.CharField(_("measure"), max_length=200)
    value = models.FloatField(_("value"))
    scale = models.CharField(_("scale"), max_length=20, help_text=_("The range of the measure, e.g. 0-2 or 0-100."))
    url = models.URLField(_("where the value is published"), max_length=500)

    class Meta:
        ordering = ["source", "measure", "year"]
        constraints = [
            models.UniqueConstraint(fields=["source", "measure", "economy", "year"], name="one_reference_value")
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.measure} {self.economy.code} {self.year}: {self.value}"

    @property
    def label(self) -> str:
        return f"{self.source}: {self.measure}"


class RequestCount(models.Model):
    """How many requests of one kind (the key) came in a window: the counters of the password-reset
    and sign-in limits (assessment/request_limits.py). In the database, so that every worker process
    shares them, increments are atomic, and no cache eviction can reset them."""

    key = models.CharField(_("counted"), max_length=200, unique=True)
    count = models.PositiveIntegerField(_("requests"), default=0)
    window_ends = models.DateTimeField(_("window ends"), db_index=True)

    class Meta:
        verbose_name = _("request limit")
        verbose_name_plural = _("request limits")
        ordering = ["-window_ends"]

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"


class TargetPlan(models.Model):
    """An economy's targets on one framework version: a level per indicator, or per area for the indicators
    of the area without their own, and the year to reach them. Private to the economy and the reviewers
    unless the economy makes it public."""

    economy = models.ForeignKey(Economy, on_delete=models.CASCADE, related_name="target_plans")
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="+")
    # {"SW-1": 3, …} and {"SW": 2, …}; roadmap.indicator_targets combines them.
    levels = models.JSONField(_("target levels"), default=dict, blank=True)
    area_levels = models.JSONField(_("target levels per area"), default=dict, blank=True)
    target_year = models.PositiveSmallIntegerField(_("target year"))
    is_public = models.BooleanField(_("public"), default=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["economy", "framework"], name="one_target_plan_per_version")]

    def __str__(self) -> str:
        return f"{self.economy} {self.framework.version} → {self.target_year}"
