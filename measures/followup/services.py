"""Changes of state in the follow-up: implementation plans (order, save, submit,
approve, return) and the coordinator's follow-up settings (reporting rounds and
status updates: reporting.py) (STYLE.md: `<entity>_<action>`).

Every function is one change: keyword-only arguments, one transaction,
validation with DomainError/ConflictError, named columns saved, notices queued
after commit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import partial

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from bodobolig.audit import changes_between, log_action
from bodobolig.background import after_commit
from bodobolig.errors import ConflictError, DomainError, StateError
from bodobolig.people import display_name
from measures.followup.content import (
    audit_values,
    clean_activities,
    clean_funding,
    clean_text,
    implementation_plan_content,
    replace_activities,
    replace_funding,
)
from measures.models import (
    FollowUpSettings,
    ImplementationPlan,
    ImplementationPlanVersion,
    Measure,
)
from measures.notifications import notices as notifications_notices
from measures.status import OPEN_IMPLEMENTATION_PLAN_STATUSES

# The follow-up settings the coordinator changes, in the order the form shows them.
SETTINGS_FIELDS = (
    "due_soon_days",
    "overdue_repeat_days",
    "escalate_after_days",
    "stale_after_days",
    "digest_weekday",
)


def _settings_display(settings: FollowUpSettings, name: str):
    if name == "digest_weekday":
        return str(WEEKDAYS.get(settings.digest_weekday, settings.digest_weekday)).capitalize()
    return getattr(settings, name)


@transaction.atomic
def follow_up_settings_update(
    *,
    by,
    due_soon_days: int,
    overdue_repeat_days: int,
    escalate_after_days: int,
    stale_after_days: int,
    digest_weekday: int,
) -> FollowUpSettings:
    """Save the coordinator's reminder settings (N, M, K, stale days, digest weekday).

    Raises DomainError for values the sweep cannot work with. The next sweep
    uses the new values; nothing is queued.
    """
    if overdue_repeat_days < 1:
        raise DomainError(_("Purring må gjentas minst hver dag."), field="overdue_repeat_days")
    if escalate_after_days < 1:
        raise DomainError(
            _("Eskalering kan tidligst skje første dag etter fristen."),
            field="escalate_after_days",
        )
    if not 0 <= digest_weekday <= 6:
        raise DomainError(_("Velg en ukedag fra listen."), field="digest_weekday")
    settings = FollowUpSettings.objects.select_for_update().get(pk=FollowUpSettings.load().pk)
    before = {name: _settings_display(settings, name) for name in SETTINGS_FIELDS}
    settings.due_soon_days = due_soon_days
    settings.overdue_repeat_days = overdue_repeat_days
    settings.escalate_after_days = escalate_after_days
    settings.stale_after_days = stale_after_days
    settings.digest_weekday = digest_weekday
    settings.save(update_fields=list(SETTINGS_FIELDS))
    after = {name: _settings_display(settings, name) for name in SETTINGS_FIELDS}
    changes = {
        str(FollowUpSettings._meta.get_field(name).verbose_name).capitalize(): (
            before[name],
            after[name],
        )
        for name in SETTINGS_FIELDS
    }
    log_action("follow_up_settings.updated", actor=by, target=settings, changes=changes)
    return settings


@dataclass
class OrderResult:
    ordered: list[ImplementationPlan] = field(default_factory=list)
    # Measures that already had a plan, with that plan (reported, not duplicated).
    already: list[ImplementationPlan] = field(default_factory=list)


@transaction.atomic
def implementation_plan_order(
    *, measures: Iterable[Measure], due_date: dt.date, message: str = "", by
) -> OrderResult:
    """Order an implementation plan for each measure.

    Creates one ImplementationPlan (status ordered) per measure that has none;
    measures that already have a plan (open or approved) are returned in
    `already`, untouched. Raises DomainError for no measures or a past due date.
    Queues `notifications_notices.implementation_plan_ordered` for the new plans.
    """
    measure_ids = sorted({m.pk for m in measures})
    if not measure_ids:
        raise DomainError(_("Velg minst ett tiltak."), field="measures")
    if due_date is None:
        raise DomainError(_("Fristen må fylles ut."), field="due_date")
    if due_date < timezone.localdate():
        raise DomainError(_("Fristen kan ikke være tilbake i tid."), field="due_date")
    message = clean_text(message, field="message", label=_("Melding"))
    # Locking the measures serialises two coordinators ordering at the same time.
    locked = list(Measure.objects.select_for_update().filter(pk__in=measure_ids).order_by("pk"))
    existing = {
        ip.measure_id: ip
        for ip in ImplementationPlan.objects.filter(measure_id__in=measure_ids).select_related(
            "measure"
        )
    }
    result = OrderResult()
    for measure in locked:
        if measure.pk in existing:
            result.already.append(existing[measure.pk])
            continue
        ip = ImplementationPlan(
            measure=measure,
            status=ImplementationPlan.Status.ORDERED,
            ordered_by=by,
            due_date=due_date,
            order_message=message,
        )
        ip._history_user = by
        ip.save()
        log_action(
            "implementation_plan.ordered",
            actor=by,
            target=ip,
            measure=measure,
            text=message,
            data={"due_date": due_date},
        )
        result.ordered.append(ip)
    if result.ordered:
        ids = [ip.pk for ip in result.ordered]
        after_commit(
            partial(notifications_notices.implementation_plan_ordered, implementation_plan_ids=ids)
        )
    return result


def _lock_plan(implementation_plan: ImplementationPlan) -> ImplementationPlan:
    return (
        ImplementationPlan.objects.select_for_update()
        .select_related("measure__responsible_department")
        .get(pk=implementation_plan.pk)
    )


def _check_version(locked: ImplementationPlan, expected_version: int | None) -> None:
    if expected_version is not None and locked.version != expected_version:
        changed_by = locked.history.select_related("history_user").first()
        who = display_name(changed_by.history_user) if changed_by else _("en annen bruker")
        when = timezone.localtime(locked.updated_at)
        raise ConflictError(
            _(
                "Gjennomføringsplanen ble endret av %(who)s %(when)s etter at du åpnet den. "
                "Endringene dine er ikke lagret. Se hva som er endret, og lagre på nytt."
            )
            % {"who": who, "when": date_format(when, "d.m.Y \\k\\l. H:i")},
            current=locked,
        )


@transaction.atomic
def implementation_plan_save_draft(
    *,
    implementation_plan: ImplementationPlan,
    by,
    expected_version: int | None,
    expected_result: str = "",
    resources: str = "",
    risks: str = "",
    activities: list[dict] | None = None,
    funding: list[dict] | None = None,
) -> ImplementationPlan:
    """Save the owner's draft: texts, activities and the funding need per year.

    Activities and funding rows are dicts (`id` for existing rows). Funding rows
    that already carry a decision are kept as they are. Raises ConflictError
    when the plan changed since `expected_version` (the caller keeps the user's
    text), DomainError when the plan is submitted/approved or a row is invalid.
    An ordered plan becomes a draft; a returned plan stays returned until resubmitted.
    """
    locked = _lock_plan(implementation_plan)
    _check_version(locked, expected_version)
    if locked.status not in OPEN_IMPLEMENTATION_PLAN_STATUSES:
        raise StateError(
            _("Planen er %(status)s og kan ikke endres nå.")
            % {"status": locked.get_status_display().lower()}
        )
    texts = {
        "expected_result": clean_text(
            expected_result, field="expected_result", label=_("Forventet resultat")
        ),
        "resources": clean_text(resources, field="resources", label=_("Ressurser")),
        "risks": clean_text(risks, field="risks", label=_("Risiko")),
    }
    before = audit_values(locked)
    if activities is not None:
        replace_activities(locked, clean_activities(locked, activities))
    if funding is not None:
        replace_funding(locked, clean_funding(funding, plan=locked.measure.plan))
    for name, value in texts.items():
        setattr(locked, name, value)
    if locked.status == ImplementationPlan.Status.ORDERED:
        locked.status = ImplementationPlan.Status.DRAFT
    locked.version += 1  # the row is locked
    locked._history_user = by
    locked.save(update_fields=[*texts, "status", "version", "updated_at"])
    after = audit_values(locked)
    log_action(
        "implementation_plan.draft_saved",
        actor=by,
        target=locked,
        changes=changes_between(before, after),
    )
    locked.refresh_from_db()
    return locked


@transaction.atomic
def implementation_plan_submit(
    *, implementation_plan: ImplementationPlan, by, expected_version: int | None
) -> ImplementationPlanVersion:
    """Submit the plan to the coordinator and freeze its content as a new version.

    Raises ConflictError on a stale version, DomainError when the plan is not
    open or lacks an expected result or activities. Queues
    `notifications_notices.implementation_plan_submitted`.
    """
    locked = _lock_plan(implementation_plan)
    _check_version(locked, expected_version)
    if locked.status not in OPEN_IMPLEMENTATION_PLAN_STATUSES:
        raise StateError(
            _("Planen er %(status)s og kan ikke leveres på nytt.")
            % {"status": locked.get_status_display().lower()}
        )
    if not locked.expected_result.strip():
        raise DomainError(
            _("Fyll ut forventet resultat før du leverer planen."), field="expected_result"
        )
    if not locked.activities.exists():
        raise DomainError(
            _("Legg inn minst én aktivitet før du leverer planen."), field="activities"
        )
    now = timezone.now()
    number = (locked.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = ImplementationPlanVersion.objects.create(
        implementation_plan=locked,
        number=number,
        submitted_by=by,
        submitted_at=now,
        content=implementation_plan_content(locked),
    )
    status_before = locked.get_status_display()
    locked.status = ImplementationPlan.Status.SUBMITTED
    locked.submitted_at = now
    locked.version += 1  # the row is locked
    locked._history_user = by
    locked.save(update_fields=["status", "submitted_at", "version", "updated_at"])
    log_action(
        "implementation_plan.submitted",
        actor=by,
        target=locked,
        data={"version": number},
        changes={_("Status"): (status_before, locked.get_status_display())},
    )
    after_commit(
        partial(
            notifications_notices.implementation_plan_submitted, implementation_plan_id=locked.pk
        )
    )
    return version


def _decide(
    locked: ImplementationPlan, expected_version, refusal: str
) -> ImplementationPlanVersion:
    _check_version(locked, expected_version)
    if locked.status != ImplementationPlan.Status.SUBMITTED:
        raise StateError(refusal % {"status": locked.get_status_display().lower()})
    return locked.versions.order_by("-number").first()


def _log_decision(action: str, locked: ImplementationPlan, by, latest, text: str = "") -> None:
    submitted = ImplementationPlan.Status.SUBMITTED.label
    log_action(
        action,
        actor=by,
        target=locked,
        text=text,
        data={"version": latest.number if latest else ""},
        changes={_("Status"): (submitted, locked.get_status_display())},
    )


@transaction.atomic
def implementation_plan_approve(
    *, implementation_plan: ImplementationPlan, by, expected_version: int | None
) -> ImplementationPlan:
    """Approve a submitted plan; its latest version is marked approved.

    Raises ConflictError on a stale version, DomainError unless submitted.
    Queues `notifications_notices.implementation_plan_approved`.
    """
    locked = _lock_plan(implementation_plan)
    latest = _decide(
        locked, expected_version, _("Bare en levert plan kan godkjennes. Planen er %(status)s.")
    )
    now = timezone.now()
    locked.status = ImplementationPlan.Status.APPROVED
    locked.approved_at = now
    locked.approved_by = by
    locked.version += 1  # the row is locked
    locked._history_user = by
    locked.save(update_fields=["status", "approved_at", "approved_by", "version", "updated_at"])
    if latest:
        latest.outcome = ImplementationPlanVersion.Outcome.APPROVED
        latest.save(update_fields=["outcome"])
    _log_decision("implementation_plan.approved", locked, by, latest)
    after_commit(
        partial(
            notifications_notices.implementation_plan_approved, implementation_plan_id=locked.pk
        )
    )
    locked.refresh_from_db()
    return locked


@transaction.atomic
def implementation_plan_return(
    *, implementation_plan: ImplementationPlan, by, expected_version: int | None, feedback: str
) -> ImplementationPlan:
    """Send a submitted plan back to the owner with feedback (required).

    Raises DomainError without feedback or unless submitted, ConflictError on a
    stale version. Queues `notifications_notices.implementation_plan_returned`.
    """
    feedback = clean_text(feedback, field="feedback", label=_("Tilbakemelding"))
    if not feedback:
        raise DomainError(
            _("Skriv en tilbakemelding som forteller hva som må endres."), field="feedback"
        )
    locked = _lock_plan(implementation_plan)
    latest = _decide(
        locked,
        expected_version,
        _("Bare en levert plan kan sendes tilbake. Planen er %(status)s."),
    )
    locked.status = ImplementationPlan.Status.RETURNED
    locked.feedback = feedback
    locked.version += 1  # the row is locked
    locked._history_user = by
    locked.save(update_fields=["status", "feedback", "version", "updated_at"])
    if latest:
        latest.outcome = ImplementationPlanVersion.Outcome.RETURNED
        latest.feedback = feedback
        latest.save(update_fields=["outcome", "feedback"])
    _log_decision("implementation_plan.returned", locked, by, latest, text=feedback)
    after_commit(
        partial(
            notifications_notices.implementation_plan_returned, implementation_plan_id=locked.pk
        )
    )
    locked.refresh_from_db()
    return locked
