"""Generated data for tests and benchmarks: a large, made-up municipality.

`generate(measures=2000)` builds departments (avdelinger with kontor under them, some
external), staff, coordinators and politicians, an adopted plan with a completed
predecessor, goals, strategies, N measures in varied states with implementation plans,
activities, funding, reporting rounds and status updates, hearings with many responses,
indicator series and challenges. Steps: `people`, `plans`, `follow_up`, `hearings`,
`indicators`; word tables in `words.toml`.

Rules the generator keeps:
  * Deterministic: every choice comes from `random.Random(seed)` and every date from
    `today`, so the same seed and day give the same data (only the auto_now timestamps
    differ).
  * Separate from the demo: every slug, username, code and unique name carries the
    dataset's label `gen-s<seed>`. A second run with the same seed is refused
    (GenerateError); a run with another seed adds a second dataset.
  * Fast: rows are written with `bulk_create`, a few statements per table.
    django-simple-history writes no history rows on bulk_create; generated data therefore
    starts without history, which is fine for tests and benchmarks.
  * Coherent: status and progress agree, "last reported" is the newest status update,
    funding years lie inside the plan period, one open reporting round per plan.
  * Everything is marked illustrative (`is_illustrative`, "Generert:" in texts).
"""

from demo.generate.base import (
    GENERATED,
    MAX_DEPARTMENTS,
    MAX_MEASURES,
    MAX_OWNERS,
    PASSWORD,
    GenerateError,
    GenerateResult,
    label_for,
)
from demo.generate.build import generate, generate_small

__all__ = [
    "GENERATED",
    "MAX_DEPARTMENTS",
    "MAX_MEASURES",
    "MAX_OWNERS",
    "PASSWORD",
    "GenerateError",
    "GenerateResult",
    "generate",
    "generate_small",
    "label_for",
]
