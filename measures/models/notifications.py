"""The notification outbox: every notice or reminder, and users' choices about e-mail."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from measures.models.register import Measure


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
        STATUS_UPDATE_SUBMITTED = "status_submitted", _("Statusoppdatering levert")
        STATUS_UPDATE_REOPENED = "status_reopened", _("Statusoppdatering åpnet for retting")
        ROUND_OPENED = "round_opened", _("Rapporteringsrunde åpnet")
        REMINDER = "reminder", _("Påminnelse")
        ESCALATION = "escalation", _("Eskalering")
        DIGEST = "digest", _("Ukesammendrag")
        REPORT_PUBLISHED = "report_published", _("Statusrapport til bystyret publisert")
        HEARING_INVITATION = "hearing_invitation", _("Høringsbrev")
        HEARING_REMINDER = "hearing_reminder", _("Påminnelse om høring")
        HEARING_RECEIPT = "hearing_receipt", _("Kvittering for høringsinnspill")

    class State(models.TextChoices):
        QUEUED = "queued", _("I kø")
        SENDING = "sending", _("Sendes")
        SENT = "sent", _("Sendt")
        FAILED = "failed", _("Feilet")

    # `<event>:<user id>`, or `<event>:<address>` for a recipient without an account.
    key = models.CharField(_("nøkkel"), max_length=300, unique=True)
    kind = models.CharField(_("type"), max_length=30, choices=Kind.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mottaker"),
        on_delete=models.CASCADE,
        related_name="notifications",
        null=True,
        blank=True,
    )
    # For people without an account (consultees, those who answer a hearing); exactly one
    # of `recipient` and `email` is set.
    email = models.EmailField(_("e-postadresse"), blank=True)
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
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(recipient__isnull=False, email="")
                    | (models.Q(recipient__isnull=True) & ~models.Q(email=""))
                ),
                name="notification_user_or_address",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient or self.email}"

    @property
    def address(self) -> str:
        """Where the e-mail goes: the user's address, or the bare address."""
        return self.recipient.email if self.recipient_id else self.email
