"""One function per e-mail kind; nothing else in the project calls `send_mail`.

Every e-mail is rendered from a `Notification` row (its recipient and its
`items`, frozen when the notice was recorded), so a retry sends the same text.
Templates: `templates/emails/<name>.txt` (plain text), `<name>.html` and
`<name>_subject.txt` beside them. Norwegian bokmål; every e-mail carries direct
links (SITE_BASE_URL + the object's page) to where the recipient acts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from measures.models import Notification

Kind = Notification.Kind

# The template name behind each kind of notice.
TEMPLATE_NAMES: dict[str, str] = {
    Kind.IMPLEMENTATION_PLAN_ORDERED: "implementation_plan_ordered",
    Kind.IMPLEMENTATION_PLAN_SUBMITTED: "implementation_plan_submitted",
    Kind.IMPLEMENTATION_PLAN_RETURNED: "implementation_plan_returned",
    Kind.IMPLEMENTATION_PLAN_APPROVED: "implementation_plan_approved",
    Kind.MEASURE_REASSIGNED: "measure_reassigned",
    Kind.STATUS_UPDATE_SUBMITTED: "status_update_submitted",
    Kind.STATUS_UPDATE_REOPENED: "status_update_reopened",
    Kind.ROUND_OPENED: "reporting_round_opened",
    Kind.REMINDER: "reminder",
    Kind.ESCALATION: "escalation",
    Kind.DIGEST: "digest",
    Kind.REPORT_PUBLISHED: "council_report_published",
}


def absolute_url(path: str) -> str:
    """SITE_BASE_URL + a path from `reverse`/`get_absolute_url`."""
    return settings.SITE_BASE_URL + path


def object_url(obj, *, fallback=None) -> str:
    """Absolute link to `obj`'s page; its `fallback` object's page while that URL is missing.

    (Pages such as the implementation plan's are built by another part of the
    project; until their URL exists the e-mail links to the measure.)
    """
    try:
        return absolute_url(obj.get_absolute_url())
    except NoReverseMatch:
        if fallback is None:
            return absolute_url(reverse("home"))
        return object_url(fallback)


def log_url() -> str:
    return absolute_url(reverse("measures:notification_list"))


@dataclass(frozen=True)
class Composer:
    """How another app writes the e-mail of a kind it registered (see `register`)."""

    # The subject line from the notice's frozen items (stored on the row for the log).
    subject: Callable[[list[dict]], str]
    # Sends the e-mail for a recorded row (to `notification.address`).
    send: Callable[[Notification], None]


# Kinds whose e-mail an app above measures writes (hearings, for people without an
# account); each registers its composer in its AppConfig.ready, since measures may
# not import it.
COMPOSERS: dict[str, Composer] = {}


def register(kind: str, *, subject: Callable[[list[dict]], str], send) -> None:
    """Let another app write the e-mails of `kind`."""
    COMPOSERS[kind] = Composer(subject=subject, send=send)


def render_subject(kind: str, context: dict) -> str:
    """The subject line, without the prefix (stored on the row for the log)."""
    if kind in COMPOSERS:
        return " ".join(COMPOSERS[kind].subject(context["items"]).split())[:300]
    # A subject is plain text, not HTML: without autoescape "Vår & høst" stays itself
    # (not "Vår &amp; høst"), and the log page escapes it once, as it escapes all text.
    template = get_template(f"emails/{TEMPLATE_NAMES[kind]}_subject.txt").template
    with translation.override(settings.LANGUAGE_CODE):
        text = template.render(Context(context, autoescape=False))
    return " ".join(text.split())[:300]


def _context(notification: Notification) -> dict:
    items = []
    for item in notification.items:
        item = dict(item)
        if item.get("due_date"):
            item["due_date"] = dt.date.fromisoformat(item["due_date"])
        if item.get("days") is not None and item["days"] < 0:
            item["days_left"] = -item["days"]
        items.append(item)
    return {
        "notification": notification,
        "recipient": notification.recipient,
        "items": items,
        "owed": [i for i in items if i.get("section") == "owed"],
        "escalated": [i for i in items if i.get("section") == "escalated"],
        "digest": [i for i in items if i.get("section") == "digest"],
        "not_updated": [i for i in items if i.get("section") == "not_updated"],
        "MUNICIPALITY_NAME": settings.MUNICIPALITY_NAME,
        "site_url": settings.SITE_BASE_URL,
        "log_url": log_url(),
        "preferences_url": absolute_url(reverse("measures:notification_preferences")),
    }


def _send(notification: Notification, name: str) -> None:
    context = _context(notification)
    with translation.override(settings.LANGUAGE_CODE):
        subject = notification.subject or render_subject(notification.kind, context)
        text = render_to_string(f"emails/{name}.txt", context)
        html = render_to_string(f"emails/{name}.html", context)
    message = EmailMultiAlternatives(
        subject=settings.EMAIL_SUBJECT_PREFIX + subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.address],
        headers={"X-Bodobolig-Notification": notification.key[:200]},
    )
    message.attach_alternative(html, "text/html")
    message.send(fail_silently=False)


def implementation_plan_ordered(notification: Notification) -> None:
    """To the owner: one or more implementation plans are ordered, with due dates."""
    _send(notification, "implementation_plan_ordered")


def implementation_plan_submitted(notification: Notification) -> None:
    """To a coordinator: an owner has submitted a plan for review."""
    _send(notification, "implementation_plan_submitted")


def implementation_plan_returned(notification: Notification) -> None:
    """To the owner: the plan came back with the coordinator's feedback."""
    _send(notification, "implementation_plan_returned")


def implementation_plan_approved(notification: Notification) -> None:
    """To the owner: the plan is approved."""
    _send(notification, "implementation_plan_approved")


def measure_reassigned(notification: Notification) -> None:
    """To the old and the new owner: the measure changed hands."""
    _send(notification, "measure_reassigned")


def status_update_submitted(notification: Notification) -> None:
    """To a coordinator: an owner has reported on a measure."""
    _send(notification, "status_update_submitted")


def status_update_reopened(notification: Notification) -> None:
    """To the owner (and the one who reported): correct a status update, with the reason."""
    _send(notification, "status_update_reopened")


def reporting_round_opened(notification: Notification) -> None:
    """To an owner: a reporting round is open; the measures they report on and the due date."""
    _send(notification, "reporting_round_opened")


def reminder(notification: Notification) -> None:
    """The sweep's e-mail to someone who owes something (plus escalations/digest, if any)."""
    _send(notification, "reminder")


def escalation(notification: Notification) -> None:
    """The sweep's e-mail to a lead or coordinator about others' overdue items."""
    _send(notification, "escalation")


def digest(notification: Notification) -> None:
    """The coordinator's weekly digest of everything late."""
    _send(notification, "digest")


def council_report_published(notification: Notification) -> None:
    """To a politician: a status report to the council is published."""
    _send(notification, "council_report_published")


SENDERS: dict[str, Callable[[Notification], None]] = {
    Kind.IMPLEMENTATION_PLAN_ORDERED: implementation_plan_ordered,
    Kind.IMPLEMENTATION_PLAN_SUBMITTED: implementation_plan_submitted,
    Kind.IMPLEMENTATION_PLAN_RETURNED: implementation_plan_returned,
    Kind.IMPLEMENTATION_PLAN_APPROVED: implementation_plan_approved,
    Kind.MEASURE_REASSIGNED: measure_reassigned,
    Kind.STATUS_UPDATE_SUBMITTED: status_update_submitted,
    Kind.STATUS_UPDATE_REOPENED: status_update_reopened,
    Kind.ROUND_OPENED: reporting_round_opened,
    Kind.REMINDER: reminder,
    Kind.ESCALATION: escalation,
    Kind.DIGEST: digest,
    Kind.REPORT_PUBLISHED: council_report_published,
}


def send(notification: Notification) -> None:
    """Send the e-mail for `notification` with the function for its kind."""
    if notification.kind in COMPOSERS:
        COMPOSERS[notification.kind].send(notification)
    else:
        SENDERS[notification.kind](notification)
