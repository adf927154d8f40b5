"""Changes of state in measures and their follow-up (STYLE.md: `<entity>_<action>`).

Every function is one change: keyword-only arguments, one transaction, validation
with DomainError/ConflictError, named columns saved, notices queued with
`transaction.on_commit` (measures/notices.py).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import partial
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.base import ContentFile
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bodobolig import permissions
from bodobolig.errors import ConflictError, DomainError
from measures import notices, reports
from measures.models import (
    Comment,
    CouncilReport,
    FollowUpSettings,
    FundingRequest,
    ImplementationActivity,
    ImplementationPlan,
    ImplementationPlanVersion,
    Measure,
    MeasureStatus,
    NotificationPreference,
    ReportingRound,
    StatusUpdate,
)
from plans.models import Department, Plan, Strategy
from plans.selectors import department_users

logger = logging.getLogger(__name__)


def _after_commit(callback) -> None:
    """Run a side effect once the transaction commits.

    A failing notice or queueing is logged, never turned into a 500 for an
    action that is already saved; the reminder sweep picks the notice up.
    (Not `on_commit(robust=True)`: Django 5.2 logs that failure with
    `func.__qualname__`, which a functools.partial lacks.)
    """

    def run() -> None:
        try:
            callback()
        except Exception:
            logger.exception("Side effect after commit failed: %r", callback)

    transaction.on_commit(run)


COMMENT_MAX_LENGTH = 5000
# simple_history keeps the change reason in a 100-character column.
HISTORY_REASON_LENGTH = 100

# The measure's own columns the edit form changes, with the labels a conflict shows.
MEASURE_EDIT_FIELDS = {
    "strategy": gettext_lazy("Strategi"),
    "code": gettext_lazy("Kode"),
    "title": gettext_lazy("Tiltak"),
    "description": gettext_lazy("Beskrivelse"),
    "planned_start": gettext_lazy("Planlagt start"),
    "planned_end": gettext_lazy("Planlagt slutt"),
    "cost_estimate": gettext_lazy("Kostnadsanslag"),
}
MEASURE_M2M_FIELDS = ("contributing_departments", "legal_bases", "challenges")


@dataclass
class FieldChange:
    field: str
    label: str
    old: Any
    new: Any


def _validate_measure(
    *,
    plan: Plan,
    strategy: Strategy,
    code: str,
    title: str,
    planned_start: dt.date | None,
    planned_end: dt.date | None,
    cost_estimate: Decimal | None,
    exclude_pk: int | None = None,
) -> None:
    if not code.strip():
        raise DomainError(_("Skriv en kode, for eksempel 2.3.1."), field="code")
    if not title.strip():
        raise DomainError(_("Skriv hva tiltaket går ut på."), field="title")
    if strategy.goal.plan_id != plan.pk:
        raise DomainError(_("Strategien hører til en annen plan."), field="strategy")
    taken = Measure.objects.filter(plan=plan, code=code.strip()).exclude(pk=exclude_pk)
    if taken.exists():
        raise DomainError(
            _("Koden %(code)s er allerede brukt av et annet tiltak i planen.")
            % {"code": code.strip()},
            field="code",
        )
    if planned_start and planned_end and planned_end < planned_start:
        raise DomainError(
            _("Planlagt slutt kan ikke være før planlagt start."), field="planned_end"
        )
    if cost_estimate is not None and cost_estimate < 0:
        raise DomainError(_("Kostnadsanslaget kan ikke være negativt."), field="cost_estimate")


def _number_for(code: str, strategy: Strategy, current: int | None = None) -> int:
    """The measure's number under its strategy: the code's last part, else the next free."""
    match = re.search(r"(\d+)\s*$", code)
    if match and 0 < int(match.group(1)) < 32768:
        return int(match.group(1))
    if current:
        return current
    return (strategy.measures.aggregate(n=Max("number"))["n"] or 0) + 1


def _check_owner(department: Department, person) -> None:
    if person is None:
        raise DomainError(_("Velg hovedansvarlig."), field="responsible_person")
    is_member = department.lead_id == person.pk or department.members.filter(pk=person.pk).exists()
    if not is_member:
        raise DomainError(
            _("%(person)s er ikke leder eller medarbeider i %(department)s.")
            % {"person": person.get_full_name() or person.get_username(), "department": department},
            field="responsible_person",
        )


@transaction.atomic
def measure_create(
    *,
    plan: Plan,
    user,
    strategy: Strategy,
    code: str,
    title: str,
    responsible_department: Department,
    responsible_person,
    description: str = "",
    planned_start: dt.date | None = None,
    planned_end: dt.date | None = None,
    cost_estimate: Decimal | None = None,
    contributing_departments=(),
    legal_bases=(),
    challenges=(),
) -> Measure:
    """Create a measure with its one owner. Raises DomainError (field-level) on bad input."""
    _validate_measure(
        plan=plan,
        strategy=strategy,
        code=code,
        title=title,
        planned_start=planned_start,
        planned_end=planned_end,
        cost_estimate=cost_estimate,
    )
    _check_owner(responsible_department, responsible_person)
    measure = Measure(
        plan=plan,
        strategy=strategy,
        number=_number_for(code, strategy),
        code=code.strip(),
        title=title.strip(),
        description=description,
        responsible_department=responsible_department,
        responsible_person=responsible_person,
        planned_start=planned_start,
        planned_end=planned_end,
        cost_estimate=cost_estimate,
    )
    measure._history_user = user
    measure.save()
    measure.contributing_departments.set(contributing_departments)
    measure.legal_bases.set(legal_bases)
    measure.challenges.set(challenges)
    return measure


# Related rows a conflict names by their label rather than their id.
_CONFLICT_RELATIONS = {
    "strategy": (Strategy, gettext_lazy("Strategi")),
    "responsible_department": (Department, gettext_lazy("Ansvarlig virksomhet")),
}


def measure_changes_since(measure: Measure, version: int) -> tuple[list[FieldChange], Any]:
    """What changed in the measure's edit fields and owner since `version`, and who
    saved last. Compares the history record of that version with the current row."""
    records = list(measure.history.select_related("history_user").order_by("-history_date"))
    started = next((r for r in records if r.version == version), None)
    who = records[0].history_user if records else None
    if started is None:
        return [], who
    changes = [
        FieldChange(name, str(label), getattr(started, name), getattr(measure, name))
        for name, label in MEASURE_EDIT_FIELDS.items()
        if name not in _CONFLICT_RELATIONS and getattr(started, name) != getattr(measure, name)
    ]
    for name, (model, label) in _CONFLICT_RELATIONS.items():
        old, new = getattr(started, f"{name}_id"), getattr(measure, f"{name}_id")
        if old != new:
            names = {obj.pk: str(obj) for obj in model.objects.filter(pk__in=[old, new])}
            changes.append(FieldChange(name, str(label), names.get(old, old), names.get(new, new)))
    if started.responsible_person_id != measure.responsible_person_id:
        people = {
            u.pk: u.get_full_name() or u.get_username()
            for u in type(measure.responsible_person).objects.filter(
                pk__in=[started.responsible_person_id, measure.responsible_person_id]
            )
        }
        changes.append(
            FieldChange(
                "responsible_person",
                str(gettext_lazy("Hovedansvarlig")),
                people.get(started.responsible_person_id),
                people.get(measure.responsible_person_id),
            )
        )
    return changes, who


@transaction.atomic
def measure_update(
    *,
    measure_id: int,
    version: int,
    user,
    strategy: Strategy,
    code: str,
    title: str,
    description: str = "",
    planned_start: dt.date | None = None,
    planned_end: dt.date | None = None,
    cost_estimate: Decimal | None = None,
    contributing_departments=None,
    legal_bases=None,
    challenges=None,
) -> Measure:
    """Save the coordinator's edit of a measure, unless someone saved it in between.

    Raises ConflictError (with `current` = (changes, who)) when `version` is not the
    measure's current version: the caller keeps the user's text and shows the changes.
    Raises DomainError for invalid input. Owner changes go through `measure_reassign`.
    """
    # The row lock makes the version check and the save one step.
    measure = Measure.objects.select_for_update().select_related("plan").get(pk=measure_id)
    if measure.version != version:
        changes, who = measure_changes_since(measure, version)
        name = (who.get_full_name() or who.get_username()) if who else _("en annen bruker")
        raise ConflictError(
            _(
                "%(name)s lagret tiltaket etter at du åpnet det, så endringene dine er ikke "
                "lagret. Teksten din står fortsatt i skjemaet. Se hva som ble endret, og lagre "
                "på nytt hvis du vil beholde dine endringer."
            )
            % {"name": name},
            current=(changes, who),
        )
    _validate_measure(
        plan=measure.plan,
        strategy=strategy,
        code=code,
        title=title,
        planned_start=planned_start,
        planned_end=planned_end,
        cost_estimate=cost_estimate,
        exclude_pk=measure.pk,
    )
    measure.strategy = strategy
    measure.number = _number_for(code, strategy, current=measure.number)
    measure.code = code.strip()
    measure.title = title.strip()
    measure.description = description
    measure.planned_start = planned_start
    measure.planned_end = planned_end
    measure.cost_estimate = cost_estimate
    measure.version += 1
    measure._history_user = user
    measure.save(
        update_fields=[
            "strategy",
            "number",
            "code",
            "title",
            "description",
            "planned_start",
            "planned_end",
            "cost_estimate",
            "version",
            "updated_at",
        ]
    )
    # A relation left out (None) is left as it is.
    for name, values in (
        ("contributing_departments", contributing_departments),
        ("legal_bases", legal_bases),
        ("challenges", challenges),
    ):
        if values is not None:
            getattr(measure, name).set(values)
    return measure


@transaction.atomic
def measure_reassign(
    *, measure_id: int, user, department: Department, person, reason: str
) -> Measure:
    """Give the measure a new owner (department + person), with the reason in its history.

    The person must lead or belong to the department. A reporting delegate from
    the old owner is cleared. Queues `notices.measure_reassigned` on commit.
    Raises DomainError (field-level) for an invalid owner, a missing reason or no change.
    """
    measure = Measure.objects.select_for_update().get(pk=measure_id)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Skriv hvorfor tiltaket får ny hovedansvarlig."), field="reason")
    _check_owner(department, person)
    if (measure.responsible_department_id, measure.responsible_person_id) == (
        department.pk,
        person.pk,
    ):
        raise DomainError(
            _("Dette er allerede tiltakets hovedansvarlig."), field="responsible_person"
        )
    old_owner_id = measure.responsible_person_id
    measure.responsible_department = department
    measure.responsible_person = person
    measure.reporting_delegate = None
    measure.version += 1
    measure._history_user = user
    measure._change_reason = reason[:HISTORY_REASON_LENGTH]
    measure.save(
        update_fields=[
            "responsible_department",
            "responsible_person",
            "reporting_delegate",
            "version",
            "updated_at",
        ]
    )
    _after_commit(
        lambda: notices.measure_reassigned(
            measure_id=measure.pk, old_owner_id=old_owner_id, new_owner_id=person.pk
        )
    )
    return measure


@transaction.atomic
def comment_add(*, measure: Measure, author, text: str) -> Comment:
    """A message in the measure's thread between the coordinator and the owner.

    Raises DomainError (field "text") when the text is empty or too long.
    """
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Skriv en kommentar."), field="text")
    if len(text) > COMMENT_MAX_LENGTH:
        raise DomainError(
            _("Kommentaren kan ikke være lengre enn %(max)s tegn.") % {"max": COMMENT_MAX_LENGTH},
            field="text",
        )
    return Comment.objects.create(measure=measure, author=author, text=text)


@transaction.atomic
def follow_up_settings_update(
    *,
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
    settings.due_soon_days = due_soon_days
    settings.overdue_repeat_days = overdue_repeat_days
    settings.escalate_after_days = escalate_after_days
    settings.stale_after_days = stale_after_days
    settings.digest_weekday = digest_weekday
    settings.save(
        update_fields=[
            "due_soon_days",
            "overdue_repeat_days",
            "escalate_after_days",
            "stale_after_days",
            "digest_weekday",
        ]
    )
    return settings


@transaction.atomic
def notification_preference_update(*, user, digest_opt_out: bool) -> NotificationPreference:
    """Save the user's choice about the weekly digest (the only optional e-mail)."""
    preference, _created = NotificationPreference.objects.select_for_update().get_or_create(
        user=user
    )
    preference.digest_opt_out = digest_opt_out
    preference.save(update_fields=["digest_opt_out"])
    return preference


# --- Implementation plans, reporting rounds, delegation (h3a) -----------------------------

MAX_TEXT = 20_000
MIN_YEAR, MAX_YEAR = 2000, 2100

# --- Helpers ------------------------------------------------------------------------------


def _name(user) -> str:
    if user is None:
        return _("ukjent")
    return user.get_full_name() or user.username


def _text(value, *, field: str, label: str, required: bool = False) -> str:
    text = (value or "").strip()
    if required and not text:
        raise DomainError(_("%(label)s må fylles ut.") % {"label": label}, field=field)
    if len(text) > MAX_TEXT:
        raise DomainError(
            _("%(label)s kan ikke være lengre enn %(max)s tegn.")
            % {"label": label, "max": MAX_TEXT},
            field=field,
        )
    return text


# --- Implementation plans -------------------------------------------------------------------


@dataclass
class OrderResult:
    ordered: list[ImplementationPlan] = field(default_factory=list)
    # Measures that already had a plan, with that plan (reported, not duplicated).
    already: list[ImplementationPlan] = field(default_factory=list)


OPEN_STATES = {
    ImplementationPlan.Status.ORDERED,
    ImplementationPlan.Status.DRAFT,
    ImplementationPlan.Status.RETURNED,
}


@transaction.atomic
def implementation_plan_order(
    *, measures: Iterable[Measure], due_date: dt.date, message: str = "", by
) -> OrderResult:
    """Order an implementation plan for each measure.

    Creates one ImplementationPlan (status ordered) per measure that has none;
    measures that already have a plan (open or approved) are returned in
    `already`, untouched. Raises DomainError for no measures or a past due date.
    Queues `notices.implementation_plan_ordered` for the new plans.
    """
    measure_ids = sorted({m.pk for m in measures})
    if not measure_ids:
        raise DomainError(_("Velg minst ett tiltak."), field="measures")
    if due_date is None:
        raise DomainError(_("Fristen må fylles ut."), field="due_date")
    if due_date < timezone.localdate():
        raise DomainError(_("Fristen kan ikke være tilbake i tid."), field="due_date")
    message = _text(message, field="message", label=_("Melding"))
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
        result.ordered.append(ip)
    if result.ordered:
        ids = [ip.pk for ip in result.ordered]
        _after_commit(partial(notices.implementation_plan_ordered, implementation_plan_ids=ids))
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
        who = _name(changed_by.history_user) if changed_by else _("en annen bruker")
        when = timezone.localtime(locked.updated_at)
        raise ConflictError(
            _(
                "Gjennomføringsplanen ble endret av %(who)s %(when)s etter at du åpnet den. "
                "Endringene dine er ikke lagret. Se hva som er endret, og lagre på nytt."
            )
            % {"who": who, "when": date_format(when, "d.m.Y \\k\\l. H:i")},
            current=locked,
        )


def _parse_date(value, *, field: str, label: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise DomainError(
            _("%(label)s må være en dato (dd.mm.åååå).") % {"label": label}, field=field
        ) from None


def _clean_activities(ip: ImplementationPlan, activities: list[dict]) -> list[dict]:
    allowed = set(department_users(ip.measure.responsible_department).values_list("pk", flat=True))
    cleaned = []
    for index, row in enumerate(activities, start=1):
        title = _text(row.get("title"), field="activities", label=_("Aktivitet"))
        if not title:
            raise DomainError(_("Aktivitet %(n)s mangler navn.") % {"n": index}, field="activities")
        if len(title) > 300:
            raise DomainError(
                _("Aktivitet %(n)s: navnet kan ikke være lengre enn 300 tegn.") % {"n": index},
                field="activities",
            )
        responsible = row.get("responsible")
        responsible_id = getattr(responsible, "pk", responsible) or None
        if responsible_id is not None and responsible_id not in allowed:
            raise DomainError(
                _("Aktivitet %(n)s: ansvarlig må høre til %(dept)s.")
                % {"n": index, "dept": ip.measure.responsible_department.name},
                field="activities",
            )
        start = _parse_date(row.get("start_date"), field="activities", label=_("Start"))
        due = _parse_date(row.get("due_date"), field="activities", label=_("Frist"))
        if start and due and due < start:
            raise DomainError(
                _("Aktivitet %(n)s: fristen kan ikke være før start.") % {"n": index},
                field="activities",
            )
        cleaned.append(
            {
                "id": row.get("id") or None,
                "title": title,
                "responsible_id": responsible_id,
                "start_date": start,
                "due_date": due,
            }
        )
    return cleaned


def _clean_funding(funding: list[dict]) -> list[dict]:
    cleaned = []
    sources = set(FundingRequest.Source.values)
    for index, row in enumerate(funding, start=1):
        try:
            year = int(row.get("year"))
        except (TypeError, ValueError):
            raise DomainError(
                _("Finansiering %(n)s: år må være et tall.") % {"n": index}, field="funding"
            ) from None
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise DomainError(
                _("Finansiering %(n)s: år må være mellom %(min)s og %(max)s.")
                % {"n": index, "min": MIN_YEAR, "max": MAX_YEAR},
                field="funding",
            )
        try:
            amount = Decimal(str(row.get("amount")))
        except (InvalidOperation, TypeError):
            raise DomainError(
                _("Finansiering %(n)s: beløpet må være et tall.") % {"n": index}, field="funding"
            ) from None
        if not amount.is_finite() or amount < 0 or amount >= Decimal("1e14"):
            raise DomainError(
                _("Finansiering %(n)s: beløpet må være 0 kr eller mer.") % {"n": index},
                field="funding",
            )
        source = row.get("source")
        if source not in sources:
            raise DomainError(
                _("Finansiering %(n)s: velg finansieringskilde.") % {"n": index}, field="funding"
            )
        cleaned.append(
            {
                "id": row.get("id") or None,
                "year": year,
                "amount": amount.quantize(1),
                "source": source,
            }
        )
    return cleaned


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
    if locked.status not in OPEN_STATES:
        raise DomainError(
            _("Planen er %(status)s og kan ikke endres nå.")
            % {"status": locked.get_status_display().lower()}
        )
    texts = {
        "expected_result": _text(
            expected_result, field="expected_result", label=_("Forventet resultat")
        ),
        "resources": _text(resources, field="resources", label=_("Ressurser")),
        "risks": _text(risks, field="risks", label=_("Risiko")),
    }
    if activities is not None:
        _replace_activities(locked, _clean_activities(locked, activities))
    if funding is not None:
        _replace_funding(locked, _clean_funding(funding))
    for name, value in texts.items():
        setattr(locked, name, value)
    if locked.status == ImplementationPlan.Status.ORDERED:
        locked.status = ImplementationPlan.Status.DRAFT
    locked.version += 1  # the row is locked
    locked._history_user = by
    locked.save(update_fields=[*texts, "status", "version", "updated_at"])
    locked.refresh_from_db()
    return locked


def _replace_activities(ip: ImplementationPlan, rows: list[dict]) -> None:
    existing = {a.pk: a for a in ip.activities.all()}
    keep = set()
    for position, row in enumerate(rows):
        activity = existing.get(_int_or_none(row["id"])) or ImplementationActivity(
            implementation_plan=ip
        )
        activity.title = row["title"]
        activity.responsible_id = row["responsible_id"]
        activity.start_date = row["start_date"]
        activity.due_date = row["due_date"]
        activity.position = position
        activity.save()
        keep.add(activity.pk)
    ip.activities.exclude(pk__in=keep).delete()


def _replace_funding(ip: ImplementationPlan, rows: list[dict]) -> None:
    # Only requests without a decision are the owner's to change.
    editable = {f.pk: f for f in ip.funding.filter(status=FundingRequest.Status.REQUESTED)}
    keep = set()
    for row in rows:
        request = editable.get(_int_or_none(row["id"])) or FundingRequest(
            measure_id=ip.measure_id, implementation_plan=ip
        )
        request.year = row["year"]
        request.amount = row["amount"]
        request.source = row["source"]
        request.save()
        keep.add(request.pk)
    ip.funding.filter(status=FundingRequest.Status.REQUESTED).exclude(pk__in=keep).delete()


def _int_or_none(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def implementation_plan_content(ip: ImplementationPlan) -> dict:
    """The plan as frozen JSON: what a version keeps and what the diff compares."""
    activities = ip.activities.select_related("responsible").order_by("position", "pk")
    return {
        "expected_result": ip.expected_result,
        "resources": ip.resources,
        "risks": ip.risks,
        "activities": [
            {
                "title": a.title,
                "responsible": _name(a.responsible) if a.responsible else "",
                "start_date": a.start_date.isoformat() if a.start_date else "",
                "due_date": a.due_date.isoformat() if a.due_date else "",
            }
            for a in activities
        ],
        "funding": [
            {
                "year": f.year,
                "amount": str(f.amount),
                "source": str(f.get_source_display()),
                "status": str(f.get_status_display()),
            }
            for f in ip.funding.order_by("year", "source", "pk")
        ],
    }


@transaction.atomic
def implementation_plan_submit(
    *, implementation_plan: ImplementationPlan, by, expected_version: int | None
) -> ImplementationPlanVersion:
    """Submit the plan to the coordinator and freeze its content as a new version.

    Raises ConflictError on a stale version, DomainError when the plan is not
    open or lacks an expected result or activities. Queues
    `notices.implementation_plan_submitted`.
    """
    locked = _lock_plan(implementation_plan)
    _check_version(locked, expected_version)
    if locked.status not in OPEN_STATES:
        raise DomainError(
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
    locked.status = ImplementationPlan.Status.SUBMITTED
    locked.submitted_at = now
    locked.version += 1  # the row is locked
    locked._history_user = by
    locked.save(update_fields=["status", "submitted_at", "version", "updated_at"])
    _after_commit(partial(notices.implementation_plan_submitted, implementation_plan_id=locked.pk))
    return version


def _decide(
    locked: ImplementationPlan, expected_version, refusal: str
) -> ImplementationPlanVersion:
    _check_version(locked, expected_version)
    if locked.status != ImplementationPlan.Status.SUBMITTED:
        raise DomainError(refusal % {"status": locked.get_status_display().lower()})
    return locked.versions.order_by("-number").first()


@transaction.atomic
def implementation_plan_approve(
    *, implementation_plan: ImplementationPlan, by, expected_version: int | None
) -> ImplementationPlan:
    """Approve a submitted plan; its latest version is marked approved.

    Raises ConflictError on a stale version, DomainError unless submitted.
    Queues `notices.implementation_plan_approved`.
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
    _after_commit(partial(notices.implementation_plan_approved, implementation_plan_id=locked.pk))
    locked.refresh_from_db()
    return locked


@transaction.atomic
def implementation_plan_return(
    *, implementation_plan: ImplementationPlan, by, expected_version: int | None, feedback: str
) -> ImplementationPlan:
    """Send a submitted plan back to the owner with feedback (required).

    Raises DomainError without feedback or unless submitted, ConflictError on a
    stale version. Queues `notices.implementation_plan_returned`.
    """
    feedback = _text(feedback, field="feedback", label=_("Tilbakemelding"))
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
    _after_commit(partial(notices.implementation_plan_returned, implementation_plan_id=locked.pk))
    locked.refresh_from_db()
    return locked


# --- Reporting rounds -----------------------------------------------------------------------


@transaction.atomic
def reporting_round_open(
    *,
    plan: Plan,
    name: str,
    due_date: dt.date,
    by,
    measures: Iterable[Measure] | None = None,
    message: str = "",
) -> ReportingRound:
    """Open a reporting round; by default every active measure of the plan is in it.

    Raises DomainError for an empty name, a past due date, measures of another
    plan, no measures, or an open round of the same name (a double submit).
    Queues `notices.reporting_round_opened`.
    """
    name = _text(name, field="name", label=_("Navn"), required=True)
    if len(name) > 200:
        raise DomainError(_("Navnet kan ikke være lengre enn 200 tegn."), field="name")
    if due_date is None:
        raise DomainError(_("Fristen må fylles ut."), field="due_date")
    if due_date < timezone.localdate():
        raise DomainError(_("Fristen kan ikke være tilbake i tid."), field="due_date")
    message = _text(message, field="message", label=_("Melding"))
    if measures is None:
        chosen = list(plan.measures.active().values_list("pk", flat=True))
    else:
        chosen = sorted({m.pk for m in measures})
        if Measure.objects.filter(pk__in=chosen).exclude(plan=plan).exists():
            raise DomainError(_("Alle tiltakene må høre til planen."), field="measures")
    if not chosen:
        raise DomainError(_("Runden må ha minst ett tiltak."), field="measures")
    # Lock the plan row so a double submit cannot open two rounds of the same name.
    Plan.objects.select_for_update().filter(pk=plan.pk).first()
    if plan.reporting_rounds.filter(status=ReportingRound.Status.OPEN, name__iexact=name).exists():
        raise DomainError(
            _("Det er allerede en åpen rapporteringsrunde med dette navnet i planen."),
            field="name",
            code="duplicate",
        )
    round_ = ReportingRound.objects.create(
        plan=plan, name=name, due_date=due_date, message=message, opened_by=by
    )
    round_.measures.set(chosen)
    _after_commit(partial(notices.reporting_round_opened, reporting_round_id=round_.pk))
    return round_


@transaction.atomic
def reporting_round_close(*, reporting_round: ReportingRound, by) -> ReportingRound:
    """Close an open round. Answers after this are still accepted, marked late."""
    locked = ReportingRound.objects.select_for_update().get(pk=reporting_round.pk)
    if locked.status == ReportingRound.Status.CLOSED:
        raise DomainError(_("Runden er allerede lukket."))
    locked.status = ReportingRound.Status.CLOSED
    locked.closed_at = timezone.now()
    locked.save(update_fields=["status", "closed_at"])
    return locked


def _existing_update_error(existing: StatusUpdate) -> DomainError:
    return DomainError(
        _(
            "Det er allerede levert en statusrapport for dette tiltaket i denne runden "
            "(%(when)s av %(who)s). Ta kontakt med koordinator om den må rettes."
        )
        % {
            "when": date_format(timezone.localtime(existing.submitted_at), "d.m.Y H:i"),
            "who": _name(existing.submitted_by),
        },
        code="duplicate",
    )


@transaction.atomic
def status_update_submit(
    *,
    measure: Measure,
    by,
    status: str,
    progress: int,
    text: str,
    risks: str = "",
    needs_help: bool = False,
    reporting_round: ReportingRound | None = None,
) -> StatusUpdate:
    """Record one status update and carry status/progress over to the measure.

    One update per measure per round: a second gives DomainError (code
    "duplicate"), never an IntegrityError. Late answers (after the due date or
    after the round closed) are accepted and marked `is_late`. The measure row
    is locked while its status, progress, last_reported_at and version change.
    Queues `notices.status_update_submitted`.
    """
    if status not in MeasureStatus.values:
        raise DomainError(_("Velg en gyldig status."), field="status")
    try:
        progress = int(progress)
    except (TypeError, ValueError):
        raise DomainError(_("Framdrift må være et helt tall."), field="progress") from None
    if not 0 <= progress <= 100:
        raise DomainError(_("Framdrift må være mellom 0 og 100 prosent."), field="progress")
    text = _text(text, field="text", label=_("Status og resultater"), required=True)
    risks = _text(risks, field="risks", label=_("Risiko og behov for hjelp"))
    locked = Measure.objects.select_for_update().get(pk=measure.pk)
    now = timezone.now()
    is_late = False
    if reporting_round is not None:
        round_ = ReportingRound.objects.get(pk=reporting_round.pk)
        if not round_.measures.filter(pk=locked.pk).exists():
            raise DomainError(_("Tiltaket er ikke med i denne rapporteringsrunden."))
        existing = (
            StatusUpdate.objects.filter(measure=locked, reporting_round=round_)
            .select_related("submitted_by")
            .first()
        )
        if existing:
            raise _existing_update_error(existing)
        is_late = (
            round_.status == ReportingRound.Status.CLOSED
            or timezone.localdate(now) > round_.due_date
        )
    update = StatusUpdate(
        measure=locked,
        reporting_round=reporting_round,
        status=status,
        progress=progress,
        text=text,
        risks=risks,
        needs_help=bool(needs_help),
        submitted_by=by,
        submitted_at=now,
        is_late=is_late,
    )
    update._history_user = by
    try:
        # The unique constraint is the last word if two requests race past the check.
        with transaction.atomic():
            update.save()
    except IntegrityError:
        existing = StatusUpdate.objects.get(measure=locked, reporting_round=reporting_round)
        raise _existing_update_error(existing) from None
    locked.status = status
    locked.progress = progress
    locked.last_reported_at = now
    # A status update changes the measure: an edit form opened before it must not overwrite it.
    locked.version += 1  # the row is locked
    locked._history_user = by
    locked._change_reason = _("Statusrapport")
    locked.save(update_fields=["status", "progress", "last_reported_at", "version", "updated_at"])
    _after_commit(partial(notices.status_update_submitted, status_update_id=update.pk))
    return update


# --- Delegation -----------------------------------------------------------------------------


@transaction.atomic
def measure_delegate_reporting(*, measure: Measure, delegate, by) -> Measure:
    """Hand one measure's reporting to a colleague in the responsible department (None: take
    it back). Logged in the measure's history with who did it.

    Raises DomainError when the colleague is outside the department or cannot
    log in as a department lead.
    """
    locked = (
        Measure.objects.select_for_update()
        .select_related("responsible_department")
        .get(pk=measure.pk)
    )
    if delegate is not None:
        if not department_users(locked.responsible_department).filter(pk=delegate.pk).exists():
            raise DomainError(
                _("%(who)s hører ikke til %(dept)s.")
                % {"who": _name(delegate), "dept": locked.responsible_department.name},
                field="delegate",
            )
        if not permissions.is_staff_member(delegate):
            raise DomainError(
                _("%(who)s har ikke tilgang til å rapportere i løsningen.")
                % {"who": _name(delegate)},
                field="delegate",
            )
        if delegate.pk == locked.responsible_person_id:
            delegate = None
    if locked.reporting_delegate_id == (delegate.pk if delegate else None):
        return locked
    locked.reporting_delegate = delegate
    locked.version += 1  # the row is locked
    locked._history_user = by
    reason = (
        _("Rapportering delegert til %(who)s") % {"who": _name(delegate)}
        if delegate
        else _("Delegering av rapportering opphevet")
    )
    locked._change_reason = reason[:HISTORY_REASON_LENGTH]
    locked.save(update_fields=["reporting_delegate", "version", "updated_at"])
    locked.refresh_from_db()
    return locked


# A row left in "rendering" longer than this (a worker killed mid-render) may be claimed again.
RENDER_CLAIM_TIMEOUT = dt.timedelta(minutes=10)
# The same report requested twice within this window (a double click) is created once.
DOUBLE_SUBMIT_WINDOW = dt.timedelta(minutes=1)


class TransientRenderError(Exception):
    """Rendering failed for a reason that may pass (disk, database); the task retries it."""


# Errors worth a retry: the storage or the database hiccuped. Everything else (a template
# error, WeasyPrint refusing the document, bad data) fails the same way again.
TRANSIENT_ERRORS = (OSError, DatabaseError)


# --- Council report -------------------------------------------------------------------------


@transaction.atomic
def council_report_request(
    *,
    plan: Plan,
    user,
    as_of: dt.date,
    reporting_round: ReportingRound | None = None,
    title: str = "",
    introduction: str = "",
    case_number: str = "",
    committee: str = "",
    meeting_date: dt.date | None = None,
    queue_render: bool = True,
) -> CouncilReport:
    """Create a report row with its parameters and the frozen snapshot of its figures.

    Raises DomainError when the user may not request reports, the round belongs to another
    plan or the date is in the future. `user=None` is the management command (no permission
    check). The same request repeated within a minute while the first is still pending
    returns the first report (double submit). Queues the render task on commit (unless
    `queue_render` is false: the management command renders synchronously).
    """
    if user is not None and not permissions.can(user, permissions.Action.REQUEST_REPORT, plan):
        raise DomainError(_("Bare boligkoordinatoren kan bestille statusrapporter."))
    if as_of > timezone.localdate():
        raise DomainError(_("Datoen for status kan ikke være fram i tid."), field="as_of")
    if as_of.year < plan.period_start:
        raise DomainError(
            _("Datoen for status kan ikke være før planperioden (%(year)s).")
            % {"year": plan.period_start},
            field="as_of",
        )
    if reporting_round is not None and reporting_round.plan_id != plan.pk:
        raise DomainError(
            _("Rapporteringsrunden hører til en annen plan."), field="reporting_round"
        )
    if meeting_date is not None and meeting_date < as_of:
        raise DomainError(
            _("Møtedatoen kan ikke være før datoen rapporten viser status for."),
            field="meeting_date",
        )
    with translation.override(reports.REPORT_LANGUAGE):
        default_title = _("Statusrapport %(plan)s %(start)s–%(end)s per %(date)s") % {
            "plan": plan.title,
            "start": plan.period_start,
            "end": plan.period_end,
            "date": f"{as_of:%d.%m.%Y}",
        }
    title = title.strip() or default_title
    # A double submit of the form: the same request made moments ago is returned as is
    # (with tasks in process the first may already be ready).
    # Locking the plan row serialises two concurrent requests for the same plan.
    Plan.objects.select_for_update().filter(pk=plan.pk).first()
    duplicate = (
        CouncilReport.objects.filter(
            plan=plan,
            as_of=as_of,
            reporting_round=reporting_round,
            title=title,
            case_number=case_number.strip(),
            requested_by=user,
            requested_at__gte=timezone.now() - DOUBLE_SUBMIT_WINDOW,
        )
        .exclude(status=CouncilReport.Status.FAILED)
        .first()
    )
    if duplicate is not None:
        return duplicate
    report = CouncilReport(
        plan=plan,
        title=title,
        as_of=as_of,
        reporting_round=reporting_round,
        introduction=introduction.strip(),
        case_number=case_number.strip(),
        committee=committee.strip(),
        meeting_date=meeting_date,
        requested_by=user,
    )
    try:
        report.full_clean(exclude=["snapshot", "file", "requested_by"])
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise DomainError(messages[0], field=None if field == NON_FIELD_ERRORS else field) from exc
    report.snapshot = reports.build_snapshot(
        plan=plan,
        as_of=as_of,
        reporting_round=reporting_round,
        parameters={
            "title": report.title,
            "case_number": report.case_number,
            "committee": report.committee,
            "meeting_date": meeting_date.isoformat() if meeting_date else "",
            "introduction": report.introduction,
        },
    )
    report.save()
    if queue_render:
        _queue_render(report.pk)
    return report


def _queue_render(report_id: int) -> None:
    def send():
        from measures.tasks import render_council_report

        try:
            render_council_report.delay(report_id)
        except Exception:  # the broker is down: the row stays queued, a retry re-sends it
            logger.exception("Could not queue council report %s for rendering", report_id)

    _after_commit(send)


def council_report_render(*, report_id: int, final_attempt: bool = True) -> CouncilReport | None:
    """Render a queued report from its snapshot and mark it ready, or failed with the reason.

    Claims the row with a conditional update (queued → rendering), so a second run of the
    same task does nothing and returns None. Rendering happens outside any transaction.
    A transient error (OSError, DatabaseError) puts the row back in the queue and raises
    TransientRenderError unless this is the `final_attempt`; any other error marks the
    report failed with its reason.
    """
    now = timezone.now()
    claimable = CouncilReport.objects.filter(pk=report_id, status=CouncilReport.Status.QUEUED)
    stale = CouncilReport.objects.filter(
        pk=report_id,
        status=CouncilReport.Status.RENDERING,
        rendered_at__lt=now - RENDER_CLAIM_TIMEOUT,
    )
    # While rendering, rendered_at holds the start time (for the stale-claim rule above).
    claimed = claimable.update(
        status=CouncilReport.Status.RENDERING, error="", rendered_at=now
    ) or stale.update(rendered_at=now)
    if not claimed:
        return None
    report = CouncilReport.objects.select_related("plan").get(pk=report_id)
    try:
        rendered = reports.render_report(report.snapshot)
        report.file.save(
            reports.report_file_name(report), ContentFile(rendered.content), save=False
        )
    except TRANSIENT_ERRORS as exc:
        if not final_attempt:
            CouncilReport.objects.filter(
                pk=report_id, status=CouncilReport.Status.RENDERING
            ).update(status=CouncilReport.Status.QUEUED)
            raise TransientRenderError(str(exc)) from exc
        return _mark_failed(report, exc)
    except Exception as exc:
        logger.exception("Council report %s failed to render", report_id)
        return _mark_failed(report, exc)
    CouncilReport.objects.filter(pk=report_id, status=CouncilReport.Status.RENDERING).update(
        status=CouncilReport.Status.READY,
        file=report.file.name,
        page_count=rendered.page_count,
        rendered_at=timezone.now(),
        error="",
    )
    report.refresh_from_db()
    return report


def _mark_failed(report: CouncilReport, exc: Exception) -> CouncilReport:
    reason = f"{type(exc).__name__}: {exc}"[:2000]
    CouncilReport.objects.filter(pk=report.pk, status=CouncilReport.Status.RENDERING).update(
        status=CouncilReport.Status.FAILED, error=reason, rendered_at=None
    )
    report.refresh_from_db()
    return report


def council_reports_stuck(*, now) -> list[int]:
    """Ids of reports queued or rendering for longer than RENDER_CLAIM_TIMEOUT: the broker
    lost the task, or the worker died mid-render. Re-queuing them is safe (the claim)."""
    limit = now - RENDER_CLAIM_TIMEOUT
    return list(
        CouncilReport.objects.filter(
            Q(status=CouncilReport.Status.QUEUED, requested_at__lt=limit)
            | Q(status=CouncilReport.Status.RENDERING, rendered_at__lt=limit)
        ).values_list("pk", flat=True)
    )


@transaction.atomic
def council_report_retry(*, report: CouncilReport, user) -> CouncilReport:
    """Put a failed report back in the queue (same snapshot); queues the task on commit.

    Raises DomainError unless the report has failed.
    """
    if not permissions.can(user, permissions.Action.REQUEST_REPORT, report):
        raise DomainError(_("Bare boligkoordinatoren kan lage rapporten på nytt."))
    updated = CouncilReport.objects.filter(pk=report.pk, status=CouncilReport.Status.FAILED).update(
        status=CouncilReport.Status.QUEUED, error=""
    )
    if not updated:
        raise DomainError(_("Bare en rapport som har feilet, kan lages på nytt."))
    _queue_render(report.pk)
    report.refresh_from_db()
    return report


@transaction.atomic
def council_report_publish(*, report: CouncilReport, user) -> CouncilReport:
    """Publish a ready report to the politicians (and, for adopted plans, the public).

    Raises DomainError when the report is not ready or already published. Calls
    `notices.council_report_published` on commit.
    """
    if not permissions.can(user, permissions.Action.PUBLISH_REPORT, report):
        raise DomainError(_("Bare boligkoordinatoren kan publisere statusrapporter."))
    locked = CouncilReport.objects.select_for_update().get(pk=report.pk)
    if locked.status != CouncilReport.Status.READY:
        raise DomainError(
            _("Rapporten kan ikke publiseres før den er ferdig laget (status: %(status)s).")
            % {"status": locked.get_status_display().lower()}
        )
    if locked.published_at is not None:
        raise DomainError(_("Rapporten er allerede publisert."))
    locked.published_at = timezone.now()
    locked.published_by = user
    locked.save(update_fields=["published_at", "published_by"])
    _after_commit(lambda: notices.council_report_published(council_report_id=locked.pk))
    return locked
