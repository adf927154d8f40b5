"""Changes of state on the measure side of the plan's life: funding decisions, the yearly
work plan, ongoing projects and handing over the measures of a person who leaves.

Each function is one change in one transaction that writes its audit entry; bad input
raises DomainError with the field it belongs to (STYLE.md)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bodobolig.audit import changes_between, log_action
from bodobolig.errors import DomainError
from bodobolig.people import display_name
from bodobolig.validators import validate_case_number
from measures.models import (
    FUNDING_AMOUNT_CAP,
    FundingRequest,
    Measure,
    OngoingProject,
    WorkPlanItem,
)
from measures.register.services import measure_reassign
from measures.status import ACTIVE_STATUSES
from plans.models import Department, Plan, WorkPlan
from plans.services import DECISION_BODIES

# --- Funding decisions -------------------------------------------------------------

FUNDING_FIELDS = {
    "status": gettext_lazy("Status"),
    "granted_amount": gettext_lazy("Innvilget (kr)"),
    "decision_body": gettext_lazy("Vedtatt av"),
    "decided_on": gettext_lazy("Vedtaksdato"),
    "decision_case_number": gettext_lazy("Saksnummer"),
    "in_economy_plan": gettext_lazy("Tatt inn i økonomiplanen"),
}


def _funding_values(request: FundingRequest) -> dict[str, object]:
    values = {str(label): getattr(request, name) for name, label in FUNDING_FIELDS.items()}
    values[str(FUNDING_FIELDS["status"])] = request.get_status_display()
    values[str(FUNDING_FIELDS["in_economy_plan"])] = (
        _("Ja") if request.in_economy_plan else _("Nei")
    )
    return values


def funding_decision_status(amount: Decimal, granted: Decimal) -> str:
    """What a decision of `granted` kroner on a request of `amount` is called."""
    if granted <= 0:
        return FundingRequest.Status.REJECTED
    if granted < amount:
        return FundingRequest.Status.PARTLY
    return FundingRequest.Status.GRANTED


@transaction.atomic
def funding_decide(
    *,
    funding_request_id: int,
    by,
    granted_amount: Decimal,
    decision_body: str,
    decided_on: dt.date,
    decision_case_number: str,
    in_economy_plan: bool = False,
    today: dt.date | None = None,
) -> FundingRequest:
    """Record the political decision on a funding request: the granted amount (0 is a
    rejection, less than requested a partial grant), the body, date and case number and
    whether it enters the economy plan.

    Raises DomainError on the field: a negative or absurd amount (over
    FUNDING_AMOUNT_CAP), an unknown body, a date in the future, a malformed case number.
    """
    request = (
        FundingRequest.objects.select_for_update()
        .select_related("measure")
        .get(pk=funding_request_id)
    )
    if granted_amount is None or granted_amount < 0:
        raise DomainError(
            _("Skriv innvilget beløp (0 hvis søknaden ble avslått)."), field="granted_amount"
        )
    if granted_amount > FUNDING_AMOUNT_CAP:
        raise DomainError(
            _(
                "%(amount)s kr er mer enn noe tiltak kan få innvilget (høyst %(cap)s kr). "
                "Sjekk antall nuller."
            )
            % {
                "amount": f"{granted_amount:,.0f}".replace(",", " "),
                "cap": f"{FUNDING_AMOUNT_CAP:,}".replace(",", " "),
            },
            field="granted_amount",
        )
    if decision_body not in DECISION_BODIES:
        raise DomainError(_("Velg hvem som fattet vedtaket."), field="decision_body")
    if decided_on is None:
        raise DomainError(_("Skriv vedtaksdatoen."), field="decided_on")
    if decided_on > (today or timezone.localdate()):
        raise DomainError(_("Vedtaksdatoen kan ikke være fram i tid."), field="decided_on")
    case_number = (decision_case_number or "").strip()
    if not case_number:
        raise DomainError(_("Skriv vedtakets saksnummer."), field="decision_case_number")
    try:
        validate_case_number(case_number)
    except Exception as error:  # django ValidationError: the message is the one to show
        raise DomainError(error.messages[0], field="decision_case_number") from None
    before = _funding_values(request)
    request.granted_amount = granted_amount
    request.status = funding_decision_status(request.amount, granted_amount)
    request.decision_body, request.decided_on = decision_body, decided_on
    request.decision_case_number, request.in_economy_plan = case_number, in_economy_plan
    request.save(
        update_fields=[
            "granted_amount",
            "status",
            "decision_body",
            "decided_on",
            "decision_case_number",
            "in_economy_plan",
        ]
    )
    log_funding_decision(request, by=by, before=before)
    return request


def log_funding_decision(request: FundingRequest, *, by, before: dict) -> None:
    """The audit entry of a funding decision (also written for the admin's edits)."""
    log_action(
        "funding_request.decided",
        actor=by,
        target=request,
        measure=request.measure,
        data={"year": request.year},
        changes=changes_between(before, _funding_values(request)),
    )


def funding_values(request: FundingRequest) -> dict[str, object]:
    """The decision's fields as the audit trail shows them (label -> value)."""
    return _funding_values(request)


# --- The yearly work plan (arbeidsplan) ---------------------------------------------


@transaction.atomic
def work_plan_create(*, plan: Plan, by, year: int, title: str = "") -> WorkPlan:
    """The year's work plan with one item for each active measure of the plan (owner as
    responsible). Raises DomainError for a year outside the plan period or taken."""
    if not plan.period_start <= year <= plan.period_end:
        raise DomainError(
            _("Velg et år i planperioden %(start)s–%(end)s.")
            % {"start": plan.period_start, "end": plan.period_end},
            field="year",
        )
    if WorkPlan.objects.filter(plan=plan, year=year).exists():
        raise DomainError(
            _("Planen har allerede en arbeidsplan for %(year)s.") % {"year": year}, field="year"
        )
    work_plan = WorkPlan.objects.create(
        plan=plan,
        year=year,
        title=(title or "").strip() or _("Boligpolitisk arbeidsplan %(year)s") % {"year": year},
    )
    measures = Measure.objects.filter(plan=plan, status__in=ACTIVE_STATUSES).values_list(
        "pk", "responsible_person_id"
    )
    items = WorkPlanItem.objects.bulk_create(
        [
            WorkPlanItem(work_plan=work_plan, measure_id=pk, responsible_id=person)
            for pk, person in measures
        ],
        batch_size=500,
    )
    log_action(
        "work_plan.created", actor=by, target=work_plan, plan=plan, data={"count": len(items)}
    )
    return work_plan


ITEM_FIELDS = {
    "target": gettext_lazy("Årets mål"),
    "responsible": gettext_lazy("Ansvarlig"),
    "quarter": gettext_lazy("Kvartal"),
    "due_date": gettext_lazy("Dato"),
    "state": gettext_lazy("Tilstand"),
}


def _item_values(item: WorkPlanItem) -> dict[str, object]:
    values = {str(label): getattr(item, name) for name, label in ITEM_FIELDS.items()}
    values[str(ITEM_FIELDS["responsible"])] = (
        display_name(item.responsible) if item.responsible_id else ""
    )
    values[str(ITEM_FIELDS["state"])] = item.get_state_display()
    return values


@transaction.atomic
def work_plan_item_update(
    *,
    item_id: int,
    by,
    target: str = "",
    responsible=None,
    quarter: int | None = None,
    due_date: dt.date | None = None,
    state: str = WorkPlanItem.State.PLANNED,
) -> WorkPlanItem:
    """Change one line of the work plan. Raises DomainError for a quarter outside 1–4 or a
    date outside the work plan's year."""
    item = (
        WorkPlanItem.objects.select_for_update()
        .select_related("work_plan", "measure")
        .get(pk=item_id)
    )
    if quarter is not None and not 1 <= quarter <= 4:
        raise DomainError(_("Kvartal må være 1, 2, 3 eller 4."), field="quarter")
    if due_date is not None and due_date.year != item.work_plan.year:
        raise DomainError(
            _("Datoen må ligge i %(year)s.") % {"year": item.work_plan.year}, field="due_date"
        )
    before = _item_values(item)
    item.target, item.responsible = (target or "").strip(), responsible
    item.quarter, item.due_date, item.state = quarter, due_date, state
    item.save()
    log_action(
        "work_plan.item_updated",
        actor=by,
        target=item.work_plan,
        measure=item.measure,
        plan=item.work_plan.plan,
        data={"code": item.measure.code},
        changes=changes_between(before, _item_values(item)),
    )
    return item


@transaction.atomic
def work_plan_publish(*, work_plan_id: int, by) -> WorkPlan:
    """Make the work plan readable for politicians."""
    work_plan = WorkPlan.objects.select_for_update().select_related("plan").get(pk=work_plan_id)
    if work_plan.published_at is not None:
        raise DomainError(_("Arbeidsplanen er allerede publisert."))
    work_plan.published_at = timezone.now()
    work_plan.save(update_fields=["published_at"])
    log_action("work_plan.published", actor=by, target=work_plan, plan=work_plan.plan)
    return work_plan


# --- Ongoing projects -----------------------------------------------------------------


@transaction.atomic
def ongoing_project_save(
    *,
    by,
    project_id: int | None = None,
    name: str,
    department: Department,
    start: dt.date | None = None,
    end: dt.date | None = None,
    contact=None,
    description: str = "",
    measures=(),
) -> OngoingProject:
    """Register or change an ongoing project in a department and the measures it serves."""
    if not (name or "").strip():
        raise DomainError(_("Skriv prosjektets navn."), field="name")
    if start and end and end < start:
        raise DomainError(_("Slutt kan ikke være før start."), field="end")
    project = (
        OngoingProject.objects.select_for_update().get(pk=project_id)
        if project_id
        else OngoingProject()
    )
    project.name, project.department = name.strip(), department
    project.start, project.end, project.contact = start, end, contact
    project.description = (description or "").strip()
    project.save()
    project.measures.set(measures)
    log_action("ongoing_project.saved", actor=by, target=project)
    return project


# --- A person who leaves ---------------------------------------------------------------


@transaction.atomic
def person_hand_over(*, person, by, assignments: list[dict]) -> int:
    """Give every measure `person` owns a new owner in one step, each with its reason.

    `assignments`: [{"measure_id", "department", "person", "reason"}, …] covering all of
    the person's measures. Raises DomainError (field "measures") when one is left out, and
    the reassignment's own errors (prefixed with the measure's code) otherwise.
    """
    owned = set(Measure.objects.filter(responsible_person=person).values_list("pk", flat=True))
    given = {a["measure_id"] for a in assignments}
    if owned - given:
        raise DomainError(
            _("Alle tiltakene til %(name)s må få ny hovedansvarlig.")
            % {"name": display_name(person)},
            field="measures",
        )
    codes = dict(Measure.objects.filter(pk__in=owned).values_list("pk", "code"))
    for assignment in assignments:
        if assignment["measure_id"] not in owned:
            continue
        try:
            measure_reassign(
                measure_id=assignment["measure_id"],
                user=by,
                department=assignment["department"],
                person=assignment["person"],
                reason=assignment["reason"],
            )
        except DomainError as error:
            # The handover form names its fields <field>_<measure id>.
            field = {"responsible_person": "person"}.get(error.field, error.field)
            raise DomainError(
                f"{codes[assignment['measure_id']]}: {error.message}",
                field=f"{field}_{assignment['measure_id']}" if field else None,
            ) from None
    return len(owned)
