"""Changes of state for a plan: its life (draft → hearing → adopted → completed), target
date, organisation, documents, goals and strategies; and the departments."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bodobolig.audit import changes_between, log_action
from bodobolig.errors import DomainError
from bodobolig.people import display_name
from bodobolig.validators import validate_case_number
from plans.models import (
    Department,
    Goal,
    Plan,
    PlanDocument,
    PlanGroupMember,
    PlanTargetDateChange,
    Strategy,
)

# The fields an edit shows as before → after, with their labels.
GOAL_FIELDS = {
    "number": gettext_lazy("Nummer"),
    "title": gettext_lazy("Tittel"),
    "statement": gettext_lazy("Hovedmål"),
}
STRATEGY_FIELDS = {
    "goal": gettext_lazy("Målområde"),
    "number": gettext_lazy("Nummer"),
    "title": gettext_lazy("Tittel"),
    "description": gettext_lazy("Beskrivelse"),
}


def _values(obj, fields: dict) -> dict[str, str]:
    """The fields as the audit trail shows them: label -> display value."""
    return {str(label): str(getattr(obj, name)) for name, label in fields.items()}


def _validate_texts(title: str, **required: str) -> None:
    if not (title or "").strip():
        raise DomainError(_("Skriv en tittel."), field="title")
    for field, value in required.items():
        if not (value or "").strip():
            raise DomainError(_("Dette feltet må fylles ut."), field=field)


def _create_unique(model, **values):
    """Insert in a savepoint. Two simultaneous requests (a double-click) both pass the
    "number taken?" check; the unique constraint stops the second, which raises
    IntegrityError for the caller to turn into the same field message."""
    with transaction.atomic():
        return model.objects.create(**values)


@transaction.atomic
def goal_create(*, plan: Plan, by, number: int, title: str, statement: str) -> Goal:
    """A new målområde in the plan. Raises DomainError when the number is taken."""
    _validate_texts(title, statement=statement)
    if plan.goals.filter(number=number).exists():
        raise DomainError(
            _("Planen har allerede et målområde med nummer %(n)s.") % {"n": number}, field="number"
        )
    try:
        goal = _create_unique(
            Goal, plan=plan, number=number, title=title.strip(), statement=statement.strip()
        )
    except IntegrityError as exc:
        raise DomainError(
            _("Planen har allerede et målområde med nummer %(n)s.") % {"n": number}, field="number"
        ) from exc
    log_action("goal.created", actor=by, target=goal, plan=plan)
    return goal


@transaction.atomic
def goal_update(*, goal_id: int, by, number: int, title: str, statement: str) -> Goal:
    """Change a målområde. Raises DomainError when the number is taken."""
    goal = Goal.objects.select_for_update().get(pk=goal_id)
    _validate_texts(title, statement=statement)
    if Goal.objects.filter(plan_id=goal.plan_id, number=number).exclude(pk=goal.pk).exists():
        raise DomainError(
            _("Planen har allerede et målområde med nummer %(n)s.") % {"n": number}, field="number"
        )
    before = _values(goal, GOAL_FIELDS)
    goal.number, goal.title, goal.statement = number, title.strip(), statement.strip()
    goal.save(update_fields=["number", "title", "statement"])
    log_action(
        "goal.updated",
        actor=by,
        target=goal,
        plan=goal.plan,
        changes=changes_between(before, _values(goal, GOAL_FIELDS)),
    )
    return goal


def _check_strategy_number(goal: Goal, number: int, exclude_pk: int | None = None) -> None:
    if goal.strategies.filter(number=number).exclude(pk=exclude_pk).exists():
        raise DomainError(
            _("Målområdet har allerede en strategi med nummer %(n)s.") % {"n": number},
            field="number",
        )


@transaction.atomic
def strategy_create(*, goal: Goal, by, number: int, title: str, description: str = "") -> Strategy:
    """A new strategy under a goal. Raises DomainError when the number is taken."""
    _validate_texts(title)
    _check_strategy_number(goal, number)
    try:
        strategy = _create_unique(
            Strategy, goal=goal, number=number, title=title.strip(), description=description.strip()
        )
    except IntegrityError as exc:
        raise DomainError(
            _("Målområdet har allerede en strategi med nummer %(n)s.") % {"n": number},
            field="number",
        ) from exc
    log_action("strategy.created", actor=by, target=strategy, plan=goal.plan)
    return strategy


@transaction.atomic
def strategy_update(
    *, strategy_id: int, by, goal: Goal, number: int, title: str, description: str = ""
) -> Strategy:
    """Change a strategy (it may move to another goal of the same plan)."""
    strategy = Strategy.objects.select_for_update().select_related("goal").get(pk=strategy_id)
    _validate_texts(title)
    if goal.plan_id != strategy.goal.plan_id:
        raise DomainError(_("Målområdet hører til en annen plan."), field="goal")
    _check_strategy_number(goal, number, exclude_pk=strategy.pk)
    before = _values(strategy, STRATEGY_FIELDS)
    strategy.goal, strategy.number = goal, number
    strategy.title, strategy.description = title.strip(), description.strip()
    strategy.save(update_fields=["goal", "number", "title", "description"])
    log_action(
        "strategy.updated",
        actor=by,
        target=strategy,
        plan=goal.plan,
        changes=changes_between(before, _values(strategy, STRATEGY_FIELDS)),
    )
    return strategy


# --- The plan itself: drafting, adoption, postponements, organisation, documents -------

PLAN_FIELDS = {
    "title": gettext_lazy("Tittel"),
    "period_start": gettext_lazy("Periode fra"),
    "period_end": gettext_lazy("Periode til"),
    "summary": gettext_lazy("Sammendrag"),
    "project_leader": gettext_lazy("Prosjektleder"),
}

# Which status may follow which: draft → hearing → adopted → completed (a hearing may be
# taken back to draft when the proposal must be reworked).
PLAN_TRANSITIONS = {
    Plan.Status.DRAFT: {Plan.Status.HEARING},
    Plan.Status.HEARING: {Plan.Status.DRAFT, Plan.Status.ADOPTED},
    Plan.Status.ADOPTED: {Plan.Status.COMPLETED},
    Plan.Status.COMPLETED: set(),
}
# The bodies that adopt a plan or decide on its funding.
DECISION_BODIES = ["Bystyret", "Formannskapet", "Rådmannen"]
PERIOD_YEARS = (1900, 2200)


def _validate_period(period_start: int, period_end: int) -> None:
    for field, year in (("period_start", period_start), ("period_end", period_end)):
        if not PERIOD_YEARS[0] <= year <= PERIOD_YEARS[1]:
            raise DomainError(_("Skriv et årstall, for eksempel 2014."), field=field)
    if period_end < period_start:
        raise DomainError(_("Perioden kan ikke slutte før den begynner."), field="period_end")


def _validate_case_number(case_number: str, field: str = "case_number") -> str:
    case_number = (case_number or "").strip()
    try:
        validate_case_number(case_number)
    except ValidationError as error:
        raise DomainError(error.messages[0], field=field) from None
    return case_number


def _unique_slug(title: str, period_start: int, period_end: int) -> str:
    base = slugify(f"{title} {period_start} {period_end}")[:70] or "plan"
    slug, n = base, 2
    while Plan.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def plan_create(
    *,
    by,
    title: str,
    period_start: int,
    period_end: int,
    summary: str = "",
    project_leader=None,
    target_date: dt.date | None = None,
    predecessor: Plan | None = None,
) -> Plan:
    """A new plan in draft. Raises DomainError for an empty title or a period ending
    before it starts."""
    _validate_texts(title)
    _validate_period(period_start, period_end)
    plan = Plan.objects.create(
        title=title.strip(),
        slug=_unique_slug(title, period_start, period_end),
        municipality=settings.MUNICIPALITY_NAME,
        period_start=period_start,
        period_end=period_end,
        summary=(summary or "").strip(),
        project_leader=project_leader,
        target_date=target_date,
        predecessor=predecessor,
    )
    log_action("plan.created", actor=by, target=plan)
    return plan


@transaction.atomic
def plan_create_successor(
    *, source: Plan, by, title: str, period_start: int, period_end: int
) -> Plan:
    """The next plan for a plan that ends: a draft continuing `source`, with its goals and
    strategies copied (to be reworked), so its measures have somewhere to go."""
    if period_start <= source.period_start:
        raise DomainError(
            _("Den nye planen må begynne etter %(year)s.") % {"year": source.period_start},
            field="period_start",
        )
    plan = plan_create(
        by=by,
        title=title,
        period_start=period_start,
        period_end=period_end,
        summary="",
        project_leader=source.project_leader,
        predecessor=source,
    )
    goals = Goal.objects.bulk_create(
        Goal(plan=plan, number=g.number, title=g.title, statement=g.statement)
        for g in source.goals.order_by("number")
    )
    by_number = {goal.number: goal for goal in goals}
    Strategy.objects.bulk_create(
        Strategy(
            goal=by_number[s.goal.number],
            number=s.number,
            title=s.title,
            description=s.description,
        )
        for s in Strategy.objects.filter(goal__plan=source).select_related("goal")
    )
    return plan


@transaction.atomic
def plan_update(
    *,
    plan_id: int,
    by,
    title: str,
    period_start: int,
    period_end: int,
    summary: str = "",
    project_leader=None,
) -> Plan:
    """Change the plan's title, period, summary and project leader."""
    plan = Plan.objects.select_for_update().get(pk=plan_id)
    _validate_texts(title)
    _validate_period(period_start, period_end)
    before = _values(plan, PLAN_FIELDS)
    plan.title, plan.summary = title.strip(), (summary or "").strip()
    plan.period_start, plan.period_end = period_start, period_end
    plan.project_leader = project_leader
    plan.save(
        update_fields=[
            "title",
            "summary",
            "period_start",
            "period_end",
            "project_leader",
            "updated_at",
        ]
    )
    log_action(
        "plan.updated",
        actor=by,
        target=plan,
        changes=changes_between(before, _values(plan, PLAN_FIELDS)),
    )
    return plan


@transaction.atomic
def plan_change_status(
    *,
    plan_id: int,
    by,
    status: str,
    adopted_by: str = "",
    adopted_on: dt.date | None = None,
    case_number: str = "",
    final_report: str = "",
    today: dt.date | None = None,
) -> Plan:
    """Move the plan one step in its life. Adopting records the body, date and case
    number (all three required); completing keeps the final report.

    Raises DomainError (field "status") for a step the plan cannot take, and field-level
    errors for a missing body, a date in the future or a malformed case number.
    """
    plan = Plan.objects.select_for_update().get(pk=plan_id)
    status = Plan.Status(status)
    if status not in PLAN_TRANSITIONS[Plan.Status(plan.status)]:
        raise DomainError(
            _("En plan med status «%(old)s» kan ikke få status «%(new)s».")
            % {"old": plan.get_status_display(), "new": status.label},
            field="status",
        )
    today = today or timezone.localdate()
    before = plan.get_status_display()
    fields = ["status", "updated_at"]
    if status == Plan.Status.ADOPTED:
        if not (adopted_by or "").strip():
            raise DomainError(_("Skriv hvilket organ som vedtok planen."), field="adopted_by")
        if adopted_on is None:
            raise DomainError(_("Skriv datoen planen ble vedtatt."), field="adopted_on")
        if adopted_on > today:
            raise DomainError(_("Vedtaksdatoen kan ikke være fram i tid."), field="adopted_on")
        if not (case_number or "").strip():
            raise DomainError(_("Skriv vedtakets saksnummer."), field="case_number")
        plan.case_number = _validate_case_number(case_number)
        plan.adopted_by, plan.adopted_on = adopted_by.strip(), adopted_on
        fields += ["adopted_by", "adopted_on", "case_number"]
    if status == Plan.Status.COMPLETED:
        plan.final_report = (final_report or "").strip() or plan.final_report
        plan.completed_on = today
        fields += ["final_report", "completed_on"]
    plan.status = status
    plan.save(update_fields=fields)
    action = {
        Plan.Status.ADOPTED: "plan.adopted",
        Plan.Status.COMPLETED: "plan.completed",
    }.get(status, "plan.status_changed")
    log_action(
        action,
        actor=by,
        target=plan,
        changes={str(gettext_lazy("Status")): (before, plan.get_status_display())},
        data={
            "status": plan.get_status_display(),
            "body": plan.adopted_by,
            "case_number": plan.case_number,
            "date": plan.adopted_on.strftime("%d.%m.%Y") if plan.adopted_on else "",
        },
        text=plan.final_report if status == Plan.Status.COMPLETED else "",
    )
    return plan


@transaction.atomic
def plan_change_target_date(
    *, plan_id: int, by, new_date: dt.date, reason: str, decided_on: dt.date | None = None
) -> PlanTargetDateChange:
    """Postpone (or advance) the date the plan is to be finished; the change and its
    reason are kept as a dated row. Raises DomainError without a reason or a new date."""
    plan = Plan.objects.select_for_update().get(pk=plan_id)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Skriv hvorfor datoen endres."), field="reason")
    if plan.target_date == new_date:
        raise DomainError(_("Planen har allerede denne datoen."), field="new_date")
    change = PlanTargetDateChange.objects.create(
        plan=plan,
        decided_on=decided_on or timezone.localdate(),
        previous_date=plan.target_date,
        new_date=new_date,
        reason=reason,
        changed_by=by if getattr(by, "is_authenticated", False) else None,
    )
    previous = plan.target_date
    plan.target_date = new_date
    plan.save(update_fields=["target_date", "updated_at"])
    log_action(
        "plan.target_date_changed",
        actor=by,
        target=plan,
        text=reason,
        data={"new_date": new_date},
        changes={str(gettext_lazy("Planlagt sluttført")): (previous or "", new_date)},
    )
    return change


@transaction.atomic
def plan_group_member_add(
    *, plan: Plan, by, group: str, name: str, department: Department | None = None, role: str = ""
) -> PlanGroupMember:
    """Add a person to the plan's network or steering group."""
    if not (name or "").strip():
        raise DomainError(_("Skriv navnet."), field="name")
    member = PlanGroupMember.objects.create(
        plan=plan, group=group, name=name.strip(), department=department, role=role.strip()
    )
    log_action(
        "plan.group_member_added",
        actor=by,
        target=plan,
        data={"name": member.name, "group": member.get_group_display()},
    )
    return member


@transaction.atomic
def plan_group_member_remove(*, member_id: int, by) -> None:
    member = PlanGroupMember.objects.select_related("plan").get(pk=member_id)
    log_action(
        "plan.group_member_removed",
        actor=by,
        target=member.plan,
        data={"name": member.name, "group": member.get_group_display()},
    )
    member.delete()


DOCUMENT_MAX_BYTES = 50 * 1024 * 1024


@transaction.atomic
def plan_document_upload(
    *, plan: Plan, by, title: str, kind: str, document_date: dt.date, file
) -> PlanDocument:
    """Keep a plan document (the plan text, an analysis, an annex)."""
    _validate_texts(title)
    if file is None:
        raise DomainError(_("Velg en fil."), field="file")
    if file.size > DOCUMENT_MAX_BYTES:
        raise DomainError(_("Filen kan ikke være større enn 50 MB."), field="file")
    document = PlanDocument.objects.create(
        plan=plan,
        title=title.strip(),
        kind=kind,
        document_date=document_date,
        file=file,
        uploaded_by=by,
    )
    log_action("plan_document.uploaded", actor=by, target=document, plan=plan)
    return document


@transaction.atomic
def plan_document_delete(*, document_id: int, by) -> None:
    """Delete the document; its file goes only once the deletion is committed, so a
    rolled-back request never leaves a row whose file is gone."""
    document = PlanDocument.objects.select_related("plan").get(pk=document_id)
    log_action("plan_document.deleted", actor=by, target=document, plan=document.plan)
    storage, name = document.file.storage, document.file.name
    document.delete()
    transaction.on_commit(lambda: storage.delete(name))


# --- Departments (virksomheter), partners and people -----------------------------------

DEPARTMENT_FIELDS = {
    "name": gettext_lazy("Navn"),
    "short_name": gettext_lazy("Kortnavn"),
    "parent": gettext_lazy("Overordnet enhet"),
    "lead": gettext_lazy("Leder"),
    "is_external": gettext_lazy("Ekstern samarbeidspartner"),
    "email": gettext_lazy("E-post"),
}


def _check_department(name: str, parent: Department | None, exclude_pk: int | None) -> None:
    if not (name or "").strip():
        raise DomainError(_("Skriv navnet."), field="name")
    if Department.objects.filter(name__iexact=name.strip()).exclude(pk=exclude_pk).exists():
        raise DomainError(_("Det finnes allerede en virksomhet med dette navnet."), field="name")
    seen = set()
    while parent is not None:
        if parent.pk == exclude_pk or parent.pk in seen:
            raise DomainError(_("En enhet kan ikke ligge under seg selv."), field="parent")
        seen.add(parent.pk)
        parent = parent.parent


def _department_values(department: Department) -> dict[str, str]:
    values = _values(department, DEPARTMENT_FIELDS)
    values[str(DEPARTMENT_FIELDS["parent"])] = str(department.parent or "")
    values[str(DEPARTMENT_FIELDS["lead"])] = (
        display_name(department.lead) if department.lead else ""
    )
    values[str(gettext_lazy("Medarbeidere"))] = ", ".join(
        sorted(display_name(user) for user in department.members.all())
    )
    return values


@transaction.atomic
def department_save(
    *,
    by,
    department_id: int | None = None,
    name: str,
    short_name: str = "",
    parent: Department | None = None,
    lead=None,
    members=(),
    is_external: bool = False,
    email: str = "",
) -> Department:
    """Create (no id) or change a department, external partner included."""
    _check_department(name, parent, department_id)
    if department_id is None:
        department = Department()
        before = None
    else:
        department = Department.objects.select_for_update().get(pk=department_id)
        before = _department_values(department)
    department.name, department.short_name = name.strip(), (short_name or "").strip()
    department.parent, department.lead = parent, lead
    department.is_external, department.email = is_external, (email or "").strip()
    department.save()
    department.members.set(members)
    if before is None:
        log_action("department.created", actor=by, target=department)
    else:
        log_action(
            "department.updated",
            actor=by,
            target=department,
            changes=changes_between(before, _department_values(department)),
        )
    return department
