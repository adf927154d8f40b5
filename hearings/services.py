"""Every change of state in a hearing: one function each, in a transaction, audited.

The public web form and the REST API both call `submit_public_response`, which
runs every check (open hearing, honeypot, rate limit, fields, files) and raises
`DomainError` with the field it belongs to. Side effects are queued after
commit, so a response is saved before anything that can fail runs: the
appendix as a Celery task, and the e-mails (receipt, invitations, reminders)
as rows of the notification outbox, each invitation and response pointing to
its row.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import uuid
from collections.abc import Iterable, Mapping

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from bodobolig.audit import log_action
from bodobolig.background import after_commit, queue_task
from bodobolig.errors import DomainError
from hearings import emails
from hearings.models import (
    Consultee,
    ConsulteeCategory,
    EngagementMeeting,
    Hearing,
    HearingDocument,
    HearingResponse,
    Invitation,
    ResponseAttachment,
    ResponsePoint,
)
from hearings.uploads import check_files
from measures.models import Notification
from measures.notifications import notify, notify_each, recipient_key
from plans.models import Milestone, Plan

# DFØ and pbl § 11-14: a plan proposal gets at least six weeks.
MINIMUM_HEARING_PERIOD = dt.timedelta(weeks=6)
RATE_LIMIT_WINDOW = dt.timedelta(hours=1)
MAX_TEXT_LENGTH = 50_000
# Categories a sender may choose on the public form (councils and internal units
# send their statements through the administration).
PUBLIC_CATEGORIES = (
    ConsulteeCategory.PERSON,
    ConsulteeCategory.INTEREST,
    ConsulteeCategory.USER_ORG,
    ConsulteeCategory.NON_PROFIT,
    ConsulteeCategory.PRIVATE,
    ConsulteeCategory.PUBLIC_BODY,
)
# Allowed moves of a hearing's status.
TRANSITIONS = {
    Hearing.Status.PLANNED: {Hearing.Status.OPEN},
    Hearing.Status.OPEN: {Hearing.Status.CLOSED},
    Hearing.Status.CLOSED: {Hearing.Status.PROCESSED, Hearing.Status.OPEN},
    Hearing.Status.PROCESSED: {Hearing.Status.CLOSED},
}

APPENDIX_TASK = "hearings.tasks.render_appendix"


def shorter_than_six_weeks(starts_on: dt.date | None, ends_on: dt.date | None) -> bool:
    return bool(starts_on and ends_on and ends_on - starts_on < MINIMUM_HEARING_PERIOD)


def is_accepting_responses(hearing: Hearing, *, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    return hearing.status == Hearing.Status.OPEN and hearing.starts_on <= today <= hearing.ends_on


def client_key(client_address: str) -> str:
    """A keyed hash of the address: enough to count, useless to identify anyone."""
    return hmac.new(
        settings.SECRET_KEY.encode(), (client_address or "").encode(), hashlib.sha256
    ).hexdigest()


# --- the public form ------------------------------------------------------------------


def _clean_public_data(data: Mapping) -> dict:
    """Field checks of the public form; raises DomainError for the first field that fails."""
    name = str(data.get("sender_name") or "").strip()
    if not name:
        raise DomainError(_("Skriv navnet ditt."), field="sender_name")
    if len(name) > 200:
        raise DomainError(_("Navnet kan ha høyst 200 tegn."), field="sender_name")
    organisation = str(data.get("organisation") or "").strip()
    if len(organisation) > 200:
        raise DomainError(_("Organisasjonen kan ha høyst 200 tegn."), field="organisation")
    category = str(data.get("sender_category") or "")
    if category not in PUBLIC_CATEGORIES:
        raise DomainError(_("Velg hvem du svarer som."), field="sender_category")
    if category != ConsulteeCategory.PERSON and not organisation:
        raise DomainError(_("Skriv navnet på organisasjonen du svarer for."), field="organisation")
    email = str(data.get("email") or "").strip()
    try:
        if len(email) > HearingResponse._meta.get_field("email").max_length:
            raise ValidationError("too long")  # the validator allows 320, the column 254
        validate_email(email)
    except ValidationError:
        raise DomainError(
            _("Skriv en gyldig e-postadresse, så vi kan sende deg kvittering."), field="email"
        ) from None
    text = str(data.get("text") or "").strip()
    if not text:
        raise DomainError(_("Skriv innspillet ditt."), field="text")
    if len(text) > MAX_TEXT_LENGTH:
        raise DomainError(
            _("Innspillet kan ha høyst %(n)d tegn. Legg lengre tekst ved som fil.")
            % {"n": MAX_TEXT_LENGTH},
            field="text",
        )
    return {
        "sender_name": name,
        "organisation": organisation,
        "sender_category": category,
        "email": email,
        "text": text,
        "consent_to_publish_name": bool(data.get("consent_to_publish_name")),
    }


def _token(value) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value)) if value else None
    except ValueError:
        return None


def submit_public_response(
    hearing: Hearing,
    *,
    data: Mapping,
    files: Iterable = (),
    client_address: str,
    now: dt.datetime | None = None,
) -> tuple[HearingResponse, bool]:
    """Take a response from the public form (or the API); returns (response, created).

    Checks, in this order: the honeypot field `website` is empty; the hearing is
    open today; a response with the same `submission_token` already exists (then
    it is returned, created=False: a double submit makes one response); the
    client address has sent fewer than HEARING_RESPONSES_PER_HOUR responses in
    the last hour; the fields; the files (hearings.uploads). Raises DomainError
    with the field. Saves the response and its attachments in one transaction,
    writes an audit entry, marks an invited consultee with the same e-mail as
    answered and queues the receipt e-mail after commit.
    """
    now = now or timezone.now()
    if str(data.get("website") or "").strip():
        raise DomainError(
            _("Innspillet kunne ikke tas imot. La feltet «Nettsted» stå tomt."), code="honeypot"
        )
    if not is_accepting_responses(hearing, today=timezone.localdate(now)):
        raise DomainError(
            _("Høringen er stengt. Fristen var %(date)s, og nye innspill kan ikke sendes her.")
            % {"date": hearing.ends_on.strftime("%d.%m.%Y")},
            code="closed",
        )
    token = _token(data.get("submission_token"))
    if token is not None:
        existing = HearingResponse.objects.filter(hearing=hearing, submission_token=token).first()
        if existing is not None:
            return existing, False
    key = client_key(client_address)
    recent = HearingResponse.objects.filter(
        client_key=key, created_at__gte=now - RATE_LIMIT_WINDOW
    ).count()
    if recent >= settings.HEARING_RESPONSES_PER_HOUR:
        raise DomainError(
            _(
                "Det er sendt mange innspill fra samme adresse den siste timen. "
                "Vent litt og prøv igjen, eller send innspillet på e-post."
            ),
            code="rate_limited",
        )
    fields = _clean_public_data(data)
    checked = check_files(files)
    try:
        with transaction.atomic():
            response = HearingResponse.objects.create(
                hearing=hearing,
                channel=HearingResponse.Channel.WEB,
                received_on=timezone.localdate(now),
                submission_token=token,
                client_key=key,
                **fields,
            )
            _save_attachments(response, checked)
            Invitation.objects.filter(
                hearing=hearing, consultee__email__iexact=fields["email"]
            ).exclude(status=Invitation.Status.ANSWERED).update(status=Invitation.Status.ANSWERED)
            log_action(
                "hearing_response.submitted",
                actor=None,
                target=response,
                plan=hearing.plan,
                data={"receipt": response.receipt_number},
            )
            _receipt_notify(response)
    except IntegrityError:
        # The same token committed by a concurrent request: that one is the response.
        existing = HearingResponse.objects.filter(submission_token=token).first()
        if token is None or existing is None:
            raise
        return existing, False
    return response, True


def _save_attachments(response: HearingResponse, checked) -> None:
    for item in checked:
        attachment = ResponseAttachment(
            response=response, title=item.title, content_type=item.content_type, size=item.size
        )
        attachment.file.save(item.storage_name, item.upload, save=False)
        attachment.save()


# --- staff registration and processing -----------------------------------------------


@transaction.atomic
def response_register(*, hearing: Hearing, by, files: Iterable = (), **fields) -> HearingResponse:
    """Register a response that came by e-mail, letter or as a council's decision.

    A response received after the deadline is flagged late; it counts only with
    `late_accepted`. An invitation of the consultee is marked answered. Raises
    DomainError for a bad attachment.
    """
    checked = check_files(files, field="attachment")
    if fields.get("channel") == HearingResponse.Channel.WEB:
        raise DomainError(_("Velg hvordan innspillet kom inn."), field="channel")
    received_on = fields["received_on"]
    fields["is_late"] = received_on > hearing.ends_on
    if not fields["is_late"]:
        fields["late_accepted"] = False
    response = HearingResponse.objects.create(hearing=hearing, registered_by=by, **fields)
    _save_attachments(response, checked)
    if response.consultee_id:
        Invitation.objects.filter(hearing=hearing, consultee_id=response.consultee_id).update(
            status=Invitation.Status.ANSWERED
        )
    log_action("hearing_response.registered", actor=by, target=response, plan=hearing.plan)
    return response


@transaction.atomic
def response_set_publication(
    *, response: HearingResponse, by, publication: str, publication_reason: str = ""
) -> HearingResponse:
    """Decide whether the public sees a response: in full, without the name, or not at all.

    Withholding needs a reason (the regjeringen.no criteria: personal data, hateful or
    unlawful content); the original is kept for the archive either way.
    """
    if publication == HearingResponse.Publication.WITHHELD and not publication_reason.strip():
        raise DomainError(
            _("Skriv hvorfor innspillet ikke publiseres."), field="publication_reason"
        )
    before = response.get_publication_display()
    response.publication = publication
    response.publication_reason = publication_reason.strip()
    response.save(update_fields=["publication", "publication_reason"])
    log_action(
        "hearing_response.publication_set",
        actor=by,
        target=response,
        plan=response.hearing.plan,
        changes={"publisering": (before, response.get_publication_display())},
        text=response.publication_reason,
    )
    return response


@transaction.atomic
def point_create(*, response: HearingResponse, by, text: str) -> ResponsePoint:
    """Add the next numbered point to a response (the response row is locked while numbering)."""
    HearingResponse.objects.select_for_update().get(pk=response.pk)
    number = (response.points.aggregate(n=Max("number"))["n"] or 0) + 1
    point = ResponsePoint.objects.create(response=response, number=number, text=text)
    log_action("hearing_point.created", actor=by, target=point, plan=response.hearing.plan)
    return point


@transaction.atomic
def point_update(
    *,
    point: ResponsePoint,
    by,
    text: str,
    administration_comment: str,
    outcome: str,
    measures_added=(),
    measures_changed=(),
    measures_rejected=(),
) -> ResponsePoint:
    """Save the administration's comment, outcome and linked measures of one point."""
    before = {"utfall": point.get_outcome_display()}
    point.text = text
    point.administration_comment = administration_comment
    point.outcome = outcome
    point.commented_by = by
    point.commented_at = timezone.now()
    point.save()
    point.measures_added.set(measures_added)
    point.measures_changed.set(measures_changed)
    point.measures_rejected.set(measures_rejected)
    log_action(
        "hearing_point.commented",
        actor=by,
        target=point,
        plan=point.response.hearing.plan,
        changes={"utfall": (before["utfall"], point.get_outcome_display())},
    )
    return point


# --- the hearing itself ---------------------------------------------------------------


@transaction.atomic
def hearing_create(*, plan: Plan, by, **fields) -> Hearing:
    hearing = Hearing(plan=plan, status=Hearing.Status.PLANNED, **fields)
    hearing.full_clean()
    hearing.save()
    log_action("hearing.created", actor=by, target=hearing, plan=plan)
    return hearing


@transaction.atomic
def hearing_update(*, hearing: Hearing, by, **fields) -> Hearing:
    for name, value in fields.items():
        setattr(hearing, name, value)
    hearing.full_clean()
    hearing.save()
    log_action("hearing.updated", actor=by, target=hearing, plan=hearing.plan)
    return hearing


@transaction.atomic
def hearing_set_status(*, hearing: Hearing, by, status: str) -> Hearing:
    """Move the hearing along planned → open → closed → processed (or one step back).

    Refuses other moves, and opening a hearing whose deadline has passed.
    """
    locked = Hearing.objects.select_for_update().get(pk=hearing.pk)
    if status not in TRANSITIONS.get(locked.status, set()):
        raise DomainError(
            _("Høringen kan ikke gå fra «%(old)s» til «%(new)s».")
            % {"old": locked.get_status_display(), "new": Hearing.Status(status).label},
            field="status",
        )
    if status == Hearing.Status.OPEN and locked.ends_on < timezone.localdate():
        raise DomainError(
            _("Høringsfristen er passert. Sett en ny frist før høringen åpnes."), field="status"
        )
    before = locked.get_status_display()
    locked.status = status
    locked.save(update_fields=["status"])
    log_action(
        "hearing.status_changed",
        actor=by,
        target=locked,
        plan=locked.plan,
        changes={"status": (before, locked.get_status_display())},
    )
    return locked


@transaction.atomic
def document_add(*, hearing: Hearing, by, title: str, file) -> HearingDocument:
    """Attach a public document (the draft plan, an annex); checked by content like responses."""
    (checked,) = check_files([file], field="file")
    document = HearingDocument(hearing=hearing, title=title)
    document.file.save(checked.storage_name, checked.upload, save=False)
    document.save()
    log_action("hearing.document_added", actor=by, target=hearing, text=title)
    return document


def appendix_request(*, hearing: Hearing, by) -> None:
    """Queue the appendix PDF for the worker."""
    log_action("hearing.appendix_requested", actor=by, target=hearing)
    after_commit(lambda: queue_task(APPENDIX_TASK, hearing.pk))


# --- consultees and invitations -------------------------------------------------------


@transaction.atomic
def consultee_save(*, consultee: Consultee, by) -> Consultee:
    created = consultee.pk is None
    consultee.full_clean()
    consultee.save()
    log_action("consultee.created" if created else "consultee.updated", actor=by, target=consultee)
    return consultee


@transaction.atomic
def invitations_send(*, hearing: Hearing, by, consultees: Iterable[Consultee]) -> int:
    """Invite `consultees` (once each per hearing) and record each høringsbrev in the
    notification outbox, sent after commit.

    Consultees already invited keep their invitation and its row (a failed one is
    sent again from the notification log, "Send på nytt"); one whose invitation has
    no row yet (it had no e-mail address) gets one now. Returns the number of new
    invitations.
    """
    if hearing.status not in {Hearing.Status.PLANNED, Hearing.Status.OPEN}:
        raise DomainError(
            _("Invitasjoner kan bare sendes for en planlagt eller åpen høring."),
            field="consultees",
        )
    consultees = list(consultees)
    existing = set(hearing.invitations.values_list("consultee_id", flat=True))
    new = [Invitation(hearing=hearing, consultee=c) for c in consultees if c.pk not in existing]
    Invitation.objects.bulk_create(new, ignore_conflicts=True)
    _invitations_notify(
        hearing.invitations.filter(
            consultee__in=consultees, status=Invitation.Status.QUEUED, notification__isnull=True
        ).select_related("consultee", "hearing")
    )
    log_action("hearing.invitations_queued", actor=by, target=hearing, data={"n": len(new)})
    return len(new)


def _invitations_notify(invitations: Iterable[Invitation]) -> None:
    """Record each invitation's høringsbrev in the outbox and point the invitation to it.

    A consultee without an e-mail address gets no row; the invitation shows that.
    """
    invitations = list(invitations)
    notify_each(
        Notification.Kind.HEARING_INVITATION,
        [
            (f"hearing-invitation:{i.pk}", i.consultee.email, [emails.invitation_item(i)])
            for i in invitations
        ],
    )
    by_key = {
        recipient_key(f"hearing-invitation:{i.pk}", i.consultee.email): i
        for i in invitations
        if i.consultee.email
    }
    for key, notification_id in Notification.objects.filter(key__in=by_key).values_list(
        "key", "pk"
    ):
        by_key[key].notification_id = notification_id
    Invitation.objects.bulk_update(
        [i for i in by_key.values() if i.notification_id], ["notification"]
    )


def _receipt_notify(response: HearingResponse) -> None:
    """Record the sender's receipt in the outbox (none without an address) and link it."""
    key = f"hearing-receipt:{response.pk}"
    notify(
        Notification.Kind.HEARING_RECEIPT,
        [response.email],
        key=key,
        items=[emails.response_item(response)],
    )
    if response.email:
        response.receipt = Notification.objects.get(key=recipient_key(key, response.email))
        response.save(update_fields=["receipt"])


@transaction.atomic
def hearing_reminders_send(*, today: dt.date | None = None) -> int:
    """Remind invited consultees who have not answered, HEARING_REMINDER_DAYS before the
    deadline of an open hearing: once per invitation (claimed by setting `reminded_at`;
    the outbox's unique key stops a second e-mail too). Records the reminders in the
    outbox, queued after commit; returns how many invitations were reminded."""
    today = today or timezone.localdate()
    delivered = Q(status=Invitation.Status.SENT) | Q(
        status=Invitation.Status.QUEUED, notification__state=Notification.State.SENT
    )
    due = list(
        Invitation.objects.filter(
            delivered,
            reminded_at__isnull=True,
            hearing__status=Hearing.Status.OPEN,
            hearing__ends_on__gte=today,
            hearing__ends_on__lte=today + dt.timedelta(days=settings.HEARING_REMINDER_DAYS),
        ).select_related("consultee", "hearing")
    )
    reminded = 0
    for invitation in due:
        if not Invitation.objects.filter(pk=invitation.pk, reminded_at__isnull=True).update(
            status=Invitation.Status.REMINDED, reminded_at=timezone.now()
        ):
            continue
        notify(
            Notification.Kind.HEARING_REMINDER,
            [invitation.consultee.email],
            key=f"hearing-reminder:{invitation.pk}",
            items=[emails.invitation_item(invitation)],
        )
        reminded += 1
    return reminded


# --- the process page: milestones and meetings ---------------------------------------


@transaction.atomic
def milestone_save(*, milestone: Milestone, by) -> Milestone:
    return _save_logged(milestone, "milestone", by=by)


@transaction.atomic
def meeting_save(*, meeting: EngagementMeeting, by) -> EngagementMeeting:
    return _save_logged(meeting, "meeting", by=by)


def _save_logged(row, kind: str, *, by):
    """Validate and save a process row of a plan, logged as "<kind>.created" or
    "<kind>.updated" (hearings/audit_actions.py describes each)."""
    created = row.pk is None
    row.full_clean()
    row.save()
    log_action(
        f"{kind}.created" if created else f"{kind}.updated", actor=by, target=row, plan=row.plan
    )
    return row
