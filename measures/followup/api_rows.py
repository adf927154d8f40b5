"""The API's measure rows: one plain SQL statement for a page of measures (the list and
the detail of `/api/v1/measures/`), without model instances, which cost most of a page."""

from __future__ import annotations

import datetime as dt
from collections import namedtuple
from decimal import Decimal

from django.db import connection

from measures.models import Measure

# One API measure row (`measure_api_rows`): the measure, its strategy and goal numbers, owner
# department and person, its implementation plan's state, and its newest status update
# (the same rule as `Measure.objects.with_last_reported()`: latest `submitted_at`, then
# highest id). Plain SQL, the same on SQLite and PostgreSQL; the tables and columns are
# the models' (`measures.models`, `plans.models`, `auth.User`).
_MEASURE_API_SQL = """
SELECT
    m.id, m.plan_id, m.strategy_id, s.number, s.goal_id, g.number,
    m.code, m.title, m.description,
    m.responsible_department_id, d.name,
    m.responsible_person_id, p.first_name, p.last_name, p.username,
    m.status, m.progress, m.planned_start, m.planned_end, m.cost_estimate,
    m.is_illustrative, m.created_at, m.version, m.updated_at,
    ip.id, ip.status, ip.due_date,
    u.id, u.status, u.progress, u.text, u.submitted_at
FROM measures_measure m
JOIN plans_strategy s ON s.id = m.strategy_id
JOIN plans_goal g ON g.id = s.goal_id
JOIN plans_department d ON d.id = m.responsible_department_id
JOIN auth_user p ON p.id = m.responsible_person_id
LEFT JOIN measures_implementationplan ip ON ip.measure_id = m.id
LEFT JOIN measures_statusupdate u ON u.id = (
    SELECT newest.id FROM measures_statusupdate newest
    WHERE newest.measure_id = m.id
    ORDER BY newest.submitted_at DESC, newest.id DESC
    LIMIT 1
)
WHERE m.id IN ({placeholders})
"""

# The names of the measure's part of a row, as the serializer reads them.
MEASURE_API_COLUMNS = (
    "id",
    "plan_id",
    "strategy_id",
    "strategy__number",
    "strategy__goal_id",
    "strategy__goal__number",
    "code",
    "title",
    "description",
    "responsible_department_id",
    "responsible_department__name",
    "responsible_person_id",
    "responsible_person__first_name",
    "responsible_person__last_name",
    "responsible_person__username",
    "status",
    "progress",
    "planned_start",
    "planned_end",
    "cost_estimate",
    "is_illustrative",
    "created_at",
    "version",
    "updated_at",
    "implementation_plan__id",
    "implementation_plan__status",
    "implementation_plan__due_date",
)
MeasureApiRow = namedtuple("MeasureApiRow", MEASURE_API_COLUMNS)
_UPDATE_KEYS = ("id", "status", "progress", "text", "submitted_at")

_CREATED_AT = MEASURE_API_COLUMNS.index("created_at")
_UPDATED_AT = MEASURE_API_COLUMNS.index("updated_at")
_COST = MEASURE_API_COLUMNS.index("cost_estimate")
_COST_QUANTUM = Decimal(1).scaleb(-Measure._meta.get_field("cost_estimate").decimal_places)


def _aware(value: dt.datetime | None, zone) -> dt.datetime | None:
    """What the ORM makes of a datetime column: SQLite hands back naive values in the
    connection's time zone (UTC), PostgreSQL aware ones."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=zone)


def measure_api_rows(ids: list[int]) -> list[tuple]:
    """The API's rows of these measures (already filtered for the reader), in the order of
    `ids`: pairs of a `MeasureApiRow` and the measure's newest status update (a dict, or
    None).

    One query whatever the count, with no ORM in between: model instances cost most of a
    100-row page, and compiling the equivalent queryset and converting its columns one by
    one cost more than the query itself (benchmarks/api.py). The conversions the ORM would
    make are done here: aware datetimes, the cost rounded as the field stores it (SQLite
    returns dates and booleans already converted; PostgreSQL everything)."""
    if not ids:
        return []
    width = len(MEASURE_API_COLUMNS)
    zone = connection.timezone
    found = {}
    with connection.cursor() as cursor:
        cursor.execute(_MEASURE_API_SQL.format(placeholders=", ".join(["%s"] * len(ids))), ids)
        for values in cursor.fetchall():
            measure = list(values[:width])
            measure[_CREATED_AT] = _aware(measure[_CREATED_AT], zone)
            measure[_UPDATED_AT] = _aware(measure[_UPDATED_AT], zone)
            if measure[_COST] is not None:
                measure[_COST] = Decimal(measure[_COST]).quantize(_COST_QUANTUM)
            update = None
            if values[width] is not None:
                update = dict(zip(_UPDATE_KEYS, values[width:], strict=True))
                update["submitted_at"] = _aware(update["submitted_at"], zone)
            found[measure[0]] = (MeasureApiRow._make(measure), update)
    return [found[pk] for pk in ids]
