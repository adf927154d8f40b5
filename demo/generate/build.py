"""`generate`: one run of the data generator, step by step, in one transaction."""

from __future__ import annotations

import datetime as dt
import random
import time

from django.db import transaction
from django.utils import timezone

from demo.generate import follow_up, indicators, people, plans
from demo.generate import hearings as hearing_step
from demo.generate.base import GenerateError, GenerateResult, Run, label_for, validate
from demo.trail import write_audit_trail
from plans.models import Plan


@transaction.atomic
def generate(
    *,
    measures: int,
    owners: int = 300,
    departments: int = 40,
    seed: int = 1,
    hearings: int = 3,
    responses_per_hearing: int = 200,
    updates_per_measure: int = 3,
    today: dt.date | None = None,
) -> GenerateResult:
    """Build one generated municipality; refuse a second one with the same seed."""
    started = time.perf_counter()
    validate(
        measures=measures,
        owners=owners,
        departments=departments,
        hearings=hearings,
        responses_per_hearing=responses_per_hearing,
        updates_per_measure=updates_per_measure,
    )
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise GenerateError(f"--seed må være et helt tall, ikke {seed!r}.")
    today = today or timezone.localdate()
    label = label_for(seed)
    if Plan.objects.filter(slug__startswith=f"{label}-").exists():
        raise GenerateError(
            f"Det finnes allerede genererte data med seed {seed} ({label}-…). Velg et annet "
            f"--seed for å legge til et datasett til, eller bruk en tom database."
        )
    run = Run(rng=random.Random(seed), label=label, today=today)
    people.users(run, owners=owners, departments=departments)
    people.departments(run, count=departments)
    plans.plans(run)
    plans.measures(run, count=measures)
    follow_up.implementation_plans(run)
    follow_up.reporting(run, updates_per_measure=updates_per_measure)
    run.counts["logginnslag"] = write_audit_trail(
        [run.predecessor, run.plan], coordinator=run.coordinators[0]
    )
    hearing_step.hearings(run, count=hearings, responses=responses_per_hearing)
    indicators.indicators(run)
    return GenerateResult(
        label=label,
        plan_id=run.plan.pk,
        predecessor_id=run.predecessor.pk,
        seconds=time.perf_counter() - started,
        counts=run.counts,
    )


def generate_small(**overrides) -> GenerateResult:
    """A small municipality for tests: 30 measures, 20 staff, 5 departments, little else.

    Call it inside a test with database access (`db` fixture); pass any of
    `generate`'s arguments to override. `today` defaults to the real day.
    """
    arguments = {
        "measures": 30,
        "owners": 20,
        "departments": 5,
        "hearings": 1,
        "responses_per_hearing": 10,
        "updates_per_measure": 2,
    }
    arguments.update(overrides)
    return generate(**arguments)
