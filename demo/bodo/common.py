"""Names and helpers every step of the Bodø demo shares."""

from __future__ import annotations

import datetime as dt

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from measures.models import Measure, StatusUpdate

DEMO_PASSWORD = "bolig2014"
ILLUSTRATIVE = "Illustrativt eksempel: "
HISTORIC_SLUG = "boligpolitisk-handlingsplan-2014-2017"
CURRENT_SLUG = "boligpolitisk-handlingsplan-videreforing"


def aware(day: dt.date, hour: int = 10) -> dt.datetime:
    """A timezone-aware moment on `day` (10:00 local time unless told)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def sync_last_reported(plans) -> None:
    """Set each measure's `last_reported_at` to its newest status update, NULL when none.

    One rule for the whole demo: "Sist rapportert" is only ever the date of a real update.
    """
    newest = (
        StatusUpdate.objects.filter(measure=OuterRef("pk"))
        .order_by("-submitted_at")
        .values("submitted_at")[:1]
    )
    Measure.objects.filter(plan__in=plans).update(last_reported_at=Subquery(newest))
