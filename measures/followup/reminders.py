"""The daily reminder sweep: who owes what, who must hear about what is late.

Rules (N, M, K from `FollowUpSettings`, editable by the coordinator; d is the
number of days from the due date to the sweep day, negative before it):

* Implementation plans still owed (ordered, draft, returned) and status updates
  owed in an open reporting round, for active measures of adopted plans:
  - due soon: a reminder to the owner (or the reporting delegate) on the first
    sweep within N days of the due date (-N <= d <= 0) that finds no due-soon
    reminder for the item yet;
  - overdue: a reminder on the first sweep after the due date (d >= 1), then
    again whenever the last overdue reminder for the item is M days old or more;
  - escalation: from day K after the due date (d >= K) the item also goes to the
    lead of the responsible department and to the coordinator(s), again
    whenever the last escalation of the item is M days old or more.
* Activities of approved implementation plans past their due date and not
  completed: a reminder to the activity's responsible person (or the measure's
  owner) on the same overdue cycle.
* On `digest_weekday`, each coordinator who has not opted out gets everything
  late (d >= 1) in a digest, and per adopted plan the number of measures "not
  updated" by the stale rule of `measures.status` (the dashboard's number, with a
  link to the same list). Reminders for what you owe cannot be opted out.

The rules catch up: a missed sweep, or a deadline set with less than N days'
notice, delays a reminder to the next sweep instead of losing it. "When was
this item last reminded" comes from the notification log itself: each sweep
notice keeps its items (type, id, section, days) in `Notification.items`, and
one query per sweep reads the notices of the last max(N, M) days.

One e-mail per recipient per sweep, grouping all their items, with the unique
key `sweep:<date>:<user id>`: a second sweep the same day records nothing new
and sends nothing (the key, not a cache, is the guarantee). Decisions use only
notices of earlier days, so the same day always yields the same e-mails.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bodobolig.people import display_name
from measures.models import (
    FollowUpSettings,
    ImplementationActivity,
    ImplementationPlan,
    Measure,
    Notification,
    NotificationPreference,
    ReportingRound,
    StatusUpdate,
)
from measures.notifications import emails, outbox
from measures.status import ACTIVE_STATUSES, implementation_plan_owed_q, stale_q
from plans.models import Plan

Kind = Notification.Kind

# A notice still "sending" after this long: its worker died mid-send.
UNCERTAIN_AFTER = outbox.SENDING_TIMEOUT


@dataclass
class SweepResult:
    today: dt.date
    created: int = 0
    recipients: int = 0
    # Rows to hand to the sender: this sweep's, and older ones left queued.
    to_send: list[int] = field(default_factory=list)
    requeued: int = 0
    uncertain: int = 0


@dataclass
class _Recipient:
    user: object
    owed: list[dict] = field(default_factory=list)
    escalated: list[dict] = field(default_factory=list)
    digest: list[dict] = field(default_factory=list)
    not_updated: list[dict] = field(default_factory=list)

    def kind(self) -> str:
        if self.owed:
            return Kind.REMINDER
        if self.escalated:
            return Kind.ESCALATION
        return Kind.DIGEST

    def items(self) -> list[dict]:
        seen = set()
        result = []
        for section in (self.owed, self.escalated, self.digest, self.not_updated):
            for item in sorted(section, key=lambda i: (i.get("due_date") or "", i["code"])):
                identity = (item["type"], item["id"])
                if identity not in seen:
                    seen.add(identity)
                    result.append(item)
        return result


@dataclass(frozen=True)
class Rules:
    due_soon_days: int
    repeat_days: int
    escalate_after_days: int

    def remind_owner(self, days: int, history: _History) -> bool:
        if -self.due_soon_days <= days <= 0:
            return not history.due_soon
        return days >= 1 and self._due_again(history.overdue)

    def escalate(self, days: int, history: _History) -> bool:
        k = max(self.escalate_after_days, 1)
        return days >= k and self._due_again(history.escalated)

    def _due_again(self, last_days_ago: int | None) -> bool:
        return last_days_ago is None or last_days_ago >= self.repeat_days


@dataclass
class _History:
    """What earlier sweeps sent about one item (days ago; None: not in the window)."""

    due_soon: bool = False
    overdue: int | None = None
    escalated: int | None = None


def _identity(item: dict) -> tuple[str, str]:
    return (str(item.get("type")), str(item.get("id")))


def _sweep_history(today: dt.date, lookback_days: int) -> tuple[dict, int]:
    """Per item, what the sweeps of the last `lookback_days` days sent; and today's count.

    One query over the unique key (`sweep:<date>:<user>` sorts by date). Today's
    notices are counted (to report how many this sweep adds) but not used for
    the decisions, so a rerun the same day decides the same.
    """
    start = today - dt.timedelta(days=lookback_days)
    rows = Notification.objects.filter(
        key__gte=f"sweep:{start.isoformat()}:", key__lt=f"sweep:{today.isoformat()};"
    ).values_list("key", "items")
    history: dict[tuple[str, str], _History] = {}
    today_count = 0
    for key, items in rows:
        try:
            day = dt.date.fromisoformat(key.split(":")[1])
        except (IndexError, ValueError):
            continue
        if day >= today:
            today_count += day == today
            continue
        ago = (today - day).days
        for item in items or []:
            if not isinstance(item, dict):
                continue
            entry = history.setdefault(_identity(item), _History())
            section = item.get("section")
            if section == "owed":
                if (item.get("days") or 0) <= 0:
                    entry.due_soon = True
                elif entry.overdue is None or ago < entry.overdue:
                    entry.overdue = ago
            elif section == "escalated":
                if entry.escalated is None or ago < entry.escalated:
                    entry.escalated = ago
    return history, today_count


@outbox.in_site_language
def reminder_sweep(*, today: dt.date | None = None, now: dt.datetime | None = None) -> SweepResult:
    """Record this sweep's reminders, escalations and digests; return the rows to send.

    Writes `Notification` rows (one per recipient, unique key per day); marks
    rows stuck in `sending` as failed ("uncertain", never resent); collects rows
    left `queued` by a down broker. Sends nothing itself: the task queues
    `to_send`, the management command delivers them in process. A fixed number
    of queries whatever the number of measures.
    """
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    follow_up = FollowUpSettings.load()
    rules = Rules(
        due_soon_days=follow_up.due_soon_days,
        repeat_days=max(follow_up.overdue_repeat_days, 1),
        escalate_after_days=follow_up.escalate_after_days,
    )
    is_digest_day = today.weekday() == follow_up.digest_weekday
    horizon = today + dt.timedelta(days=rules.due_soon_days)
    history, before = _sweep_history(today, max(rules.due_soon_days, rules.repeat_days))
    coordinators = outbox.coordinators()
    recipients: dict[int, _Recipient] = {}

    def bucket(user) -> _Recipient:
        if user.pk not in recipients:
            recipients[user.pk] = _Recipient(user)
        return recipients[user.pk]

    def route(item: dict, *, owner, measure: Measure, days: int, escalates: bool = True):
        sent = history.get(_identity(item), _History())
        if rules.remind_owner(days, sent):
            bucket(owner).owed.append({**item, "section": "owed"})
        if escalates and rules.escalate(days, sent):
            lead = measure.responsible_department.lead
            for user in [lead, *coordinators]:
                if user is not None and user.pk != owner.pk:
                    bucket(user).escalated.append({**item, "section": "escalated"})
        if is_digest_day and days >= 1:
            late.append(item)

    late: list[dict] = []

    for plan in _owed_implementation_plans(horizon):
        days = (today - plan.due_date).days
        measure = plan.measure
        owner = measure.responsible_person
        item = outbox.implementation_plan_item(plan, days=days, owner=display_name(owner))
        route(item, owner=owner, measure=measure, days=days)

    for round_, measure in _owed_status_updates(horizon):
        days = (today - round_.due_date).days
        owner = measure.reporting_delegate or measure.responsible_person
        item = outbox.measure_item(
            measure,
            type="status_update_due",
            id=f"{round_.pk}-{measure.pk}",
            label=_("Statusoppdatering i «%(round)s»") % {"round": round_.name},
            due_date=round_.due_date.isoformat(),
            url=emails.absolute_url(
                reverse("measures:status_update", kwargs={"round_pk": round_.pk, "pk": measure.pk})
            ),
            days=days,
            owner=display_name(owner),
        )
        route(item, owner=owner, measure=measure, days=days)

    for activity in _overdue_activities(today):
        days = (today - activity.due_date).days
        measure = activity.implementation_plan.measure
        owner = activity.responsible or measure.responsible_person
        item = outbox.implementation_plan_item(
            activity.implementation_plan,
            type="activity",
            id=activity.pk,
            label=_("Aktivitet: %(title)s") % {"title": activity.title},
            due_date=activity.due_date.isoformat(),
            days=days,
            owner=display_name(owner),
        )
        route(item, owner=owner, measure=measure, days=days, escalates=False)

    # An owner who has not accepted the responsibility is reminded like an overdue item
    # (again every M days); it has no deadline to show and is not escalated.
    for measure in _unconfirmed_ownership():
        owner = measure.responsible_person
        item = outbox.measure_item(
            measure,
            type="ownership_unconfirmed",
            label=_("Bekreft at du er hovedansvarlig"),
            due_date=None,
            days=None,
            owner=display_name(owner),
        )
        route(item, owner=owner, measure=measure, days=1, escalates=False)

    not_updated = _not_updated(now, follow_up.stale_after_days) if is_digest_day else []
    if is_digest_day and (late or not_updated):
        opted_out = set(
            NotificationPreference.objects.filter(
                digest_opt_out=True, user__in=[c.pk for c in coordinators]
            ).values_list("user_id", flat=True)
        )
        for coordinator in coordinators:
            if coordinator.pk not in opted_out:
                bucket(coordinator).digest.extend({**i, "section": "digest"} for i in late)
                bucket(coordinator).not_updated.extend(not_updated)

    drafts = [
        outbox.Draft(
            key=f"sweep:{today.isoformat()}:{r.user.pk}",
            kind=r.kind(),
            recipient=r.user,
            items=r.items(),
        )
        for r in recipients.values()
        if r.owed or r.escalated or r.digest or r.not_updated
    ]
    this_sweep = outbox.record(drafts, with_measures=False)
    after = Notification.objects.filter(key__startswith=f"sweep:{today.isoformat()}:").count()
    uncertain = outbox.fail_uncertain(now=now, older_than=UNCERTAIN_AFTER)
    stale = outbox.stale_queued(now=now, older_than=outbox.REQUEUE_AFTER)
    to_send = sorted(set(this_sweep) | set(stale))
    return SweepResult(
        today=today,
        created=after - before,
        recipients=len(drafts),
        to_send=to_send,
        requeued=len(set(stale) - set(this_sweep)),
        uncertain=uncertain,
    )


def _not_updated(now: dt.datetime, stale_after_days: int) -> list[dict]:
    """Per adopted plan, how many measures are stale today (`status.stale_q`): 1 query."""
    counts = (
        Measure.objects.filter(plan__status=Plan.Status.ADOPTED)
        .with_last_reported()
        .filter(stale_q(now, stale_after_days))
        .values("plan_id", "plan__title")
        .annotate(n=Count("pk"))
        .order_by("plan__title")
    )
    return [
        {
            "type": "not_updated",
            "id": row["plan_id"],
            "section": "not_updated",
            "code": "",
            "title": row["plan__title"],
            "count": row["n"],
            "days": stale_after_days,
            "url": emails.absolute_url(
                f"{reverse('measures:measure_list')}?plan={row['plan_id']}&stale=1"
            ),
        }
        for row in counts
    ]


def _owed_implementation_plans(horizon: dt.date):
    """Plans still owed and due by `horizon` (due soon or late), with owner and lead: 1 query."""
    return (
        ImplementationPlan.objects.filter(
            implementation_plan_owed_q(measure="measure__"),
            due_date__lte=horizon,
            measure__plan__status=Plan.Status.ADOPTED,
        )
        .select_related("measure__responsible_person", "measure__responsible_department__lead")
        .order_by("due_date", "pk")
    )


def _owed_status_updates(horizon: dt.date):
    """(round, measure) pairs with no status update yet in an open round due by `horizon`.

    Three queries: rounds, their active measures with people, answered pairs.
    """
    measures = Measure.objects.filter(
        status__in=ACTIVE_STATUSES, plan__status=Plan.Status.ADOPTED
    ).select_related("responsible_person", "reporting_delegate", "responsible_department__lead")
    rounds = list(
        ReportingRound.objects.filter(
            status=ReportingRound.Status.OPEN, due_date__lte=horizon
        ).prefetch_related(Prefetch("measures", queryset=measures))
    )
    answered = set(
        StatusUpdate.objects.filter(reporting_round__in=[r.pk for r in rounds]).values_list(
            "reporting_round_id", "measure_id"
        )
    )
    for round_ in rounds:
        for measure in round_.measures.all():
            if (round_.pk, measure.pk) not in answered:
                yield round_, measure


def _unconfirmed_ownership():
    """Unfinished measures of live plans whose owner has not confirmed: 1 query."""
    return (
        Measure.objects.filter(
            owner_confirmed_at__isnull=True,
            status__in=ACTIVE_STATUSES,
            plan__status__in=[Plan.Status.DRAFT, Plan.Status.HEARING, Plan.Status.ADOPTED],
            responsible_person__is_active=True,
        )
        .select_related("responsible_person", "responsible_department__lead")
        .order_by("code", "pk")
    )


def _overdue_activities(today: dt.date):
    """Activities of approved plans past their due date and not completed: 1 query."""
    return (
        ImplementationActivity.objects.filter(
            due_date__lt=today,
            completed_at__isnull=True,
            implementation_plan__status=ImplementationPlan.Status.APPROVED,
            implementation_plan__measure__status__in=ACTIVE_STATUSES,
            implementation_plan__measure__plan__status=Plan.Status.ADOPTED,
        )
        .select_related(
            "responsible",
            "implementation_plan__measure__responsible_person",
            "implementation_plan__measure__responsible_department__lead",
        )
        .order_by("due_date", "pk")
    )
