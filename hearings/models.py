"""The public hearing of a draft plan, its consultees, responses and engagement meetings."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bodobolig.validators import case_number_is_valid_or_blank, validate_case_number
from hearings.storage import PrivateStorage
from measures.models import Measure, Notification
from plans.models import Plan


class Hearing(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planlagt")
        OPEN = "open", _("Åpen")
        CLOSED = "closed", _("Avsluttet")
        PROCESSED = "processed", _("Ferdig behandlet")

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="hearings"
    )
    title = models.CharField(_("tittel"), max_length=300)
    text = models.TextField(_("høringsbrev"), blank=True)
    starts_on = models.DateField(_("høringsstart"))
    ends_on = models.DateField(_("høringsfrist"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    case_number = models.CharField(
        _("arkivsaksnummer"), max_length=20, blank=True, validators=[validate_case_number]
    )
    announcement = models.TextField(_("kunngjøring"), blank=True)
    is_illustrative = models.BooleanField(_("illustrativt eksempel"), default=False)
    # "Høringsinnspill med administrasjonens kommentarer", rendered by the worker.
    appendix_file = models.FileField(
        _("høringsvedlegg (PDF)"), upload_to="hearings/appendix/", blank=True
    )
    appendix_rendered_at = models.DateTimeField(_("vedlegg laget"), null=True, blank=True)

    class Meta:
        verbose_name = _("høring")
        verbose_name_plural = _("høringer")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=F("starts_on")),
                name="hearing_deadline_after_start",
                violation_error_message=_("Høringsfristen må være etter høringsstart."),
            ),
            models.CheckConstraint(
                condition=case_number_is_valid_or_blank("case_number"),
                name="hearing_case_number_format",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on <= self.starts_on:
            raise ValidationError({"ends_on": _("Høringsfristen må være etter høringsstart.")})


class HearingDocument(models.Model):
    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("tittel"), max_length=300)
    file = models.FileField(_("fil"), upload_to="hearings/")

    class Meta:
        verbose_name = _("høringsdokument")
        verbose_name_plural = _("høringsdokumenter")

    def __str__(self) -> str:
        return self.title


class ConsulteeCategory(models.TextChoices):
    PUBLIC_BODY = "public_body", _("Offentlig etat")
    PRIVATE = "private", _("Privat aktør")
    NON_PROFIT = "non_profit", _("Ideell organisasjon")
    INTEREST = "interest", _("Interesseorganisasjon")
    USER_ORG = "user_org", _("Brukerorganisasjon")
    COUNCIL = "council", _("Lovpålagt råd")
    COMMITTEE = "committee", _("Politisk utvalg")
    INTERNAL = "internal", _("Intern virksomhet")
    PERSON = "person", _("Privatperson")


class Consultee(models.Model):
    """A høringsinstans in the register reused across hearings."""

    name = models.CharField(_("navn"), max_length=200, unique=True)
    category = models.CharField(_("kategori"), max_length=20, choices=ConsulteeCategory.choices)
    email = models.EmailField(_("e-post"), blank=True)
    contact_person = models.CharField(_("kontaktperson"), max_length=200, blank=True)
    is_active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        verbose_name = _("høringsinstans")
        verbose_name_plural = _("høringsinstanser")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Invitation(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("I kø")
        SENT = "sent", _("Sendt")
        FAILED = "failed", _("Feilet")
        SENDING = "sending", _("Sendes")
        ANSWERED = "answered", _("Svart")
        REMINDED = "reminded", _("Purret")

    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="invitations")
    consultee = models.ForeignKey(Consultee, on_delete=models.PROTECT, related_name="invitations")
    # The hearing's own step: queued while the e-mail is in the notification outbox (its
    # delivery state is the notification's), answered, reminded; sent for an invitation
    # recorded as sent outside the outbox (by letter, before this system).
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    # The høringsbrev in the notification outbox (its delivery state, error and attempts).
    notification = models.OneToOneField(
        Notification,
        verbose_name=_("varsel"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hearing_invitation",
    )
    reminded_at = models.DateTimeField(_("purret"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitasjon")
        verbose_name_plural = _("invitasjoner")
        constraints = [
            models.UniqueConstraint(
                fields=["hearing", "consultee"], name="invitation_once_per_hearing"
            )
        ]

    def __str__(self) -> str:
        return f"{self.consultee} – {self.hearing}"

    @property
    def state(self) -> str:
        """The status shown: the delivery state of the e-mail while the hearing has not
        moved on (answered, reminded), else the invitation's own status."""
        if self.status != self.Status.QUEUED:
            return self.status
        if self.notification_id:
            return self.notification.state
        return self.status if self.consultee.email else self.Status.FAILED

    def get_state_display(self) -> str:
        return self.Status(self.state).label

    @property
    def error(self) -> str:
        if self.notification_id:
            return self.notification.error
        if self.status == self.Status.QUEUED and not self.consultee.email:
            return str(_("Høringsinstansen har ingen e-postadresse."))
        return ""

    @property
    def attempts(self) -> int:
        return self.notification.attempts if self.notification_id else 0

    @property
    def delivered_at(self):
        """When the høringsbrev went out: by the outbox, or as recorded outside it."""
        if self.notification_id and self.notification.state == Notification.State.SENT:
            return self.notification.sent_at
        return self.sent_at


class HearingResponse(models.Model):
    """A høringsinnspill, from the web form or registered by staff."""

    class Channel(models.TextChoices):
        WEB = "web", _("Nettskjema")
        EMAIL = "email", _("E-post")
        LETTER = "letter", _("Brev")
        MEETING = "meeting", _("Møtevedtak")

    class Publication(models.TextChoices):
        PENDING = "pending", _("Ikke vurdert")
        PUBLISHED = "published", _("Publisert")
        ANONYMISED = "anonymised", _("Publisert uten navn")
        WITHHELD = "withheld", _("Ikke publisert")

    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="responses")
    channel = models.CharField(_("kanal"), max_length=10, choices=Channel.choices)
    received_on = models.DateField(_("mottatt"))
    sender_name = models.CharField(_("avsender"), max_length=200)
    organisation = models.CharField(_("organisasjon"), max_length=200, blank=True)
    sender_category = models.CharField(
        _("avsenderkategori"), max_length=20, choices=ConsulteeCategory.choices
    )
    consultee = models.ForeignKey(
        Consultee,
        verbose_name=_("høringsinstans"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="responses",
    )
    email = models.EmailField(_("e-post"), blank=True)
    is_late = models.BooleanField(_("kom etter fristen"), default=False)
    late_accepted = models.BooleanField(_("sent innspill godtatt"), default=False)
    archive_reference = models.CharField(_("arkivreferanse"), max_length=50, blank=True)
    text = models.TextField(_("innspill"))
    consent_to_publish_name = models.BooleanField(
        _("samtykker til publisering av navn"), default=False
    )
    publication = models.CharField(
        _("publisering"), max_length=12, choices=Publication.choices, default=Publication.PENDING
    )
    publication_reason = models.CharField(_("begrunnelse"), max_length=300, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registrert av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The web form's one-time token: a double submit finds the first response.
    submission_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    # A keyed hash of the sender's network address, never the address itself (rate limit).
    client_key = models.CharField(max_length=64, blank=True, editable=False)
    # The receipt e-mail in the notification outbox.
    receipt = models.OneToOneField(
        Notification,
        verbose_name=_("kvittering"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hearing_response",
    )

    class Meta:
        verbose_name = _("høringsinnspill")
        verbose_name_plural = _("høringsinnspill")
        ordering = ["hearing", "received_on", "id"]
        indexes = [
            # The rate limit: responses from one address in the last hour.
            models.Index(fields=["client_key", "created_at"], name="response_client_time"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation or self.sender_name} ({self.received_on:%d.%m.%Y})"

    @property
    def receipt_sent_at(self):
        """When the receipt e-mail went out; None until then (or when it failed)."""
        if self.receipt_id and self.receipt.state == Notification.State.SENT:
            return self.receipt.sent_at
        return None

    @property
    def receipt_number(self) -> str:
        """The number the sender quotes: hearing and response, stable and unique."""
        return f"H{self.hearing_id}-{self.pk:05d}"

    @property
    def public_sender(self) -> str:
        """The sender as the public and the appendix see it: organisations by name,
        private persons only with their consent."""
        if self.publication == self.Publication.ANONYMISED:
            return str(ConsulteeCategory(self.sender_category).label)
        if self.organisation:
            return self.organisation
        if self.sender_category != ConsulteeCategory.PERSON or self.consent_to_publish_name:
            return self.sender_name
        return str(_("Privatperson"))


class ResponseAttachment(models.Model):
    response = models.ForeignKey(
        HearingResponse, on_delete=models.CASCADE, related_name="attachments"
    )
    title = models.CharField(_("tittel"), max_length=300)
    # Outside MEDIA_ROOT: served to staff only by hearings.views.attachment_download.
    file = models.FileField(_("fil"), upload_to="hearing_responses/%Y/", storage=PrivateStorage())
    content_type = models.CharField(_("filtype"), max_length=100, blank=True)
    size = models.PositiveIntegerField(_("størrelse (byte)"), default=0)

    class Meta:
        verbose_name = _("vedlegg")
        verbose_name_plural = _("vedlegg")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        """The permission-checked download (the file itself has no public URL)."""
        return reverse(
            "hearings:attachment",
            kwargs={"pk": self.response.hearing_id, "attachment_id": self.pk},
        )


class ResponsePoint(models.Model):
    """One numbered point of a response, with the administration's comment and outcome."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Ikke behandlet")
        ACCEPTED = "accepted", _("Tatt til følge")
        PARTLY = "partly", _("Delvis tatt til følge")
        REJECTED = "rejected", _("Ikke tatt til følge")
        NOTED = "noted", _("Tatt til orientering")

    response = models.ForeignKey(HearingResponse, on_delete=models.CASCADE, related_name="points")
    number = models.PositiveSmallIntegerField(_("nummer"))
    text = models.TextField(_("innspill"))
    administration_comment = models.TextField(_("administrasjonens kommentar"), blank=True)
    outcome = models.CharField(
        _("utfall"), max_length=10, choices=Outcome.choices, default=Outcome.PENDING
    )
    measures_added = models.ManyToManyField(
        Measure, verbose_name=_("nye tiltak"), blank=True, related_name="hearing_points_added"
    )
    measures_changed = models.ManyToManyField(
        Measure, verbose_name=_("endrede tiltak"), blank=True, related_name="hearing_points_changed"
    )
    measures_rejected = models.ManyToManyField(
        Measure,
        verbose_name=_("avviste endringer i tiltak"),
        blank=True,
        related_name="hearing_points_rejected",
    )
    commented_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("kommentert av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    commented_at = models.DateTimeField(_("kommentert"), null=True, blank=True)

    class Meta:
        verbose_name = _("innspillspunkt")
        verbose_name_plural = _("innspillspunkter")
        ordering = ["response", "number"]
        constraints = [
            models.UniqueConstraint(fields=["response", "number"], name="response_point_unique")
        ]

    def __str__(self) -> str:
        return f"{self.response} – {self.number}"


class EngagementMeeting(models.Model):
    """A brukerperspektivmøte or a meeting with a council or committee during the plan work."""

    class Kind(models.TextChoices):
        USER_MEETING = "user_meeting", _("Brukerperspektivmøte")
        PRESENTATION = "presentation", _("Presentasjon for råd eller utvalg")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="engagement_meetings")
    kind = models.CharField(
        _("type"), max_length=20, choices=Kind.choices, default=Kind.USER_MEETING
    )
    held_on = models.DateField(_("dato"))
    title = models.CharField(_("tittel"), max_length=300)
    participants = models.CharField(_("deltakere"), max_length=300)
    summary = models.TextField(_("oppsummering"), blank=True)
    topics = models.CharField(_("tema"), max_length=300, blank=True)
    is_illustrative = models.BooleanField(_("illustrativt eksempel"), default=False)

    class Meta:
        verbose_name = _("brukerperspektivmøte")
        verbose_name_plural = _("brukerperspektivmøter")
        ordering = ["plan", "held_on"]

    def __str__(self) -> str:
        return self.title
