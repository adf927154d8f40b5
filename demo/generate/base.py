"""What every step of the generator shares: limits, errors, the result and the run state."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from plans.models import Plan

PASSWORD = "bolig2014"  # the demo's password, so generated users can log in too
GENERATED = "Generert: "
MAX_MEASURES = 50_000
MAX_OWNERS = 20_000
MAX_DEPARTMENTS = 2_000


class GenerateError(ValueError):
    """Arguments the generator refuses, with a message for the command line."""


@dataclass
class GenerateResult:
    label: str
    plan_id: int
    predecessor_id: int
    seconds: float
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def plan(self) -> Plan:
        return Plan.objects.get(pk=self.plan_id)

    def summary(self) -> str:
        return ", ".join(f"{count} {name}" for name, count in self.counts.items())


class Run:
    """The state of one generation run; each step adds its rows here and counts them."""

    def __init__(self, *, rng: random.Random, label: str, today: dt.date):
        self.rng = rng
        self.label = label
        self.today = today
        self.counts: dict[str, int] = {}

    def bulk(self, model, objs: list, name: str | None = None) -> list:
        created = model.objects.bulk_create(objs, batch_size=2000)
        if name:
            self.counts[name] = self.counts.get(name, 0) + len(created)
        return created


def label_for(seed: int) -> str:
    return f"gen-s{seed}"


def weighted(rng: random.Random, mix):
    return rng.choices(mix, weights=[m[1] for m in mix])[0]


def validate(**args: int) -> None:
    limits = {
        "measures": (1, MAX_MEASURES),
        "owners": (1, MAX_OWNERS),
        "departments": (1, MAX_DEPARTMENTS),
        "hearings": (0, 100),
        "responses_per_hearing": (0, 10_000),
        "updates_per_measure": (0, 20),
    }
    for name, value in args.items():
        low, high = limits[name]
        if isinstance(value, bool) or not isinstance(value, int):
            raise GenerateError(f"--{name} må være et helt tall, ikke {value!r}.")
        if not low <= value <= high:
            raise GenerateError(f"--{name} må være mellom {low} og {high} (fikk {value}).")
    if args["owners"] < args["departments"]:
        raise GenerateError(
            f"Antall ansatte (--owners {args['owners']}) må være minst like stort som antall "
            f"virksomheter (--departments {args['departments']}): hver virksomhet har en leder."
        )
