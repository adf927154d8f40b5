"""Changes to the measure register: creating, editing and reassigning measures,
delegating their reporting, and comments (STYLE.md: `<entity>_<action>`).

Every function is one change: keyword-only arguments, one transaction,
validation with DomainError/ConflictError, named columns saved, notices queued
after commit."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bodobolig import permissions
from bodobolig.audit import changes_between, log_action
from bodobolig.background import after_commit
from bodobolig.errors import ConflictError, DomainError
from bodobolig.people import display_name
from measures.models import (
    Comment,
    Measure,
)
from measures.notifications import notices as notifications_notices
from measures.status import MeasureStatus, check_status_progress
from plans.models import Department, Plan, Strategy
from plans.selectors import department_users

COMMENT_MAX_LENGTH = 5000
COMMENT_DOUBLE_SUBMIT_WINDOW = dt.timedelta(minutes=2)
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
MEASURE_M2M_FIELDS = {
    "contributing_departments": gettext_lazy("Medvirkende virksomheter"),
    "legal_bases": gettext_lazy("Lovgrunnlag"),
    "challenges": gettext_lazy("Utfordringer"),
}


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
            % {"person": display_name(person), "department": department},
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
    status: str = MeasureStatus.NOT_STARTED,
    progress: int = 0,
) -> Measure:
    """Create a measure with its one owner. Raises DomainError (field-level) on bad input,
    also when status and progress disagree ("Fullført" is 100 %, "Ikke startet" 0 %)."""
    progress = check_status_progress(status, progress)
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
        status=status,
        progress=progress,
    )
    measure._history_user = user
    try:
        # A savepoint: a double-click's second request loses the race on the unique code
        # (the check above saw nothing yet) and gets the same field message, not a 500.
        with transaction.atomic():
            measure.save()
    except IntegrityError as exc:
        if not Measure.objects.filter(plan=plan, code=code.strip()).exists():
            raise
        raise DomainError(
            _("Koden %(code)s er allerede brukt av et annet tiltak i planen.")
            % {"code": code.strip()},
            field="code",
        ) from exc
    measure.contributing_departments.set(contributing_departments)
    measure.legal_bases.set(legal_bases)
    measure.challenges.set(challenges)
    log_action("measure.created", actor=user, target=measure)
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
            u.pk: display_name(u)
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


def _audited_values(measure: Measure) -> dict[str, Any]:
    """The edit form's fields as the audit trail shows them, label -> display value."""
    values: dict[str, Any] = {}
    for name, label in MEASURE_EDIT_FIELDS.items():
        value = getattr(measure, name)
        values[str(label)] = "" if value is None else value
    for name, label in MEASURE_M2M_FIELDS.items():
        values[str(label)] = ", ".join(sorted(str(obj) for obj in getattr(measure, name).all()))
    return values


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
    status: str | None = None,
    progress: int | None = None,
) -> Measure:
    """Save the coordinator's edit of a measure, unless someone saved it in between.

    `status` and `progress` left out (None) stay as they are; given, they must agree
    with each other (DomainError on field "progress"), judged together with the kept one.

    Raises ConflictError (with `current` = (changes, who)) when `version` is not the
    measure's current version: the caller keeps the user's text and shows the changes.
    Raises DomainError for invalid input. Owner changes go through `measure_reassign`.
    """
    # The row lock makes the version check and the save one step.
    measure = Measure.objects.select_for_update().select_related("plan").get(pk=measure_id)
    if measure.version != version:
        changes, who = measure_changes_since(measure, version)
        name = display_name(who) if who else _("en annen bruker")
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
    before = _audited_values(measure)
    status_fields = []
    if status is not None or progress is not None:
        measure.status = status if status is not None else measure.status
        measure.progress = check_status_progress(
            measure.status, progress if progress is not None else measure.progress
        )
        status_fields = ["status", "progress"]
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
        update_fields=[*MEASURE_EDIT_FIELDS, "number", *status_fields, "version", "updated_at"]
    )
    # A relation left out (None) is left as it is.
    for name, values in (
        ("contributing_departments", contributing_departments),
        ("legal_bases", legal_bases),
        ("challenges", challenges),
    ):
        if values is not None:
            getattr(measure, name).set(values)
    after = _audited_values(measure)
    log_action(
        "measure.updated",
        actor=user,
        target=measure,
        changes=changes_between(before, after),
    )
    return measure


@transaction.atomic
def measure_reassign(
    *, measure_id: int, user, department: Department, person, reason: str
) -> Measure:
    """Give the measure a new owner (department + person), with the reason in its history.

    The person must lead or belong to the department. A reporting delegate from
    the old owner is cleared. Queues `notifications_notices.measure_reassigned` on commit.
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
    old_department, old_owner = measure.responsible_department, measure.responsible_person
    measure.responsible_department = department
    measure.responsible_person = person
    measure.reporting_delegate = None
    measure.owner_confirmed_at = None  # the new owner must accept the responsibility
    measure.version += 1
    measure._history_user = user
    measure._change_reason = reason[:HISTORY_REASON_LENGTH]
    measure.save(
        update_fields=[
            "responsible_department",
            "responsible_person",
            "reporting_delegate",
            "owner_confirmed_at",
            "version",
            "updated_at",
        ]
    )
    log_action(
        "measure.reassigned",
        actor=user,
        target=measure,
        text=reason,
        data={"old_owner": display_name(old_owner), "new_owner": display_name(person)},
        changes={
            _("Ansvarlig virksomhet"): (old_department.name, department.name),
            _("Hovedansvarlig"): (display_name(old_owner), display_name(person)),
        },
    )
    after_commit(
        lambda: notifications_notices.measure_reassigned(
            measure_id=measure.pk, old_owner_id=old_owner_id, new_owner_id=person.pk
        )
    )
    return measure


@transaction.atomic
def measure_confirm_ownership(*, measure_id: int, user) -> Measure:
    """The named owner accepts the responsibility for the measure ("samtykket til sitt
    hovedansvar"). Raises DomainError when the user is not the named owner or has
    already confirmed."""
    measure = Measure.objects.select_for_update().get(pk=measure_id)
    if measure.responsible_person_id != user.pk:
        raise DomainError(_("Bare tiltakets hovedansvarlig kan bekrefte ansvaret."))
    if measure.owner_confirmed_at is not None:
        raise DomainError(_("Du har allerede bekreftet ansvaret for dette tiltaket."))
    measure.owner_confirmed_at = timezone.now()
    measure.version += 1
    measure._history_user = user
    measure._change_reason = _("Hovedansvar bekreftet")
    measure.save(update_fields=["owner_confirmed_at", "version", "updated_at"])
    log_action(
        "measure.ownership_confirmed",
        actor=user,
        target=measure,
        changes={_("Hovedansvar bekreftet"): ("", measure.owner_confirmed_at)},
    )
    return measure


@transaction.atomic
def comment_add(*, measure: Measure, author, text: str) -> Comment:
    """A message in the measure's thread between the coordinator and the owner.

    Raises DomainError (field "text") when the text is empty or too long. The same text
    from the same author within COMMENT_DOUBLE_SUBMIT_WINDOW (a double or triple click, a
    resent form) returns the comment already stored.
    """
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Skriv en kommentar."), field="text")
    if len(text) > COMMENT_MAX_LENGTH:
        raise DomainError(
            _("Kommentaren kan ikke være lengre enn %(max)s tegn.") % {"max": COMMENT_MAX_LENGTH},
            field="text",
        )
    # The measure's row lock makes simultaneous submits of one form wait for each other,
    # so the second sees the first's comment and returns it instead of adding a copy.
    Measure.objects.select_for_update().filter(pk=measure.pk).first()
    duplicate = (
        Comment.objects.filter(
            measure=measure,
            author=author,
            text=text,
            created_at__gte=timezone.now() - COMMENT_DOUBLE_SUBMIT_WINDOW,
        )
        .order_by("-created_at")
        .first()
    )
    if duplicate is not None:
        return duplicate
    comment = Comment.objects.create(measure=measure, author=author, text=text)
    log_action("comment.added", actor=author, target=comment, measure=measure, text=text)
    return comment


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
                % {"who": display_name(delegate), "dept": locked.responsible_department.name},
                field="delegate",
            )
        if not permissions.is_staff_member(delegate):
            raise DomainError(
                _("%(who)s har ikke tilgang til å rapportere i løsningen.")
                % {"who": display_name(delegate)},
                field="delegate",
            )
        if delegate.pk == locked.responsible_person_id:
            delegate = None
    if locked.reporting_delegate_id == (delegate.pk if delegate else None):
        return locked
    before = display_name(locked.reporting_delegate) if locked.reporting_delegate_id else ""
    locked.reporting_delegate = delegate
    locked.version += 1  # the row is locked
    locked._history_user = by
    reason = (
        _("Rapportering delegert til %(who)s") % {"who": display_name(delegate)}
        if delegate
        else _("Delegering av rapportering opphevet")
    )
    locked._change_reason = reason[:HISTORY_REASON_LENGTH]
    locked.save(update_fields=["reporting_delegate", "version", "updated_at"])
    log_action(
        "measure.reporting_delegated" if delegate else "measure.reporting_delegation_removed",
        actor=by,
        target=locked,
        data={"delegate": display_name(delegate)} if delegate else {},
        changes={_("Rapporterer (delegert)"): (before, display_name(delegate) if delegate else "")},
    )
    locked.refresh_from_db()
    return locked


# A row left in "rendering" longer than this (a worker killed mid-render) may be claimed again.
