import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
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
    # Every economy whose practice the row reports (two for a joint system, all participants of a joint
    # operation), none for a survey or an organisation's statement: none of them sees it as a peer's.
    economies = models.ManyToManyField(
        Economy, blank=True, related_name="best_practices", verbose_name=_("economies"),
        help_text=_("Every economy whose practice this is; none of them is shown it as a peer's."),
    )  # fmt: skip
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

    def belongs_to(self, economy_id: int) -> bool:
        """Whether the row reports this economy's own practice (reads prefetched economies)."""
        return any(economy.pk == economy_id for economy in self.economies.all())


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
    # The Cycle of that year, kept consistent with `cycle` by save(); many queries read the year.
    programme_cycle = models.ForeignKey(
        "Cycle",
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("programme cycle"),
        editable=False,
    )
    # The cycle's publication date, copied by Cycle.save() so that public_q() needs no join.
    public_from = models.DateField(null=True, blank=True, editable=False)
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
    correction_reason = models.TextField(
        _("what is corrected and why"), blank=True, help_text=_("Given when the correction was opened.")
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

    def save(self, *args, **kwargs):
        moved = self.cycle != getattr(self, "_loaded_cycle", self.cycle)
        mismatched = Assessment.programme_cycle.field.is_cached(self) and self.programme_cycle.year != self.cycle
        if self.programme_cycle_id is None or moved or mismatched:
            finished = self.is_illustrative or self.status == self.Status.VALIDATED
            status = Cycle.Status.PUBLISHED if finished else Cycle.Status.OPEN
            self.programme_cycle = cycle_for_year(self.cycle, self.framework, status)
        if self._state.adding or moved:
            self.public_from = self.programme_cycle.publication_date
        super().save(*args, **kwargs)
        self._loaded_cycle = self.cycle

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_cycle = instance.__dict__.get("cycle")
        return instance

    @property
    def is_draft(self) -> bool:
        """Open for editing by its focal points: a draft, or returned by a reviewer."""
        return self.status in self.EDITABLE_STATUSES

    @property
    def is_public(self) -> bool:
        return self.is_illustrative or (self.status == self.Status.VALIDATED and self.is_past_publication)

    @property
    def is_past_publication(self) -> bool:
        """Whether its cycle's publication date, if any, has come."""
        return self.public_from is None or self.public_from <= timezone.localdate()

    @property
    def public_status(self) -> str:
        return "illustrative" if self.is_illustrative else self.status


# --- Programme cycles (issue 25) ---------------------------------------------------------------


class Cycle(models.Model):
    """One round of the programme: the secretariat opens it for the invited economies, follows them
    until the due date, then closes it and publishes the validated results, together when a
    publication date is set. Services that change it are in assessment/programme/services.py."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")
        PUBLISHED = "published", _("Published")

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    framework = models.ForeignKey(
        Framework, on_delete=models.PROTECT, related_name="cycles", verbose_name=_("framework version")
    )
    opens_on = models.DateField(_("opening date"))
    due_on = models.DateField(_("due date"))
    publication_date = models.DateField(
        _("publication date"),
        null=True,
        blank=True,
        help_text=_(
            "Validated assessments stay private until this date, then appear together. "
            "Leave empty to publish each one on validation."
        ),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    invited_economies = models.ManyToManyField(
        Economy,
        related_name="invited_to",
        blank=True,
        verbose_name=_("invited economies"),
        help_text=_("None selected means every economy."),
    )
    # Plain text in the secretariat's words, sent as typed (not translated).
    note = models.TextField(_("note to focal points"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"], m2m_fields=[invited_economies])

    class Meta:
        ordering = ["-year"]
        verbose_name = _("cycle")
        verbose_name_plural = _("cycles")

    def __str__(self) -> str:
        return str(self.year)

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # Each assessment keeps a copy of the publication date, so that public_q() needs no join.
        self.assessments.exclude(public_from=self.publication_date).update(public_from=self.publication_date)

    def invited(self):
        """The invited economies: every economy when none is selected."""
        chosen = self.invited_economies.all()
        return chosen if chosen.exists() else Economy.objects.all()

    def invites(self, economy: Economy) -> bool:
        chosen = self.invited_economies.all()
        return not chosen.exists() or chosen.filter(pk=economy.pk).exists()


def cycle_for_year(year: int, framework: Framework, status: str) -> Cycle:
    """The cycle of a year, created with every economy invited, due at the year's end, when an
    assessment of a year without one is made outside the start form (the admin, an import, a test):
    published for illustrative or validated data, open otherwise."""
    cycle, _created = Cycle.objects.get_or_create(
        year=year,
        defaults={
            "framework": framework,
            "opens_on": datetime.date(year, 1, 1),
            "due_on": datetime.date(year, 12, 31),
            "status": status,
        },
    )
    return cycle


def public_q() -> models.Q:
    """What the public may read today: illustrative assessments, and validated ones (every version)
    whose cycle has no publication date or has reached it."""
    published = models.Q(public_from__isnull=True) | models.Q(public_from__lte=timezone.localdate())
    return models.Q(is_illustrative=True) | (models.Q(status=Assessment.Status.VALIDATED) & published)


class Reminder(models.Model):
    """A reminder sent to an economy's focal points, once per cycle, economy and step."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="reminders")
    economy = models.ForeignKey(Economy, on_delete=models.CASCADE, related_name="reminders")
    step = models.CharField(_("step"), max_length=20)
    sent_at = models.DateTimeField(_("sent"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
        help_text=_("Empty when the scheduled command sent it."),
    )

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [models.UniqueConstraint(fields=["cycle", "economy", "step"], name="one_reminder_per_step")]

    def __str__(self) -> str:
        return f"{self.cycle} {self.economy.code} {self.step}"


class ReviewerAssignment(models.Model):
    """The reviewer the secretariat assigned to an economy's assessment of a cycle."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="assignments")
    economy = models.ForeignKey(Economy, on_delete=models.CASCADE, related_name="+")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_assignments")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reviewer assignment")
        verbose_name_plural = _("reviewer assignments")
        constraints = [models.UniqueConstraint(fields=["cycle", "economy"], name="one_reviewer_per_economy_cycle")]

    def __str__(self) -> str:
        return f"{self.cycle} {self.economy.code}: {self.reviewer}"


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
    addressed_note = models.TextField(_("note on addressing it"), blank=True)
    # How it was addressed: the answer was changed, or it was marked addressed with the answer standing.
    addressed_by_change = models.BooleanField(default=False)
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
    copy_url = models.URLField(
        _("copy the value was transcribed from"), max_length=500, blank=True,
        help_text=_("Where the value was read, when not from the publisher's own page (a third-party copy)."),
    )  # fmt: skip

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
