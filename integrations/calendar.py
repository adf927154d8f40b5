"""A user's deadlines as an iCalendar feed (RFC 5545, built with the icalendar library).

Deadlines are dates, so each is an all-day event; the calendar names Europe/Oslo as its
time zone (VTIMEZONE and X-WR-TIMEZONE) so Outlook and Google put them on the Oslo day.
Each event's UID names the thing it is about, so a refetch updates the same event.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, Timezone

from bodobolig import permissions
from hearings.models import Hearing
from measures.followup.selectors import owed_items, owed_rows
from measures.models import (
    ImplementationActivity,
    ImplementationPlan,
    ReportingRound,
    WorkPlanItem,
)
from measures.status import OPEN_IMPLEMENTATION_PLAN_STATUSES
from plans.models import Plan

TIME_ZONE = "Europe/Oslo"
UID_DOMAIN = "bodobolig"


@dataclass(frozen=True)
class Deadline:
    uid: str
    date: dt.date
    summary: str
    description: str
    path: str


def deadlines_for(user, *, today: dt.date | None = None) -> list[Deadline]:
    """What the user owes or follows, by date: implementation plans and status updates their
    measures owe, activities and work-plan lines they are responsible for, and for the
    coordinator the open rounds, the implementation plans due per day and the hearing
    deadlines."""
    today = today or timezone.localdate()
    deadlines: list[Deadline] = []
    if permissions.is_staff_member(user):
        for owed in owed_items(owed_rows(user), today):
            deadlines.append(
                Deadline(
                    uid=f"{owed.kind}-{slugify(owed.url)}",
                    date=owed.due_date,
                    summary=f"{owed.measure.code} {owed.label}",
                    description=owed.measure.title,
                    path=owed.url,
                )
            )
        activities = ImplementationActivity.objects.filter(
            responsible=user,
            completed_at__isnull=True,
            due_date__isnull=False,
            implementation_plan__status=ImplementationPlan.Status.APPROVED,
        ).select_related("implementation_plan__measure")
        for activity in activities:
            measure = activity.implementation_plan.measure
            deadlines.append(
                Deadline(
                    uid=f"activity-{activity.pk}",
                    date=activity.due_date,
                    summary=_("Aktivitet: %(title)s (%(code)s)")
                    % {"title": activity.title, "code": measure.code},
                    description=measure.title,
                    path=measure.get_absolute_url(),
                )
            )
        deadlines += _work_plan_deadlines(user)
    if permissions.is_coordinator(user):
        deadlines += _coordinator_deadlines()
    deadlines.sort(key=lambda d: (d.date, d.uid))
    return deadlines


def _work_plan_deadlines(user) -> list[Deadline]:
    """The dated work-plan lines the user is responsible for (a line's `responsible`, who
    starts as the measure's owner), while the line is still to do and its plan not
    completed."""
    items = (
        WorkPlanItem.objects.filter(
            responsible=user,
            due_date__isnull=False,
            state__in=[WorkPlanItem.State.PLANNED, WorkPlanItem.State.IN_PROGRESS],
        )
        .exclude(work_plan__plan__status=Plan.Status.COMPLETED)
        .select_related("work_plan__plan", "measure")
    )
    return [
        Deadline(
            uid=f"work-plan-item-{item.pk}",
            date=item.due_date,
            summary=_("Arbeidsplan %(year)s: %(code)s %(title)s")
            % {"year": item.work_plan.year, "code": item.measure.code, "title": item.measure.title},
            description=item.target,
            path=reverse(
                "planning:work_plan_detail",
                kwargs={"slug": item.work_plan.plan.slug, "year": item.work_plan.year},
            ),
        )
        for item in items
    ]


def _coordinator_deadlines() -> list[Deadline]:
    deadlines = []
    for round_ in ReportingRound.objects.filter(status=ReportingRound.Status.OPEN):
        deadlines.append(
            Deadline(
                uid=f"reporting-round-{round_.pk}",
                date=round_.due_date,
                summary=_("Frist for rapporteringsrunden «%(name)s»") % {"name": round_.name},
                description="",
                path=round_.get_absolute_url(),
            )
        )
    due_days: dict[dt.date, int] = {}
    for due in ImplementationPlan.objects.filter(
        status__in=OPEN_IMPLEMENTATION_PLAN_STATUSES
    ).values_list("due_date", flat=True):
        due_days[due] = due_days.get(due, 0) + 1
    for day, count in due_days.items():
        deadlines.append(
            Deadline(
                uid=f"implementation-plans-due-{day:%Y%m%d}",
                date=day,
                summary=_("%(n)s gjennomføringsplan(er) har frist") % {"n": count},
                description="",
                path=reverse("measures:dashboard"),
            )
        )
    for hearing in Hearing.objects.filter(
        Q(status=Hearing.Status.OPEN) | Q(status=Hearing.Status.PLANNED)
    ).select_related("plan"):
        deadlines.append(
            Deadline(
                uid=f"hearing-{hearing.pk}",
                date=hearing.ends_on,
                summary=_("Høringsfrist: %(title)s") % {"title": hearing.title},
                description="",
                path=hearing.plan.get_absolute_url(),
            )
        )
    return deadlines


def calendar_for(user, *, today: dt.date | None = None) -> bytes:
    """The user's deadlines as an .ics document."""
    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.MUNICIPALITY_NAME}//Bodø bolig//NO")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _("Frister i Bodø bolig"))
    calendar.add("x-wr-timezone", TIME_ZONE)
    now = timezone.now()
    calendar.add_component(
        Timezone.from_tzid(
            TIME_ZONE,
            first_date=dt.date(now.year - 1, 1, 1),
            last_date=dt.date(now.year + 3, 1, 1),
        )
    )
    for deadline in deadlines_for(user, today=today):
        event = Event()
        event.add("uid", f"{deadline.uid}@{UID_DOMAIN}")
        event.add("dtstamp", now.astimezone(dt.UTC))
        event.add("dtstart", deadline.date)
        event.add("dtend", deadline.date + dt.timedelta(days=1))
        event.add("summary", deadline.summary)
        if deadline.description:
            event.add("description", deadline.description)
        event.add("url", f"{settings.SITE_BASE_URL}{deadline.path}")
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()
