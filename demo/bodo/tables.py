"""The Bodø demo's data tables, read from `data/*.toml` once at import.

The TOML files hold the facts (with their sources in comments) and the illustrative
entries; the builder modules only turn them into rows.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


def _load(name: str) -> dict:
    with (DATA / name).open("rb") as file:
        return tomllib.load(file)


_PLAN = _load("plan_2014_2017.toml")
_ORGANISATION = _load("organisation.toml")
_HEARING = _load("hearing.toml")
_ANALYSES = _load("analyses.toml")

# (number, title, statement) per goal, in the plan's order.
GOALS: list[tuple[int, str, str]] = [
    (goal["number"], goal["title"], goal["statement"]) for goal in _PLAN["goals"]
]
# Goal number → the challenges mapped under it (seed, «Bakgrunn»).
CHALLENGES: dict[int, list[str]] = {goal["number"]: goal["challenges"] for goal in _PLAN["goals"]}
MILESTONES: list[dict] = _PLAN["milestones"]
LEGAL_BASES: list[dict] = _PLAN["legal_bases"]

DEPARTMENTS: list[dict] = _ORGANISATION["departments"]
USERS: list[dict] = _ORGANISATION["users"]

# Goal number → [{"title", "measures": [...]}], strategies numbered in file order.
STRATEGIES: dict[int, list[dict]] = {}
for _strategy in _load("measures.toml")["strategies"]:
    STRATEGIES.setdefault(_strategy["goal"], []).append(_strategy)

CONSULTEES: list[dict] = _HEARING["consultees"]
MEETINGS: list[str] = [meeting["title"] for meeting in _HEARING["meetings"]]
PRESENTATIONS: list[dict] = _HEARING["presentations"]

ANALYSES: list[dict] = _ANALYSES["analyses"]
INDICATORS: list[dict] = _ANALYSES["indicators"]
REGIONS: list[dict] = _ANALYSES["regions"]
