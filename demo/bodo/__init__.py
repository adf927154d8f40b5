"""The Bodø demo: the 2014–2017 plan as the sources describe it, and an illustrative successor.

Facts (goal statements, process steps, departments, consultees, Bolig Nu, Foyer Bodø, the
baseline of about 160 dwellings a year before the plan against a need of 300–400, population
figures) come from the case description and the sources in shared/DOMAIN.md, and sit in
`data/*.toml` with their sources. Everything the sources do not give — the numbered
strategies and measures, owners' names, dates inside a month, targets, the successor plan —
is marked illustrative in the data itself ("Illustrativt eksempel: ", `is_illustrative`).

Steps: `people` (users, departments, legal bases), `historic` (the 2014–2017 plan),
`current` (the successor and its follow-up state relative to today), `analyses`, `hearing`;
`loader.load_demo` runs them in one transaction.
"""

from demo.bodo.common import CURRENT_SLUG, DEMO_PASSWORD, HISTORIC_SLUG, ILLUSTRATIVE
from demo.bodo.loader import DemoResult, load_demo
from demo.bodo.tables import GOALS
from demo.dates import aware

__all__ = [
    "CURRENT_SLUG",
    "DEMO_PASSWORD",
    "GOALS",
    "HISTORIC_SLUG",
    "ILLUSTRATIVE",
    "DemoResult",
    "aware",
    "load_demo",
]
