"""Status reports to the city council: parameters, frozen figures and the rendered PDF."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bodobolig.validators import case_number_is_valid_or_blank, validate_case_number
from measures.models.followup import ReportingRound
from plans.models import Plan


class RenderedInBackground(models.Model):
    """What every PDF rendered by the worker keeps: its state, the reason it failed, its
    page count, and when it was asked for and made (`measures/reports/tasks.py`,
    `measures/planning/tasks.py`)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("I kø")
        RENDERING = "rendering", _("Lages")
        READY = "ready", _("Klar")
        FAILED = "failed", _("Feilet")

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.QUEUED
    )
    error = models.TextField(_("feilårsak"), blank=True)
    page_count = models.PositiveSmallIntegerField(_("sider"), null=True, blank=True)
    requested_at = models.DateTimeField(_("bestilt"), auto_now_add=True)
    # While rendering: when the render started (the stuck-render rule); when ready: done.
    rendered_at = models.DateTimeField(_("laget"), null=True, blank=True)

    class Meta:
        abstract = True


class CouncilReport(RenderedInBackground):
    """A status report to the council: parameters, frozen figures, and the rendered PDF."""

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
    snapshot = models.JSONField(_("tallgrunnlag"), default=dict, blank=True)
    file = models.FileField(_("PDF"), upload_to="council_reports/", blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bestilt av"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField(_("publisert"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("publisert av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Withdrawing unpublishes (published_at is cleared, so every "published" query leaves
    # the report out) and keeps the file for the archive; the audit trail keeps both steps.
    withdrawn_at = models.DateTimeField(_("trukket tilbake"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trukket tilbake av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    withdrawal_reason = models.TextField(_("begrunnelse for tilbaketrekking"), blank=True)

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
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | Q(published_at__isnull=True),
                name="council_report_withdrawn_is_not_published",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | ~Q(withdrawal_reason=""),
                name="council_report_withdrawal_has_a_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("measures:council_report_detail", kwargs={"pk": self.pk})

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class WhoDoesWhatPdf(RenderedInBackground):
    """The annex "Hvem gjør hva" of a plan as a PDF, rendered in the background from the
    rows frozen at the request. The fingerprint (a hash of those rows) lets a request for
    unchanged data reuse a pending or ready file instead of rendering again."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="who_does_what_pdfs"
    )
    fingerprint = models.CharField(_("fingeravtrykk"), max_length=64)
    snapshot = models.JSONField(_("grunnlag"), default=dict, blank=True)
    file = models.FileField(_("PDF"), upload_to="who_does_what/", blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bestilt av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("«Hvem gjør hva» som PDF")
        verbose_name_plural = _("«Hvem gjør hva» som PDF")
        ordering = ["-requested_at"]
        constraints = [
            # One live render per plan and data: a double click (or two people at once)
            # gets the same row; a failed one may be followed by a new one.
            models.UniqueConstraint(
                fields=["plan", "fingerprint"],
                condition=~Q(status="failed"),
                name="who_does_what_pdf_one_live_per_plan_and_data",
            ),
        ]
        indexes = [
            # The periodic sweep: renders stuck in "queued" or "rendering".
            models.Index(fields=["status", "requested_at"], name="who_does_what_pdf_status_idx"),
        ]

    def __str__(self) -> str:
        return f"Hvem gjør hva – {self.plan_id} ({self.requested_at:%Y-%m-%d %H:%M})"

    def get_absolute_url(self) -> str:
        return reverse(
            "planning:who_does_what_pdf_detail", kwargs={"slug": self.plan.slug, "pk": self.pk}
        )
