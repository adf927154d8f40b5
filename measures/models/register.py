"""The measure register: measures (tiltak), their place in work plans, and comments."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from analyses.models import Challenge
from measures.status import (
    ACTIVE_STATUSES,
    MEASURE_STATUS_LABELS,
    PROGRESS_IN_RANGE,
    STATUS_AGREES_WITH_PROGRESS,
    STATUS_PROGRESS_MESSAGE,
    MeasureStatus,
    progress_error,
)
from plans.models import Department, LegalBasis, Plan, Strategy, WorkPlan


class MeasureQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=ACTIVE_STATUSES)

    def with_last_reported(self, *, before=None):
        """Annotate `last_reported_at`: the newest status update's `submitted_at` (NULL
        without one), optionally only updates submitted before `before` (a datetime).

        Derived, never stored, so "Sist rapportert" can only show a real status update.
        One correlated subquery per row, served by the index statusupdate_measure_time_id.
        """
        # The status update model lives in models/followup.py, which imports this module.
        updates = self.model._meta.get_field("status_updates").related_model.objects
        newest = updates.filter(measure=OuterRef("pk"))
        if before is not None:
            newest = newest.filter(submitted_at__lt=before)
        return self.annotate(
            last_reported_at=Subquery(newest.order_by("-submitted_at").values("submitted_at")[:1])
        )


class Measure(models.Model):
    """A tiltak: one responsible department and one responsible person, always."""

    Status = MeasureStatus

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="measures"
    )
    strategy = models.ForeignKey(
        Strategy, verbose_name=_("strategi"), on_delete=models.PROTECT, related_name="measures"
    )
    number = models.PositiveSmallIntegerField(_("nummer"))
    code = models.CharField(_("kode"), max_length=20)
    title = models.CharField(_("tiltak"), max_length=300)
    description = models.TextField(_("beskrivelse"), blank=True)
    responsible_department = models.ForeignKey(
        Department,
        verbose_name=_("ansvarlig virksomhet"),
        on_delete=models.PROTECT,
        related_name="owned_measures",
    )
    responsible_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("hovedansvarlig"),
        on_delete=models.PROTECT,
        related_name="owned_measures",
    )
    # A colleague in the department the owner has handed the reporting to.
    reporting_delegate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("rapporterer (delegert)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="delegated_measures",
    )
    contributing_departments = models.ManyToManyField(
        Department,
        verbose_name=_("medvirkende virksomheter"),
        blank=True,
        related_name="contributed_measures",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=MeasureStatus.choices, default=MeasureStatus.NOT_STARTED
    )
    progress = models.PositiveSmallIntegerField(_("framdrift (%)"), default=0)
    planned_start = models.DateField(_("planlagt start"), null=True, blank=True)
    planned_end = models.DateField(_("planlagt slutt"), null=True, blank=True)
    cost_estimate = models.DecimalField(
        _("kostnadsanslag (kr)"), max_digits=14, decimal_places=0, null=True, blank=True
    )
    legal_bases = models.ManyToManyField(
        LegalBasis, verbose_name=_("lovhjemler"), blank=True, related_name="measures"
    )
    challenges = models.ManyToManyField(
        Challenge, verbose_name=_("utfordringer"), blank=True, related_name="measures"
    )
    carried_over_from = models.ForeignKey(
        "self",
        verbose_name=_("videreført fra"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="carried_over_to",
    )
    is_illustrative = models.BooleanField(_("illustrativt eksempel"), default=False)
    # When the current owner accepted the responsibility; emptied whenever the owner changes.
    owner_confirmed_at = models.DateTimeField(_("hovedansvar bekreftet"), null=True, blank=True)
    # Optimistic lock: a save must name the version it started from.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = MeasureQuerySet.as_manager()

    class Meta:
        verbose_name = _("tiltak")
        verbose_name_plural = _("tiltak")
        ordering = ["plan", "strategy__goal__number", "strategy__number", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="measure_code_unique_in_plan"),
            models.CheckConstraint(
                condition=PROGRESS_IN_RANGE,
                name="measure_progress_0_100",
                violation_error_message=_("Framdrift må være mellom 0 og 100 prosent."),
            ),
            models.CheckConstraint(
                condition=STATUS_AGREES_WITH_PROGRESS,
                name="measure_status_agrees_with_progress",
                violation_error_message=STATUS_PROGRESS_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(planned_end__isnull=True)
                | Q(planned_start__isnull=True)
                | Q(planned_end__gte=F("planned_start")),
                name="measure_end_not_before_start",
                violation_error_message=_("Planlagt slutt kan ikke være før planlagt start."),
            ),
        ]
        indexes = [
            # "Mine tiltak": a department's measures by status.
            models.Index(fields=["responsible_department", "status"], name="measure_dept_status"),
            # The dashboard's "owner has not confirmed" list (by code) and its count
            # (selectors.unconfirmed_measures): only the few unconfirmed rows are indexed, so
            # neither reads a plan's 20,000 confirmed measures.
            models.Index(
                fields=["plan", "code"],
                condition=Q(owner_confirmed_at__isnull=True),
                name="measure_plan_unconfirmed",
            ),
            # The plan list's roll-up per plan (portal.selectors.plan_cards), read from the
            # index alone: 19 → 3 ms for a plan of 20,000 measures on SQLite.
            models.Index(
                fields=["plan", "status", "progress"], name="measure_plan_status_progress"
            ),
            # The dashboard's table per department and status (followup.dashboard), read
            # from the index alone: 11 → 2 ms for a plan of 20,000 measures on SQLite.
            models.Index(
                fields=["plan", "responsible_department", "status"],
                name="measure_plan_dept_status",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("measures:measure_detail", kwargs={"pk": self.pk})

    @property
    def status_label(self) -> str:
        """`get_status_display()`, read from a dict made once (measures.status)."""
        return MEASURE_STATUS_LABELS.get(self.status, self.status)

    def clean(self) -> None:
        errors = {}
        if self.planned_start and self.planned_end and self.planned_end < self.planned_start:
            errors["planned_end"] = _("Planlagt slutt kan ikke være før planlagt start.")
        if message := progress_error(self.status, self.progress):
            errors["progress"] = message
        if self.strategy_id and self.plan_id and self.strategy.goal.plan_id != self.plan_id:
            errors["strategy"] = _("Strategien hører til en annen plan.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES


class WorkPlanItem(models.Model):
    """A measure chosen for a year's work plan, with the year's target."""

    class State(models.TextChoices):
        PLANNED = "planned", _("Planlagt")
        IN_PROGRESS = "in_progress", _("Pågår")
        DONE = "done", _("Gjennomført")
        DROPPED = "dropped", _("Utgår")

    work_plan = models.ForeignKey(
        WorkPlan, verbose_name=_("arbeidsplan"), on_delete=models.CASCADE, related_name="items"
    )
    measure = models.ForeignKey(
        Measure, verbose_name=_("tiltak"), on_delete=models.CASCADE, related_name="work_plan_items"
    )
    target = models.TextField(_("årets mål"), blank=True)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ansvarlig"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="work_plan_items",
    )
    quarter = models.PositiveSmallIntegerField(_("kvartal"), null=True, blank=True)
    due_date = models.DateField(_("dato"), null=True, blank=True)
    state = models.CharField(
        _("tilstand"), max_length=20, choices=State.choices, default=State.PLANNED
    )

    class Meta:
        verbose_name = _("tiltak i arbeidsplan")
        verbose_name_plural = _("tiltak i arbeidsplan")
        ordering = ["work_plan", "measure__code"]
        constraints = [
            models.UniqueConstraint(fields=["work_plan", "measure"], name="work_plan_item_unique"),
            models.CheckConstraint(
                condition=Q(quarter__isnull=True) | Q(quarter__gte=1, quarter__lte=4),
                name="work_plan_item_quarter_1_4",
                violation_error_message=_("Kvartal må være 1, 2, 3 eller 4."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.work_plan}: {self.measure}"


class OngoingProject(models.Model):
    """A project or service already running in a department, linked to the measures it serves."""

    name = models.CharField(_("navn"), max_length=200)
    department = models.ForeignKey(
        Department,
        verbose_name=_("virksomhet"),
        on_delete=models.PROTECT,
        related_name="ongoing_projects",
    )
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("slutt"), null=True, blank=True)
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("kontaktperson"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    description = models.TextField(_("beskrivelse"), blank=True)
    measures = models.ManyToManyField(
        Measure, verbose_name=_("tiltak"), blank=True, related_name="ongoing_projects"
    )

    class Meta:
        verbose_name = _("pågående prosjekt")
        verbose_name_plural = _("pågående prosjekter")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(start__isnull=True) | Q(end__gte=F("start")),
                name="ongoing_project_end_not_before_start",
                violation_error_message=_("Slutt kan ikke være før start."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class Comment(models.Model):
    """A message between the coordinator and the measure's owner; never shown to politicians."""

    measure = models.ForeignKey(
        Measure, verbose_name=_("tiltak"), on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("skrevet av"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(_("kommentar"))
    created_at = models.DateTimeField(_("skrevet"), auto_now_add=True)

    class Meta:
        verbose_name = _("kommentar")
        verbose_name_plural = _("kommentarer")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.author}: {self.text[:40]}"
