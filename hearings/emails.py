"""The hearing's e-mails: to people outside the system (senders and consultees).

They go through the notification outbox (measures/notifications) as rows
addressed to a bare e-mail address; this module writes their subject and body,
registered for their kinds when the app is ready (measures may not import
hearings). A row's `items` hold the invitation or response it is about; the
e-mail is written from that row when it is sent.
Every submitted text is rendered with autoescaping in the HTML part; the plain
text part is text/plain and shows it as typed.
"""

from __future__ import annotations

import datetime as dt
import functools

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import translation

from hearings.models import HearingResponse, Invitation
from measures.models import Notification
from measures.notifications import emails as notification_emails

Kind = Notification.Kind


def _absolute(path: str) -> str:
    return settings.SITE_BASE_URL + path


def hearing_url(hearing) -> str:
    return _absolute(reverse("hearings:detail", kwargs={"pk": hearing.pk}))


def invitation_item(invitation: Invitation) -> dict:
    """What a row about an invitation (or its reminder) holds: the invitation, for the log."""
    return {
        "type": "hearing_invitation",
        "id": invitation.pk,
        "title": invitation.hearing.title,
        "due_date": invitation.hearing.ends_on.isoformat(),
        "label": invitation.consultee.name,
        "url": hearing_url(invitation.hearing),
    }


def response_item(response: HearingResponse) -> dict:
    return {
        "type": "hearing_response",
        "id": response.pk,
        "code": response.receipt_number,
        "title": response.hearing.title,
        "url": hearing_url(response.hearing),
    }


def _invitation_context(items: list[dict]) -> dict:
    invitation = Invitation.objects.select_related("consultee", "hearing").get(pk=items[0]["id"])
    return {
        "invitation": invitation,
        "consultee": invitation.consultee,
        "hearing": invitation.hearing,
        "hearing_url": hearing_url(invitation.hearing),
    }


def _response_context(items: list[dict]) -> dict:
    response = HearingResponse.objects.select_related("hearing").get(pk=items[0]["id"])
    return {
        "response": response,
        "hearing": response.hearing,
        "hearing_url": hearing_url(response.hearing),
        "attachments": list(response.attachments.all()),
    }


# Each kind: its template name and how its context is loaded from the row's items.
TEMPLATES = {
    Kind.HEARING_INVITATION: ("hearing_invitation", _invitation_context),
    Kind.HEARING_REMINDER: ("hearing_reminder", _invitation_context),
    Kind.HEARING_RECEIPT: ("hearing_receipt", _response_context),
}


def subject(kind: str, items: list[dict]) -> str:
    """The subject from the row's frozen items alone (no query per row when recording)."""
    item = items[0]
    context = {
        "hearing": {
            "title": item["title"],
            "ends_on": dt.date.fromisoformat(item["due_date"]) if item.get("due_date") else None,
        },
        "response": {"receipt_number": item.get("code", "")},
    }
    # Plain text, not HTML: "Vår & høst" stays itself (the log escapes it once).
    template = get_template(f"emails/{TEMPLATES[kind][0]}_subject.txt").template
    with translation.override(settings.LANGUAGE_CODE):
        return " ".join(template.render(Context(context, autoescape=False)).split())


def send(notification: Notification) -> None:
    """Write and send the e-mail of a hearing row to its address."""
    name, load = TEMPLATES[notification.kind]
    context = {"MUNICIPALITY_NAME": settings.MUNICIPALITY_NAME, **load(notification.items)}
    with translation.override(settings.LANGUAGE_CODE):
        text = render_to_string(f"emails/{name}.txt", context)
        html = render_to_string(f"emails/{name}.html", context)
    message = EmailMultiAlternatives(
        subject=settings.EMAIL_SUBJECT_PREFIX
        + (notification.subject or subject(notification.kind, notification.items)),
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.address],
        headers={"X-Bodobolig-Notification": notification.key[:200]},
    )
    message.attach_alternative(html, "text/html")
    message.send(fail_silently=False)


def register() -> None:
    """Hand the hearing kinds' e-mails to the notification outbox (from AppConfig.ready)."""
    for kind in TEMPLATES:
        notification_emails.register(kind, subject=functools.partial(subject, kind), send=send)
