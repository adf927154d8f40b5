"""The personal deadline calendar: parses with icalendar, one event per deadline with a
UID that stays the same between fetches, Europe/Oslo as the time zone, and a new address
makes the old one a 404."""

import datetime as dt

import pytest
from django.utils import timezone
from icalendar import Calendar

from bodobolig.permissions import Role
from hearings.models import Hearing
from integrations.services import calendar_feed_for
from measures.models import ImplementationPlan, WorkPlanItem
from plans.models import WorkPlan
from tests.factories import (
    ImplementationActivityFactory,
    ImplementationPlanFactory,
    MeasureFactory,
    ReportingRoundFactory,
    make_department_with_lead,
    make_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def deadlines():
    department, lead = make_department_with_lead()
    today = timezone.localdate()
    measure = MeasureFactory(responsible_department=department, responsible_person=lead)
    ip = ImplementationPlanFactory(
        measure=measure,
        status=ImplementationPlan.Status.ORDERED,
        due_date=today + dt.timedelta(days=5),
    )
    round_ = ReportingRoundFactory(plan=measure.plan, due_date=today + dt.timedelta(days=9))
    round_.measures.add(measure)
    other = MeasureFactory(responsible_department=department, responsible_person=lead)
    activity = ImplementationActivityFactory(
        implementation_plan__measure=other, responsible=lead, due_date=today + dt.timedelta(days=20)
    )
    hearing = Hearing.objects.create(
        plan=measure.plan,
        title="Høring av boligplanen",
        starts_on=today,
        ends_on=today + dt.timedelta(days=42),
        status=Hearing.Status.OPEN,
    )
    return {
        "lead": lead,
        "measure": measure,
        "ip": ip,
        "round": round_,
        "activity": activity,
        "hearing": hearing,
    }


def _calendar(client, user) -> Calendar:
    feed = calendar_feed_for(user)
    response = client.get(f"/integrasjoner/kalender/{feed.secret}.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def _events(calendar) -> dict[str, object]:
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def test_the_leads_feed_has_their_deadlines_with_stable_uids(client, deadlines):
    calendar = _calendar(client, deadlines["lead"])
    assert calendar["VERSION"] == "2.0"
    assert calendar["X-WR-TIMEZONE"] == "Europe/Oslo"
    [zone] = calendar.walk("VTIMEZONE")
    assert zone["TZID"] == "Europe/Oslo"
    events = _events(calendar)
    by_date = {event.decoded("DTSTART"): str(event["SUMMARY"]) for event in events.values()}
    ip, round_, activity = deadlines["ip"], deadlines["round"], deadlines["activity"]
    assert "Gjennomføringsplan" in by_date[ip.due_date]
    assert round_.name in by_date[round_.due_date]
    assert activity.title in by_date[activity.due_date]
    for event in events.values():
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert type(start) is dt.date and end == start + dt.timedelta(days=1)  # all-day
        assert str(event["URL"]).startswith("http")
        assert event.decoded("DTSTAMP").tzinfo is not None
    assert all(uid.endswith("@bodobolig") for uid in events)
    assert len(set(events)) == len(events) == 3
    again = _events(_calendar(client, deadlines["lead"]))
    assert set(again) == set(events)  # the same UIDs on the next fetch
    assert "Høringsfrist" not in " ".join(by_date.values())  # the hearing is the coordinator's


def test_the_coordinator_gets_the_hearing_deadline_and_the_rounds(client, deadlines):
    events = _events(_calendar(client, make_user(Role.COORDINATOR)))
    hearing = deadlines["hearing"]
    assert events[f"hearing-{hearing.pk}@bodobolig"].decoded("DTSTART") == hearing.ends_on
    assert f"reporting-round-{deadlines['round'].pk}@bodobolig" in events
    due = deadlines["ip"].due_date
    assert f"implementation-plans-due-{due:%Y%m%d}@bodobolig" in events


def test_a_politician_s_feed_is_empty_but_valid(client):
    calendar = _calendar(client, make_user(Role.POLITICIAN))
    assert calendar.walk("VEVENT") == []


def test_a_new_address_makes_the_old_one_404(client, deadlines):
    lead = deadlines["lead"]
    old = calendar_feed_for(lead).secret
    client.force_login(lead)
    page = client.get("/integrasjoner/")
    assert f"/integrasjoner/kalender/{old}.ics" in page.text
    client.post("/integrasjoner/kalender/ny-adresse/")
    new = calendar_feed_for(lead).secret
    assert new != old
    client.logout()
    assert client.get(f"/integrasjoner/kalender/{old}.ics").status_code == 404
    assert client.get(f"/integrasjoner/kalender/{new}.ics").status_code == 200


def test_an_unknown_or_inactive_users_address_is_404(client, deadlines):
    assert client.get("/integrasjoner/kalender/gjett.ics").status_code == 404
    lead = deadlines["lead"]
    secret = calendar_feed_for(lead).secret
    lead.is_active = False
    lead.save()
    assert client.get(f"/integrasjoner/kalender/{secret}.ics").status_code == 404


def test_work_plan_lines_go_to_their_responsible_person_with_stable_uids(client, deadlines):
    lead, measure = deadlines["lead"], deadlines["measure"]
    today = timezone.localdate()
    work_plan = WorkPlan.objects.create(plan=measure.plan, year=today.year, title="Arbeidsplan")
    mine = WorkPlanItem.objects.create(
        work_plan=work_plan,
        measure=measure,
        responsible=lead,
        target="Seks nye boliger.",
        due_date=today + dt.timedelta(days=30),
    )
    colleague = make_user(Role.LEAD)
    other_measure = MeasureFactory(plan=measure.plan, responsible_person=lead)
    theirs = WorkPlanItem.objects.create(
        work_plan=work_plan,
        measure=other_measure,
        responsible=colleague,
        due_date=today + dt.timedelta(days=31),
    )
    done = WorkPlanItem.objects.create(
        work_plan=work_plan,
        measure=MeasureFactory(plan=measure.plan),
        responsible=lead,
        due_date=today + dt.timedelta(days=32),
        state=WorkPlanItem.State.DONE,
    )
    undated = WorkPlanItem.objects.create(
        work_plan=work_plan, measure=MeasureFactory(plan=measure.plan), responsible=lead
    )

    events = _events(_calendar(client, lead))
    event = events[f"work-plan-item-{mine.pk}@bodobolig"]
    assert event.decoded("DTSTART") == mine.due_date
    assert measure.code in str(event["SUMMARY"])
    assert str(event["DESCRIPTION"]) == "Seks nye boliger."
    assert str(event["URL"]).endswith(f"/arbeidsplaner/{today.year}/")
    for other in (theirs, done, undated):  # another's line (even on my measure), done, no date
        assert f"work-plan-item-{other.pk}@bodobolig" not in events
    assert f"work-plan-item-{theirs.pk}@bodobolig" in _events(_calendar(client, colleague))
    assert set(_events(_calendar(client, lead))) == set(events)  # stable on the next fetch
