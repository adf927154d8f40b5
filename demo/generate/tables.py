"""The generator's word tables (`words.toml`) and its weighted mixes of states."""

from __future__ import annotations

import tomllib
from pathlib import Path

from measures.models import ImplementationPlan, MeasureStatus

with (Path(__file__).resolve().parent / "words.toml").open("rb") as _file:
    _WORDS = tomllib.load(_file)

FIRST_NAMES: list[str] = _WORDS["first_names"]
LAST_NAMES: list[str] = _WORDS["last_names"]
AVDELINGER: list[str] = _WORDS["avdelinger"]
KONTOR: list[str] = _WORDS["kontor"]
EXTERNAL: list[str] = _WORDS["external"]
STRATEGY_WORDS: list[str] = _WORDS["strategy_words"]
STRATEGY_TOPICS: list[str] = _WORDS["strategy_topics"]
MEASURE_VERBS: list[str] = _WORDS["measure_verbs"]
MEASURE_OBJECTS: list[str] = _WORDS["measure_objects"]
DISTRICTS: list[str] = _WORDS["districts"]
UPDATE_TEXTS: list[str] = _WORDS["update_texts"]
RESPONSE_TEXTS: list[str] = _WORDS["response_texts"]
# (title, statement) per goal.
GOALS: list[tuple[str, str]] = [(goal["title"], goal["statement"]) for goal in _WORDS["goals"]]
# (code, name, unit, source, base level, goal number) per indicator.
INDICATORS: list[tuple] = [
    (i["code"], i["name"], i["unit"], i["source"], i["base"], i["goal"])
    for i in _WORDS["indicators"]
]
# (name, category) per consultee.
CONSULTEE_NAMES: list[tuple[str, str]] = [(c["name"], c["category"]) for c in _WORDS["consultees"]]

ASCII = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "Ae", "Ø": "O", "Å": "A"})

# Measure status → (weight, progress range). Completed is always 100 and not started 0.
STATUS_MIX = [
    (MeasureStatus.NOT_STARTED, 15, (0, 0)),
    (MeasureStatus.PLANNED, 15, (0, 10)),
    (MeasureStatus.IN_PROGRESS, 50, (10, 90)),
    (MeasureStatus.COMPLETED, 10, (100, 100)),
    (MeasureStatus.POSTPONED, 6, (5, 60)),
    (MeasureStatus.CANCELLED, 4, (0, 40)),
]
IP = ImplementationPlan.Status
# Implementation plan state → (weight, due date offset range in days from today).
IP_MIX = [
    (IP.ORDERED, 25, (-30, 30)),
    (IP.DRAFT, 20, (-20, 20)),
    (IP.SUBMITTED, 15, (-15, 10)),
    (IP.RETURNED, 10, (-40, 5)),
    (IP.APPROVED, 30, (-200, -20)),
]
