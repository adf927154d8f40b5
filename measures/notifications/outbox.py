"""The outbox: recording notices, queueing them, and delivering each at most once.

Event notices (measures/notifications/notices.py) and other apps (through
`notify`) record one `Notification` row per recipient with a deterministic
unique `key` (the database refuses a second row for the same event), then
queue the task `measures.tasks.send_notification` for it after commit.

At most once per key, never lost silently:
  * `notification_deliver` claims the row with a conditional UPDATE
    (queued/failed -> sending) before it sends, and marks it sent after. A
    second worker, a redelivered task or a retry after a crash finds the row
    no longer claimable and sends nothing.
  * A row left in `sending` (the worker died between sending and marking sent)
    is never resent automatically: we cannot know whether the SMTP server took
    the message. The sweep marks such rows failed with an "uncertain" reason,
    visible in the log, and the coordinator may send it again by hand.
  * When the broker is down, queueing fails: the error is logged, the user's
    action is not disturbed, and the row stays `queued`; the next sweep queues
    every row left queued for more than a few minutes.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import logging
import smtplib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError as KombuOperationalError
from redis.exceptions import RedisError

from bodobolig.background import queue_task
from bodobolig.permissions import GROUP_NAMES, Role
from measures.models import (
    ImplementationPlan,
    Measure,
    Notification,
)
from measures.notifications import emails

logger = logging.getLogger(__name__)

# The Celery task that delivers one row (measures/notifications/tasks.py).
SEND_TASK = "measures.tasks.send_notification"
# A notice still queued after this long was never handed to a worker (broker down).
REQUEUE_AFTER = dt.timedelta(minutes=5)
# A notice still "sending" after this long: its worker died mid-send (an SMTP attempt is
# bounded by EMAIL_TIMEOUT, far shorter). Beat marks it failed, with "Send på nytt".
SENDING_TIMEOUT = dt.timedelta(minutes=5)

Kind = Notification.Kind
State = Notification.State

# Errors from publishing to an unreachable broker (Redis down, wrong port).
BROKER_ERRORS = (KombuOperationalError, RedisError, OSError)
# Errors worth retrying when sending: the SMTP server or the network.
TRANSIENT_SEND_ERRORS = (smtplib.SMTPException, OSError)


@dataclass
class Draft:
    """A notice before it is a row: who gets it, why, and about what."""

    key: str
    kind: str
    # A user, or a bare e-mail address (str) for someone without an account.
    recipient: object
    items: list[dict]
    measure_ids: list[int] = field(default_factory=list)


def in_site_language(func: Callable) -> Callable:
    """Record labels in the site's language (bokmål), not the language of the request."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            return func(*args, **kwargs)

    return wrapper


# --- recipients and items ---------------------------------------------------------


def coordinators() -> list:
    """Active users in the coordinator group (the recipients of "submitted" notices)."""
    return list(
        get_user_model()
        .objects.filter(is_active=True, groups__name=GROUP_NAMES[Role.COORDINATOR])
        .distinct()
        .order_by("pk")
    )


def measure_item(measure: Measure, **extra) -> dict:
    return {
        "type": "measure",
        "id": measure.pk,
        "measure_id": measure.pk,
        "code": measure.code,
        "title": measure.title,
        "url": emails.object_url(measure),
        **extra,
    }


def implementation_plan_item(plan: ImplementationPlan, **extra) -> dict:
    measure = plan.measure
    return {
        "type": "implementation_plan",
        "id": plan.pk,
        "measure_id": measure.pk,
        "code": measure.code,
        "title": measure.title,
        "label": str(_("Gjennomføringsplan")),
        "due_date": plan.due_date.isoformat() if plan.due_date else None,
        "url": emails.object_url(plan, fallback=measure),
        **extra,
    }


def hash_key(*parts) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:20]


def stamp(value: dt.datetime | None) -> str:
    return value.isoformat() if value else "-"


# --- recording and queueing ---------------------------------------------------------


def record(drafts: Iterable[Draft], *, with_measures: bool = True) -> list[int]:
    """Insert the drafts whose key is new; return the ids of every draft's row still queued.

    Rows that already exist (the same event recorded twice, a second sweep the
    same day) are left alone: the unique key is the guarantee, so a concurrent
    insert of the same key is ignored, not an error. Queries: a fixed handful
    whatever the number of drafts (bulk inserts; SQLite batches them by 999
    parameters). `with_measures=False` skips the measure links (the sweep keeps
    them in `items` only, so its query count does not grow with measures).
    """
    drafts = [d for d in drafts if _reachable(d.recipient)]
    if not drafts:
        return []
    by_key = {d.key: d for d in drafts}
    with transaction.atomic():
        existing = set(Notification.objects.filter(key__in=by_key).values_list("key", flat=True))
        new = [d for k, d in by_key.items() if k not in existing]
        Notification.objects.bulk_create(
            [
                Notification(
                    key=d.key,
                    kind=d.kind,
                    **_addressed_to(d.recipient),
                    items=d.items,
                    subject=emails.render_subject(d.kind, _subject_context(d)),
                )
                for d in new
            ],
            ignore_conflicts=True,
        )
        queued = dict(
            Notification.objects.filter(key__in=by_key, state=State.QUEUED).values_list("key", "pk")
        )
        if with_measures and new:
            through = Notification.measures.through
            through.objects.bulk_create(
                [
                    through(notification_id=queued[d.key], measure_id=measure_id)
                    for d in new
                    if d.key in queued
                    for measure_id in dict.fromkeys(d.measure_ids)
                ],
                ignore_conflicts=True,
            )
    return sorted(queued.values())


def _reachable(recipient) -> bool:
    if isinstance(recipient, str):
        return bool(recipient)
    return recipient is not None and recipient.is_active


def _addressed_to(recipient) -> dict:
    if isinstance(recipient, str):
        return {"email": recipient}
    return {"recipient": recipient}


def recipient_key(key: str, recipient) -> str:
    """The row's key for one recipient of event `key`: `<key>:<user id>` or `<key>:<address>`."""
    return f"{key}:{recipient.lower() if isinstance(recipient, str) else recipient.pk}"


def _subject_context(draft: Draft) -> dict:
    sections = {"owed": [], "escalated": [], "digest": []}
    for item in draft.items:
        sections.get(item.get("section"), []).append(item)
    return {"items": draft.items, "recipient": draft.recipient, **sections}


def queue(notification_ids: Iterable[int]) -> None:
    """Queue the send task for each id after the current transaction commits.

    A broker that cannot be reached is logged and otherwise ignored: the rows
    stay `queued` and the next sweep queues them again.
    """
    ids = list(notification_ids)
    if not ids:
        return
    published = []

    def publish():
        for notification_id in ids:
            try:
                queue_task(SEND_TASK, notification_id)
            except BROKER_ERRORS as exc:
                logger.warning(
                    "Broker unreachable; %d notice(s) stay queued for the next sweep: %s",
                    len(ids) - len(published),
                    exc,
                )
                return
            published.append(notification_id)

    # robust: whatever goes wrong in publishing, the committed user action still answers.
    transaction.on_commit(publish, robust=True)


def notify(
    kind: str,
    recipients: Iterable,
    *,
    key: str,
    items: list[dict] | None = None,
    measure_ids: Iterable[int] = (),
) -> list[int]:
    """Notify each recipient once about one event: the public way in for every app.

    `kind` is a `Notification.Kind` (its e-mail templates are
    `templates/emails/<name>{.txt,.html,_subject.txt}`, see `emails.TEMPLATE_NAMES`);
    `key` names the event, and each recipient's row gets `<key>:<user id>`, so
    notifying the same event twice sends nothing new. `items` (JSON-able dicts:
    label, url, due_date, ...) are frozen on the row and rendered in the e-mail
    and the log. Records now, inside the caller's transaction; queues the
    e-mails after commit. A recipient may also be a bare e-mail address (a
    consultee, someone who answered a hearing): its row's key is `<key>:<address>`.
    Inactive users, None and empty addresses are skipped. Returns the ids of the
    rows still queued.
    """
    drafts = [
        Draft(
            key=recipient_key(key, recipient),
            kind=kind,
            recipient=recipient,
            items=list(items or []),
            measure_ids=list(measure_ids),
        )
        for recipient in dict.fromkeys(recipients)
        if recipient is not None
    ]
    return record_and_queue(drafts, with_measures=bool(measure_ids))


def notify_each(kind: str, notices: Iterable[tuple[str, object, list[dict]]]) -> list[int]:
    """`notify` for many events of one kind at once, each `(key, recipient, items)`: one
    bulk insert for them all (a hearing's invitations, one event per consultee)."""
    drafts = [
        Draft(key=recipient_key(key, recipient), kind=kind, recipient=recipient, items=items)
        for key, recipient, items in notices
        if recipient is not None
    ]
    return record_and_queue(drafts, with_measures=False)


def record_and_queue(drafts: Iterable[Draft], *, with_measures: bool = True) -> list[int]:
    ids = record(drafts, with_measures=with_measures)
    queue(ids)
    return ids


# --- delivery -------------------------------------------------------------------------


def notification_claim(*, notification_id: int) -> bool:
    """Take the row for sending: queued or failed -> sending, in one conditional UPDATE.

    True when this caller won the row; False when it is sending or sent
    elsewhere (or gone), in which case the caller must not send. While the row
    is `sending`, `sent_at` holds when the attempt started (the sweep uses it
    to find attempts that never finished); once `sent` it is when it went out.
    """
    return bool(
        Notification.objects.filter(
            pk=notification_id, state__in=[State.QUEUED, State.FAILED]
        ).update(state=State.SENDING, attempts=F("attempts") + 1, sent_at=timezone.now())
    )


@in_site_language
def notification_deliver(*, notification_id: int) -> bool:
    """Claim, send and mark one notice. Returns True when an e-mail went out now.

    Raises the SMTP/network error after marking the row failed with its reason,
    so the task can retry (a retry claims failed -> sending again). A recipient
    without an e-mail address is marked failed at once (nothing to retry).
    """
    if not notification_claim(notification_id=notification_id):
        logger.info("Notification %s is not claimable (sent or in progress)", notification_id)
        return False
    notification = Notification.objects.select_related("recipient").get(pk=notification_id)
    if not notification.address:
        _mark_failed(notification_id, _("Mottakeren har ingen e-postadresse."))
        return False
    try:
        emails.send(notification)
    except TRANSIENT_SEND_ERRORS as exc:
        _mark_failed(notification_id, f"{type(exc).__name__}: {exc}")
        raise
    # From here on the e-mail is out: if marking it fails (crash, lost
    # database), the row stays `sending` and is never sent again automatically.
    _mark_sent(notification_id)
    return True


def _mark_sent(notification_id: int) -> None:
    Notification.objects.filter(pk=notification_id, state=State.SENDING).update(
        state=State.SENT, sent_at=timezone.now(), error=""
    )


def _mark_failed(notification_id: int, reason: str) -> None:
    Notification.objects.filter(pk=notification_id, state=State.SENDING).update(
        state=State.FAILED, error=reason[:2000]
    )


@transaction.atomic
def notification_resend(*, notification_id: int) -> bool:
    """The coordinator's "send again" for a failed notice: failed -> queued, then queued.

    Returns False when the notice is not failed (already sent, queued or sending).
    """
    updated = Notification.objects.filter(pk=notification_id, state=State.FAILED).update(
        state=State.QUEUED, error=""
    )
    if updated:
        queue([notification_id])
    return bool(updated)


def stale_queued(*, now: dt.datetime, older_than: dt.timedelta) -> list[int]:
    """Ids of rows still `queued` after `older_than`: the broker was down when they were made."""
    return list(
        Notification.objects.filter(state=State.QUEUED, created_at__lt=now - older_than)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


@in_site_language
def fail_uncertain(*, now: dt.datetime, older_than: dt.timedelta) -> int:
    """Rows stuck in `sending`: the worker stopped mid-send. Marked failed, never resent."""
    return Notification.objects.filter(
        Q(state=State.SENDING), Q(sent_at__lt=now - older_than)
    ).update(
        state=State.FAILED,
        error=str(
            _(
                "Usikker levering: arbeidsprosessen stoppet mens e-posten ble sendt. "
                "Den er ikke sendt på nytt automatisk, for å unngå dobbel e-post."
            )
        ),
    )
