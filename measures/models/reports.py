"""Status reports to the city council: parameters, frozen figures and the rendered PDF."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bodobolig.validators import case_number_is_valid_or_blank, validate_case_number
from measures.models.followup import ReportingRound
from plans.models import Plan


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
