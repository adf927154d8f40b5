"""Follow-up: implementation plans, funding, reporting rounds, status updates, settings."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from bodobolig.validators import case_number_is_valid_or_blank, validate_case_number
from measures.models.register import Measure
from measures.status import (
    IMPLEMENTATION_PLAN_STATUS_LABELS,
    OPEN_IMPLEMENTATION_PLAN_STATUSES,
    PROGRESS_IN_RANGE,
    STATUS_AGREES_WITH_PROGRESS,
    STATUS_PROGRESS_MESSAGE,
    ImplementationPlanStatus,
    MeasureStatus,
    progress_error,
)
from plans.models import Plan

# A sanity bound, not a budget rule: no single housing measure is granted a milliard kroner
# a year, so a larger figure is a typing error (extra zeros) and is refused.
FUNDING_AMOUNT_CAP = 1_000_000_000


class ImplementationPlan(models.Model):
    """A gjennomføringsplan ordered by the coordinator and written by the measure's owner."""

    Status = ImplementationPlanStatus

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
    def status_label(self) -> str:
        """`get_status_display()`, read from a dict made once (measures.status)."""
        return IMPLEMENTATION_PLAN_STATUS_LABELS.get(self.status, self.status)

    @property
    def is_open(self) -> bool:
        """Still owed by the owner."""
        return self.status in OPEN_IMPLEMENTATION_PLAN_STATUSES


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
    in_economy_plan = models.BooleanField(_("tatt inn i økonomiplanen"), default=False)
    # The open request of a predecessor plan's measure this one carries on (videreføring).
    carried_over_from = models.ForeignKey(
        "self",
        verbose_name=_("videreført fra"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="carried_over_to",
    )

    class Meta:
        verbose_name = _("finansieringsbehov")
        verbose_name_plural = _("finansieringsbehov")
        ordering = ["measure", "year"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="funding_amount_not_negative"),
            models.CheckConstraint(
                condition=Q(granted_amount__isnull=True)
                | Q(granted_amount__gte=0, granted_amount__lte=FUNDING_AMOUNT_CAP),
                name="funding_granted_amount_sane",
                violation_error_message=_("Innvilget beløp er utenfor et rimelig budsjett."),
            ),
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
    """A status update (statusoppdatering) on one measure, in a reporting round or on its own."""

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
    # The coordinator reopens a submitted update for correction (with a reason); the owner
    # corrects it through the status form, which closes it again (reopened_at back to NULL).
    reopened_at = models.DateTimeField(_("åpnet for retting"), null=True, blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("åpnet for retting av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reopen_reason = models.TextField(_("begrunnelse for retting"), blank=True)
    corrected_at = models.DateTimeField(_("rettet"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("statusoppdatering")
        verbose_name_plural = _("statusoppdateringer")
        ordering = ["-submitted_at"]
        get_latest_by = "submitted_at"
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "reporting_round"],
                condition=Q(reporting_round__isnull=False),
                name="one_status_update_per_round",
                violation_error_message=_(
                    "Tiltaket har allerede en statusoppdatering i denne runden."
                ),
            ),
            models.CheckConstraint(
                condition=PROGRESS_IN_RANGE,
                name="status_update_progress_0_100",
                violation_error_message=_("Framdrift må være mellom 0 og 100 prosent."),
            ),
            models.CheckConstraint(
                condition=STATUS_AGREES_WITH_PROGRESS,
                name="status_update_status_agrees_with_progress",
                violation_error_message=STATUS_PROGRESS_MESSAGE,
            ),
        ]
        indexes = [
            # The measure page's timeline, "last reported" per measure
            # (`with_last_reported`) and the API row's newest update, whose tie-break on the id
            # (`measures/followup/api_rows.py`) would otherwise sort in a temporary B-tree.
            models.Index(
                fields=["measure", "-submitted_at", "-id"], name="statusupdate_measure_time_id"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.measure.code} {self.submitted_at:%d.%m.%Y}"

    def clean(self) -> None:
        if message := progress_error(self.status, self.progress):
            raise ValidationError({"progress": message})

    @property
    def is_reopened(self) -> bool:
        """Open for correction by its owner (the only time a submitted update is editable)."""
        return self.reopened_at is not None


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
    def stale_after_days_setting(cls) -> int:
        """The stale rule's N in one read query (the default while no row is saved).

        Read with one plain statement: nearly every follow-up page and API list asks, and
        compiling the ORM query cost more than running it (benchmarks/api.py)."""
        quote = connection.ops.quote_name
        field = cls._meta.get_field("stale_after_days")
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {quote(field.column)} FROM {quote(cls._meta.db_table)} "
                f"WHERE {quote(cls._meta.pk.column)} = %s",
                [1],
            )
            row = cursor.fetchone()
        return row[0] if row else field.default

    @classmethod
    def load(cls) -> "FollowUpSettings":
        obj, _created = cls.objects.get_or_create(pk=1)
        return obj


class PlanRevision(models.Model):
    """A token that is replaced after every saved change to what a plan's summaries count.

    Pages that count a whole plan keep their counts in the cache under the plan's token
    (measures.revisions); a change gives the plan a new token, so the next view counts
    afresh. A row is made the first time a page asks.
    """

    plan = models.OneToOneField(
        Plan,
        verbose_name=_("plan"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
    )
    token = models.UUIDField(_("versjon"), default=uuid.uuid4)
    changed_at = models.DateTimeField(_("sist endret"), auto_now=True)

    class Meta:
        verbose_name = _("planens versjon for opptellinger")
        verbose_name_plural = _("planenes versjoner for opptellinger")

    def __str__(self) -> str:
        return str(self.plan_id)
