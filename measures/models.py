"""Measures and their follow-up: implementation plans, reporting, funding, notices, reports."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from analyses.models import Challenge
from bodobolig.validators import case_number_is_valid_or_blank, validate_case_number
from plans.models import Department, LegalBasis, Plan, Strategy, WorkPlan

PROGRESS_RANGE = Q(progress__gte=0) & Q(progress__lte=100)


class MeasureStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Ikke startet")
    PLANNED = "planned", _("Planlagt")
    IN_PROGRESS = "in_progress", _("Pågår")
    COMPLETED = "completed", _("Fullført")
    POSTPONED = "postponed", _("Utsatt")
    CANCELLED = "cancelled", _("Avbrutt")


ACTIVE_STATUSES = (MeasureStatus.NOT_STARTED, MeasureStatus.PLANNED, MeasureStatus.IN_PROGRESS)


class MeasureQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=ACTIVE_STATUSES)


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
    # Optimistic lock: a save must name the version it started from.
    version = models.PositiveIntegerField(default=1)
    last_reported_at = models.DateTimeField(_("sist rapportert"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at", "last_reported_at"])
    objects = MeasureQuerySet.as_manager()

    class Meta:
        verbose_name = _("tiltak")
        verbose_name_plural = _("tiltak")
        ordering = ["plan", "strategy__goal__number", "strategy__number", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="measure_code_unique_in_plan"),
            models.CheckConstraint(
                condition=PROGRESS_RANGE,
                name="measure_progress_0_100",
                violation_error_message=_("Framdrift må være mellom 0 og 100 prosent."),
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
            # "Mine tiltak" and the dashboard's per-department counts.
            models.Index(fields=["responsible_department", "status"], name="measure_dept_status"),
            # The "not updated for N days" list.
            models.Index(fields=["plan", "last_reported_at"], name="measure_plan_reported"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("measures:measure_detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        errors = {}
        if self.planned_start and self.planned_end and self.planned_end < self.planned_start:
            errors["planned_end"] = _("Planlagt slutt kan ikke være før planlagt start.")
        if self.progress is not None and not 0 <= self.progress <= 100:
            errors["progress"] = _("Framdrift må være mellom 0 og 100 prosent.")
        if self.strategy_id and self.plan_id and self.strategy.goal.plan_id != self.plan_id:
            errors["strategy"] = _("Strategien hører til en annen plan.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES


class WorkPlanItem(models.Model):
    """A measure chosen for a year's work plan, with the year's target."""

    work_plan = models.ForeignKey(
        WorkPlan, verbose_name=_("arbeidsplan"), on_delete=models.CASCADE, related_name="items"
    )
    measure = models.ForeignKey(
        Measure, verbose_name=_("tiltak"), on_delete=models.CASCADE, related_name="work_plan_items"
    )
    target = models.TextField(_("årets mål"), blank=True)

    class Meta:
        verbose_name = _("tiltak i arbeidsplan")
        verbose_name_plural = _("tiltak i arbeidsplan")
        constraints = [
            models.UniqueConstraint(fields=["work_plan", "measure"], name="work_plan_item_unique")
        ]

    def __str__(self) -> str:
        return f"{self.work_plan}: {self.measure}"


class ImplementationPlan(models.Model):
    """A gjennomføringsplan ordered by the coordinator and written by the measure's owner."""

    class Status(models.TextChoices):
        ORDERED = "ordered", _("Bestilt")
        DRAFT = "draft", _("Under arbeid")
        SUBMITTED = "submitted", _("Levert")
        RETURNED = "returned", _("Sendt tilbake")
        APPROVED = "approved", _("Godkjent")

    measure = models.OneToOneField(
        Measure,
        verbose_name=_("tiltak"),
        on_delete=models.CASCADE,
        related_name="implementation_plan",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ORDERED
    )
    ordered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bestilt av"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    ordered_at = models.DateTimeField(_("bestilt"), auto_now_add=True)
    due_date = models.DateField(_("frist"))
    order_message = models.TextField(_("melding ved bestilling"), blank=True)
    expected_result = models.TextField(_("forventet resultat"), blank=True)
    resources = models.TextField(_("ressurser"), blank=True)
    risks = models.TextField(_("risiko"), blank=True)
    feedback = models.TextField(_("tilbakemelding fra koordinator"), blank=True)
    submitted_at = models.DateTimeField(_("levert"), null=True, blank=True)
    approved_at = models.DateTimeField(_("godkjent"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("godkjent av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("gjennomføringsplan")
        verbose_name_plural = _("gjennomføringsplaner")
        indexes = [
            # Overdue and due-soon lists in the dashboard and the reminder sweep.
            models.Index(fields=["status", "due_date"], name="implplan_status_due"),
        ]

    def __str__(self) -> str:
        return _("Gjennomføringsplan for %(measure)s") % {"measure": self.measure}

    def get_absolute_url(self) -> str:
        return reverse("measures:implementation_plan", kwargs={"pk": self.measure_id})

    @property
    def is_open(self) -> bool:
        """Still owed by the owner."""
        return self.status in {self.Status.ORDERED, self.Status.DRAFT, self.Status.RETURNED}


class ImplementationActivity(models.Model):
    implementation_plan = models.ForeignKey(
        ImplementationPlan,
        verbose_name=_("gjennomføringsplan"),
        on_delete=models.CASCADE,
        related_name="activities",
    )
    title = models.CharField(_("aktivitet"), max_length=300)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ansvarlig"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="implementation_activities",
    )
    start_date = models.DateField(_("start"), null=True, blank=True)
    due_date = models.DateField(_("frist"), null=True, blank=True)
    completed_at = models.DateField(_("fullført"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("aktivitet")
        verbose_name_plural = _("aktiviteter")
        ordering = ["implementation_plan", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(due_date__gte=F("start_date")),
                name="activity_due_not_before_start",
            )
        ]

    def __str__(self) -> str:
        return self.title


class ImplementationPlanVersion(models.Model):
    """A frozen copy of each submission, so the coordinator can compare versions."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Til behandling")
        RETURNED = "returned", _("Sendt tilbake")
        APPROVED = "approved", _("Godkjent")

    implementation_plan = models.ForeignKey(
        ImplementationPlan,
        verbose_name=_("gjennomføringsplan"),
        on_delete=models.CASCADE,
        related_name="versions",
    )
    number = models.PositiveSmallIntegerField(_("versjon"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("levert av"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("levert"))
    content = models.JSONField(_("innhold"))
    outcome = models.CharField(
        _("utfall"), max_length=20, choices=Outcome.choices, default=Outcome.PENDING
    )
    feedback = models.TextField(_("tilbakemelding"), blank=True)

    class Meta:
        verbose_name = _("versjon av gjennomføringsplan")
        verbose_name_plural = _("versjoner av gjennomføringsplan")
        ordering = ["implementation_plan", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["implementation_plan", "number"], name="implplan_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.implementation_plan} v{self.number}"


class FundingRequest(models.Model):
    """Finansieringsbehov for one year, and the political decision on it."""

    class Source(models.TextChoices):
        OPERATING = "operating", _("Driftsbudsjett")
        INVESTMENT = "investment", _("Investeringsbudsjett")
        HUSBANKEN = "husbanken", _("Tilskudd fra Husbanken")
        STATE = "state", _("Annet statlig tilskudd")
        OTHER = "other", _("Annen finansiering")

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Søkt")
        GRANTED = "granted", _("Innvilget")
        PARTLY = "partly", _("Delvis innvilget")
        REJECTED = "rejected", _("Avslått")

    measure = models.ForeignKey(
        Measure, verbose_name=_("tiltak"), on_delete=models.CASCADE, related_name="funding"
    )
    implementation_plan = models.ForeignKey(
        ImplementationPlan,
        verbose_name=_("gjennomføringsplan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="funding",
    )
    year = models.PositiveSmallIntegerField(_("år"))
    amount = models.DecimalField(_("beløp (kr)"), max_digits=14, decimal_places=0)
    granted_amount = models.DecimalField(
        _("innvilget (kr)"), max_digits=14, decimal_places=0, null=True, blank=True
    )
    source = models.CharField(_("finansieringskilde"), max_length=20, choices=Source.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.REQUESTED
    )
    decision_case_number = models.CharField(
        _("vedtakets saksnummer"), max_length=20, blank=True, validators=[validate_case_number]
    )
    decision_body = models.CharField(_("vedtatt av"), max_length=100, blank=True)
    decided_on = models.DateField(_("vedtaksdato"), null=True, blank=True)

    class Meta:
        verbose_name = _("finansieringsbehov")
        verbose_name_plural = _("finansieringsbehov")
        ordering = ["measure", "year"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="funding_amount_not_negative"),
            models.CheckConstraint(
                condition=case_number_is_valid_or_blank("decision_case_number"),
                name="funding_case_number_format",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.measure.code} {self.year}: {self.amount} kr"


class ReportingRound(models.Model):
    """A rapporteringsrunde: every included measure owes one status update by the due date."""

    class Status(models.TextChoices):
        OPEN = "open", _("Åpen")
        CLOSED = "closed", _("Lukket")

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="reporting_rounds"
    )
    name = models.CharField(_("navn"), max_length=200)
    due_date = models.DateField(_("frist"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default="open")
    measures = models.ManyToManyField(
        Measure, verbose_name=_("tiltak"), related_name="reporting_rounds"
    )
    message = models.TextField(_("melding til hovedansvarlige"), blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("åpnet av"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    opened_at = models.DateTimeField(_("åpnet"), auto_now_add=True)
    closed_at = models.DateTimeField(_("lukket"), null=True, blank=True)

    class Meta:
        verbose_name = _("rapporteringsrunde")
        verbose_name_plural = _("rapporteringsrunder")
        ordering = ["-due_date"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("measures:round_detail", kwargs={"pk": self.pk})


class StatusUpdate(models.Model):
    """A statusrapport on one measure, in a reporting round or on its own."""

    measure = models.ForeignKey(
        Measure, verbose_name=_("tiltak"), on_delete=models.CASCADE, related_name="status_updates"
    )
    reporting_round = models.ForeignKey(
        ReportingRound,
        verbose_name=_("rapporteringsrunde"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="status_updates",
    )
    status = models.CharField(_("status"), max_length=20, choices=MeasureStatus.choices)
    progress = models.PositiveSmallIntegerField(_("framdrift (%)"))
    text = models.TextField(_("status og resultater"))
    risks = models.TextField(_("risiko og behov for hjelp"), blank=True)
    needs_help = models.BooleanField(_("trenger hjelp fra koordinator"), default=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("rapportert av"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="status_updates",
    )
    submitted_at = models.DateTimeField(_("rapportert"))
    is_late = models.BooleanField(_("levert etter fristen"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("statusrapport")
        verbose_name_plural = _("statusrapporter")
        ordering = ["-submitted_at"]
        get_latest_by = "submitted_at"
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "reporting_round"],
                condition=Q(reporting_round__isnull=False),
                name="one_status_update_per_round",
                violation_error_message=_("Tiltaket har allerede en statusrapport i denne runden."),
            ),
            models.CheckConstraint(
                condition=PROGRESS_RANGE,
                name="status_update_progress_0_100",
                violation_error_message=_("Framdrift må være mellom 0 og 100 prosent."),
            ),
        ]
        indexes = [
            # The measure page's timeline and "latest update" per measure.
            models.Index(fields=["measure", "-submitted_at"], name="statusupdate_measure_time"),
        ]

    def __str__(self) -> str:
        return f"{self.measure.code} {self.submitted_at:%d.%m.%Y}"


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


class FollowUpSettings(models.Model):
    """The coordinator's reminder settings (one row)."""

    due_soon_days = models.PositiveSmallIntegerField(_("varsle antall dager før frist"), default=7)
    overdue_repeat_days = models.PositiveSmallIntegerField(
        _("purre på nytt hver n-te dag"), default=7
    )
    escalate_after_days = models.PositiveSmallIntegerField(
        _("eskaler etter antall dager over frist"), default=14
    )
    stale_after_days = models.PositiveSmallIntegerField(
        _("tiltak regnes som ikke oppdatert etter antall dager"), default=90
    )
    digest_weekday = models.PositiveSmallIntegerField(
        _("ukedag for ukesammendrag (0 = mandag)"), default=0
    )

    class Meta:
        verbose_name = _("innstillinger for oppfølging")
        verbose_name_plural = _("innstillinger for oppfølging")
        constraints = [
            models.CheckConstraint(
                condition=Q(overdue_repeat_days__gte=1), name="followup_repeat_at_least_one_day"
            ),
            models.CheckConstraint(
                condition=Q(digest_weekday__lte=6), name="followup_digest_weekday_0_6"
            ),
        ]

    def __str__(self) -> str:
        return str(_("Innstillinger for oppfølging"))

    @classmethod
    def load(cls) -> "FollowUpSettings":
        obj, _created = cls.objects.get_or_create(pk=1)
        return obj


class NotificationPreference(models.Model):
    """A user's choices about optional e-mails (the digest); reminders are not optional."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    digest_opt_out = models.BooleanField(_("ikke send ukesammendrag"), default=False)

    def __str__(self) -> str:
        return f"{self.user}"


class Notification(models.Model):
    """The log of every notice or reminder; `key` makes sending idempotent."""

    class Kind(models.TextChoices):
        IMPLEMENTATION_PLAN_ORDERED = "implplan_ordered", _("Gjennomføringsplan bestilt")
        IMPLEMENTATION_PLAN_SUBMITTED = "implplan_submitted", _("Gjennomføringsplan levert")
        IMPLEMENTATION_PLAN_RETURNED = "implplan_returned", _("Gjennomføringsplan sendt tilbake")
        IMPLEMENTATION_PLAN_APPROVED = "implplan_approved", _("Gjennomføringsplan godkjent")
        MEASURE_REASSIGNED = "measure_reassigned", _("Nytt hovedansvar")
        STATUS_UPDATE_SUBMITTED = "status_submitted", _("Statusrapport levert")
        ROUND_OPENED = "round_opened", _("Rapporteringsrunde åpnet")
        REMINDER = "reminder", _("Påminnelse")
        ESCALATION = "escalation", _("Eskalering")
        DIGEST = "digest", _("Ukesammendrag")
        REPORT_PUBLISHED = "report_published", _("Statusrapport publisert")

    class State(models.TextChoices):
        QUEUED = "queued", _("I kø")
        SENDING = "sending", _("Sendes")
        SENT = "sent", _("Sendt")
        FAILED = "failed", _("Feilet")

    key = models.CharField(_("nøkkel"), max_length=200, unique=True)
    kind = models.CharField(_("type"), max_length=30, choices=Kind.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mottaker"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    subject = models.CharField(_("emne"), max_length=300, blank=True)
    # What the notice is about: kinds, ids and labels, so the log can link to them.
    items = models.JSONField(_("gjelder"), default=list, blank=True)
    measures = models.ManyToManyField(
        Measure, verbose_name=_("tiltak"), blank=True, related_name="notifications"
    )
    state = models.CharField(
        _("leveringsstatus"), max_length=10, choices=State.choices, default=State.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("forsøk"), default=0)
    error = models.TextField(_("feilmelding"), blank=True)
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)

    class Meta:
        verbose_name = _("varsel")
        verbose_name_plural = _("varsler")
        ordering = ["-created_at"]
        indexes = [
            # The log page, newest first, per recipient.
            models.Index(fields=["recipient", "-created_at"], name="notification_recipient_time"),
            # The sweep's retry of notices the broker never delivered.
            models.Index(fields=["state", "created_at"], name="notification_state_time"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient}"


class CouncilReport(models.Model):
    """A status report to the council: parameters, frozen figures, and the rendered PDF."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("I kø")
        RENDERING = "rendering", _("Lages")
        READY = "ready", _("Klar")
        FAILED = "failed", _("Feilet")

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.PROTECT, related_name="council_reports"
    )
    title = models.CharField(_("tittel"), max_length=300)
    as_of = models.DateField(_("status per"))
    reporting_round = models.ForeignKey(
        ReportingRound,
        verbose_name=_("rapporteringsrunde"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="council_reports",
    )
    introduction = models.TextField(_("innledning"), blank=True)
    case_number = models.CharField(
        _("arkivsaksnummer"), max_length=20, blank=True, validators=[validate_case_number]
    )
    committee = models.CharField(_("utvalg"), max_length=200, blank=True)
    meeting_date = models.DateField(_("møtedato"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.QUEUED
    )
    error = models.TextField(_("feilårsak"), blank=True)
    snapshot = models.JSONField(_("tallgrunnlag"), default=dict, blank=True)
    file = models.FileField(_("PDF"), upload_to="council_reports/", blank=True)
    page_count = models.PositiveSmallIntegerField(_("sider"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bestilt av"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("bestilt"), auto_now_add=True)
    rendered_at = models.DateTimeField(_("laget"), null=True, blank=True)
    published_at = models.DateTimeField(_("publisert"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("publisert av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("statusrapport til bystyret")
        verbose_name_plural = _("statusrapporter til bystyret")
        ordering = ["-requested_at"]
        constraints = [
            models.CheckConstraint(
                condition=case_number_is_valid_or_blank("case_number"),
                name="council_report_case_number_format",
            ),
            models.CheckConstraint(
                condition=Q(published_at__isnull=True) | Q(status="ready"),
                name="council_report_published_only_when_ready",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("measures:council_report_detail", kwargs={"pk": self.pk})

    @property
    def is_published(self) -> bool:
        return self.published_at is not None
