"""The hearing's e-mails: to people outside the system (senders and consultees).

These recipients have no user account, so they cannot go through the
notification outbox (its rows belong to users); each row that is sent
(`Invitation`, `HearingResponse`) carries its own delivery state instead.
Every submitted text is rendered with autoescaping in the HTML part; the plain
text part is text/plain and shows it as typed.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from hearings.models import HearingResponse, Invitation


def _absolute(path: str) -> str:
    return settings.SITE_BASE_URL + path


def _send(name: str, to: str, context: dict, *, header: str) -> None:
    context = {"MUNICIPALITY_NAME": settings.MUNICIPALITY_NAME, **context}
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"emails/{name}_subject.txt", context).split())
        text = render_to_string(f"emails/{name}.txt", context)
        html = render_to_string(f"emails/{name}.html", context)
    message = EmailMultiAlternatives(
        subject=settings.EMAIL_SUBJECT_PREFIX + subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers={"X-Bodobolig-Hearing": header},
    )
    message.attach_alternative(html, "text/html")
    message.send(fail_silently=False)


def hearing_url(hearing) -> str:
    return _absolute(reverse("hearings:detail", kwargs={"pk": hearing.pk}))


def receipt(response: HearingResponse) -> None:
    """To the sender: the receipt number and a copy of what they sent."""
    _send(
        "hearing_receipt",
        response.email,
        {
            "response": response,
            "hearing": response.hearing,
            "hearing_url": hearing_url(response.hearing),
            "attachments": list(response.attachments.all()),
        },
        header=f"receipt:{response.pk}",
    )


def invitation(invitation: Invitation, *, reminder: bool = False) -> None:
    """To a consultee: the høringsbrev with the deadline and the link to the form."""
    _send(
        "hearing_reminder" if reminder else "hearing_invitation",
        invitation.consultee.email,
        {
            "invitation": invitation,
            "consultee": invitation.consultee,
            "hearing": invitation.hearing,
            "hearing_url": hearing_url(invitation.hearing),
        },
        header=f"{'reminder' if reminder else 'invitation'}:{invitation.pk}",
    )
