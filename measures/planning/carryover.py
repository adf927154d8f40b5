"""Videreføring: carrying a plan's unfinished measures into its successor, in one
transaction and with a number of queries that does not grow with the number of measures.

    plan_carry_over(source_plan_id=…, target_plan_id=…, by=user,
                    measure_ids=[…], strategy_map={old strategy id: new strategy id},
                    final_report="…")

The steps, each one or a few bulk queries: check the two plans and the choice; read the
chosen measures; create the new measures (linked back by `carried_over_from`, owners kept
but asked to confirm again); copy their contributing departments and legal bases;
carry their challenges (`carry_challenges`); carry their open funding requests; write
one audit entry per new and per old measure; complete the old plan with its final report.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from analyses.models import Challenge
from bodobolig.audit import entry_for
from bodobolig.errors import DomainError
from bodobolig.models import AuditEntry
from measures import revisions
from measures.models import FundingRequest, Measure
from measures.status import FINISHED_STATUSES
from plans.models import Plan, Strategy
from plans.services import plan_change_status

# A successor takes measures at any point before it is completed.
OPEN_TARGET_STATUSES = {Plan.Status.DRAFT, Plan.Status.HEARING, Plan.Status.ADOPTED}
SOURCE_STATUSES = {Plan.Status.ADOPTED, Plan.Status.COMPLETED}
BULK_BATCH = 500


@dataclass(frozen=True)
class CarryOverResult:
    target_plan: Plan
    measures: int
    funding_requests: int
    challenges: int


def default_selection(measures: Iterable[Measure]) -> list[int]:
    """The measures pre-selected for carrying over: neither completed nor cancelled."""
    return [m.pk for m in measures if m.status not in FINISHED_STATUSES]


def default_strategy_map(source: Plan, target: Plan) -> dict[int, int]:
    """Old strategy id → new strategy id, matched by goal and strategy number, else by title."""
    new = list(Strategy.objects.filter(goal__plan=target).select_related("goal"))
    by_code = {(s.goal.number, s.number): s.pk for s in new}
    by_title = {s.title.strip().lower(): s.pk for s in new}
    mapping = {}
    for old in Strategy.objects.filter(goal__plan=source).select_related("goal"):
        found = by_code.get((old.goal.number, old.number)) or by_title.get(
            old.title.strip().lower()
        )
        if found:
            mapping[old.pk] = found
    return mapping


def _check_plans(source: Plan, target: Plan) -> None:
    if source.pk == target.pk:
        raise DomainError(_("Velg en annen plan å videreføre til."), field="target_plan")
    if source.status not in SOURCE_STATUSES:
        raise DomainError(
            _("Bare en vedtatt plan kan videreføres; denne har status «%(status)s».")
            % {"status": source.get_status_display()},
            field="target_plan",
        )
    if target.status not in OPEN_TARGET_STATUSES:
        raise DomainError(
            _("Planen «%(plan)s» er avsluttet og kan ikke ta imot tiltak.") % {"plan": target},
            field="target_plan",
        )
    if target.predecessor_id not in (None, source.pk):
        raise DomainError(
            _("Planen «%(plan)s» viderefører allerede en annen plan.") % {"plan": target},
            field="target_plan",
        )


def _next_codes(target: Plan, chosen: list[Measure], strategy_map, strategies) -> list[tuple]:
    """(number, code) for each chosen measure under its new strategy: the old number when it
    is free there, else the next free one. One query whatever the number of measures."""
    taken_codes = set(Measure.objects.filter(plan=target).values_list("code", flat=True))
    highest: dict[str, int] = {}  # "1.2." -> the highest number used under it
    for code in taken_codes:
        prefix, _dot, last = code.rpartition(".")
        if last.isdigit():
            highest[prefix + "."] = max(highest.get(prefix + ".", 0), int(last))
    result = []
    for measure in chosen:
        strategy = strategies[strategy_map[measure.strategy_id]]
        prefix = f"{strategy.goal.number}.{strategy.number}."
        number = measure.number
        if f"{prefix}{number}" in taken_codes:
            number = highest.get(prefix, 0) + 1
        code = f"{prefix}{number}"
        taken_codes.add(code)
        highest[prefix] = max(highest.get(prefix, 0), number)
        result.append((number, code))
    return result


def carry_challenges(pairs: list[tuple[Measure, Measure]], target: Plan) -> int:
    """Carry the challenges the old measures answer to the new plan: each challenge is
    copied once under the new plan's goal with the same number (kept when a challenge of
    that title is already there) and the new measures answer the copies.

    Like analyses.services.copy_challenges_for_successor (the coordinator's own carry of
    challenges), each copy remembers its original (`carried_over_from`); this one works
    in bulk so the carry-over's query count does not grow with the plan. Returns the
    number of links made.
    """
    through = Measure.challenges.through
    old_ids = [old.pk for old, _new in pairs]
    links = list(
        through.objects.filter(measure_id__in=old_ids).values_list("measure_id", "challenge_id")
    )
    if not links:
        return 0
    old_challenges = {
        c.pk: c
        for c in Challenge.objects.filter(pk__in={c for _m, c in links}).select_related("goal")
    }
    new_goals = {g.number: g for g in target.goals.all()}
    existing = {(c.goal_id, c.title): c for c in Challenge.objects.filter(goal__plan=target)}
    copies: dict[int, Challenge] = {}
    to_create = []
    for challenge in old_challenges.values():
        goal = new_goals.get(challenge.goal.number)
        if goal is None:
            continue
        found = existing.get((goal.pk, challenge.title))
        if found is None:
            found = Challenge(
                goal=goal,
                area=challenge.area,
                title=challenge.title,
                evidence=challenge.evidence,
                analysis_id=challenge.analysis_id,
                carried_over_from=challenge,
            )
            to_create.append(found)
            existing[(goal.pk, challenge.title)] = found
        copies[challenge.pk] = found
    Challenge.objects.bulk_create(to_create)
    new_for_old = {old.pk: new.pk for old, new in pairs}
    rows = [
        through(measure_id=new_for_old[measure_id], challenge_id=copies[challenge_id].pk)
        for measure_id, challenge_id in links
        if challenge_id in copies
    ]
    through.objects.bulk_create(rows, batch_size=BULK_BATCH)
    return len(rows)


def _copy_m2m(field: str, pairs: list[tuple[Measure, Measure]]) -> None:
    through = getattr(Measure, field).through
    target_column = getattr(Measure, field).field.m2m_reverse_field_name()
    new_for_old = {old.pk: new.pk for old, new in pairs}
    rows = through.objects.filter(measure_id__in=new_for_old).values_list(
        "measure_id", f"{target_column}_id"
    )
    through.objects.bulk_create(
        [
            through(**{"measure_id": new_for_old[m], f"{target_column}_id": other})
            for m, other in rows
        ],
        batch_size=BULK_BATCH,
    )


def _carry_funding(pairs: list[tuple[Measure, Measure]], target: Plan) -> int:
    """Open (still requested) funding for the new period's years follows the measure."""
    new_for_old = {old.pk: new for old, new in pairs}
    open_requests = FundingRequest.objects.filter(
        measure_id__in=new_for_old,
        status=FundingRequest.Status.REQUESTED,
        year__gte=target.period_start,
    )
    carried = [
        FundingRequest(
            measure=new_for_old[request.measure_id],
            year=request.year,
            amount=request.amount,
            source=request.source,
            carried_over_from=request,
        )
        for request in open_requests
    ]
    FundingRequest.objects.bulk_create(carried, batch_size=BULK_BATCH)
    return len(carried)


@transaction.atomic
def plan_carry_over(
    *,
    source_plan_id: int,
    target_plan_id: int,
    by,
    measure_ids: Iterable[int],
    strategy_map: dict[int, int],
    final_report: str = "",
    today: dt.date | None = None,
) -> CarryOverResult:
    """Carry the chosen measures of the source plan into the target plan and complete the
    source plan with its final report. All or nothing.

    Raises DomainError: on "target_plan" for plans that cannot take part, on "measures"
    for an empty choice, a measure of another plan or one the target already holds, on
    "strategies" for a measure whose strategy is not mapped to one of the target's.
    """
    plans = {
        p.pk: p
        for p in Plan.objects.select_for_update().filter(pk__in=[source_plan_id, target_plan_id])
    }
    source, target = plans[source_plan_id], plans[target_plan_id]
    _check_plans(source, target)
    measure_ids = sorted(set(measure_ids))
    if not measure_ids:
        raise DomainError(_("Velg minst ett tiltak å videreføre."), field="measures")
    chosen = list(
        Measure.objects.filter(pk__in=measure_ids)
        .select_related("responsible_person")
        .order_by("code")
    )
    if len(chosen) != len(measure_ids) or any(m.plan_id != source.pk for m in chosen):
        raise DomainError(_("Noen av tiltakene hører ikke til planen."), field="measures")
    already = list(
        Measure.objects.filter(plan=target, carried_over_from_id__in=measure_ids)
        .order_by("code")
        .values_list("carried_over_from__code", flat=True)
    )
    if already:
        raise DomainError(
            _("Planen «%(plan)s» har allerede disse tiltakene videreført: %(codes)s.")
            % {"plan": target, "codes": ", ".join(already)},
            field="measures",
        )
    strategies = {
        s.pk: s for s in Strategy.objects.filter(goal__plan=target).select_related("goal")
    }
    unmapped = sorted({m.code for m in chosen if strategy_map.get(m.strategy_id) not in strategies})
    if unmapped:
        raise DomainError(
            _("Velg en strategi i den nye planen for tiltakene %(codes)s.")
            % {"codes": ", ".join(unmapped)},
            field="strategies",
        )
    gone = sorted(m.code for m in chosen if not m.responsible_person.is_active)
    if gone:
        raise DomainError(
            _(
                "Hovedansvarlig for %(codes)s har sluttet. Overfør tiltakene til en ny "
                "hovedansvarlig før de videreføres."
            )
            % {"codes": ", ".join(gone)},
            field="measures",
        )

    period_start = dt.date(target.period_start, 1, 1)
    new_measures = [
        Measure(
            plan=target,
            strategy_id=strategy_map[old.strategy_id],
            number=number,
            code=code,
            title=old.title,
            description=old.description,
            responsible_department_id=old.responsible_department_id,
            responsible_person_id=old.responsible_person_id,
            status=old.status,
            progress=old.progress,
            planned_start=old.planned_start,
            planned_end=old.planned_end
            if old.planned_end and old.planned_end >= period_start
            else None,
            cost_estimate=old.cost_estimate,
            carried_over_from=old,
            is_illustrative=old.is_illustrative,
            owner_confirmed_at=None,  # the owner must accept the responsibility again
        )
        for old, (number, code) in zip(
            chosen, _next_codes(target, chosen, strategy_map, strategies), strict=True
        )
    ]
    reason = _("Videreført fra %(plan)s") % {"plan": source}
    bulk_create_with_history(
        new_measures,
        Measure,
        batch_size=BULK_BATCH,
        default_user=by,
        default_change_reason=reason[:100],
    )
    if any(m.pk is None for m in new_measures):
        # Databases that return no keys from a bulk insert: read them back by code.
        by_code = dict(Measure.objects.filter(plan=target).values_list("code", "pk"))
        for measure in new_measures:
            measure.pk = measure.id = by_code[measure.code]
    # Bulk inserts send no signals: the target plan's counts change all the same.
    revisions.changed(target.pk)
    pairs = list(zip(chosen, new_measures, strict=True))
    _copy_m2m("contributing_departments", pairs)
    _copy_m2m("legal_bases", pairs)
    challenges = carry_challenges(pairs, target)
    funding = _carry_funding(pairs, target)

    entries = []
    for old, new in pairs:
        entries.append(
            entry_for(
                "measure.carried_over",
                actor=by,
                target=new,
                data={"old_code": old.code, "plan": str(source)},
            )
        )
        entries.append(
            entry_for(
                "measure.carried_forward",
                actor=by,
                target=old,
                data={"new_code": new.code, "plan": str(target)},
            )
        )
    entries.append(
        entry_for(
            "plan.measures_carried_over",
            actor=by,
            target=target,
            data={"count": len(pairs), "plan": str(source)},
        )
    )
    AuditEntry.objects.bulk_create(entries, batch_size=BULK_BATCH)

    if target.predecessor_id is None:
        target.predecessor = source
        target.save(update_fields=["predecessor", "updated_at"])
    if source.status != Plan.Status.COMPLETED:
        plan_change_status(
            plan_id=source.pk,
            by=by,
            status=Plan.Status.COMPLETED,
            final_report=final_report,
            today=today,
        )
    return CarryOverResult(
        target_plan=target,
        measures=len(pairs),
        funding_requests=funding,
        challenges=challenges,
    )
