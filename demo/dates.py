"""Dates for the demo and the generator: a day as a moment in the site's time zone."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def aware(day: dt.date, hour: int = 10) -> dt.datetime:
    """A timezone-aware moment on `day` (10:00 local time unless told)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))
