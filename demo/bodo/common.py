"""Names and helpers every step of the Bodø demo shares."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

DEMO_PASSWORD = "bolig2014"
ILLUSTRATIVE = "Illustrativt eksempel: "
HISTORIC_SLUG = "boligpolitisk-handlingsplan-2014-2017"
CURRENT_SLUG = "boligpolitisk-handlingsplan-videreforing"


def aware(day: dt.date, hour: int = 10) -> dt.datetime:
    """A timezone-aware moment on `day` (10:00 local time unless told)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))
