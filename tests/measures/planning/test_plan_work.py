"""Owners accepting their responsibility, funding decisions, yearly work plans, ongoing
projects, handing over a leaver's measures and the "Hvem gjør hva" annex."""

import datetime as dt
import io
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from bodobolig.audit import describe
from bodobolig.models import AuditEntry
from bodobolig.permissions import Role
from measures.followup import reminders
from measures.models import FundingRequest, Measure, Notification, OngoingProject, WorkPlanItem
from measures.register import services as register_services
from plans.models import WorkPlan
from tests.factories import (
    DepartmentFactory,
    MeasureFactory,
    make_user,
)
from tests.measures.conftest import MONDAY, at_seven
from tests.measures.planning.conftest import owned_measure

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator():
    return make_user(Role.COORDINATOR, first_name="Kari", last_name="Koordinator")


@pytest.fixture
def owned():
    return owned_measure(owner_confirmed_at=None)


# --- Owners accept their responsibility ------------------------------------------


def test_owner_confirms_the_responsibility_and_it_is_audited(client, owned, coordinator):
    client.force_login(owned.responsible_person)
    page = client.get(owned.get_absolute_url()).content.decode()
    assert "har ikke bekreftet hovedansvaret" in page
    assert "Jeg bekrefter at jeg er hovedansvarlig" in page
    mine = client.get(reverse("measures:my_measures")).content.decode()
    assert "Bekreft hovedansvaret ditt" in mine and owned.code in mine
    response = client.post(reverse("measures:measure_confirm_ownership", kwargs={"pk": owned.pk}))
    assert response.status_code == 302
    owned.refresh_from_db()
    assert owned.owner_confirmed_at is not None
    entry = AuditEntry.objects.get(action="measure.ownership_confirmed")
    assert entry.actor == owned.responsible_person and entry.measure_id == owned.pk
    assert describe(entry) == "Ola Eier bekreftet hovedansvaret for tiltaket"
    # Twice is refused with a message, not a second entry.
    client.post(reverse("measures:measure_confirm_ownership", kwargs={"pk": owned.pk}))
    assert AuditEntry.objects.filter(action="measure.ownership_confirmed").count() == 1


def test_a_new_owner_must_confirm_again_and_the_dashboard_shows_it(client, owned, coordinator):
    owned.owner_confirmed_at = dt.datetime(2014, 2, 1, tzinfo=dt.UTC)
    owned.save()
    other = make_user(Role.LEAD)
    owned.responsible_department.members.add(other)
    register_services.measure_reassign(
        measure_id=owned.pk,
        user=coordinator,
        department=owned.responsible_department,
        person=other,
        reason="Ny organisering",
    )
    owned.refresh_from_db()
    assert owned.owner_confirmed_at is None
    client.force_login(coordinator)
    dashboard = client.get(reverse("measures:dashboard") + f"?plan={owned.plan_id}")
    assert "ikke har bekreftet ansvaret" in dashboard.content.decode()


def test_the_sweep_reminds_an_owner_who_has_not_confirmed(owned, coordinator):
    with time_machine.travel(at_seven(MONDAY), tick=False):
        reminders.reminder_sweep()
    notice = Notification.objects.get(recipient=owned.responsible_person)
    assert notice.kind == Notification.Kind.REMINDER
    assert [i["type"] for i in notice.items] == ["ownership_unconfirmed"]


# --- Funding decisions -------------------------------------------------------------


def _request(measure, amount=500000):
    return FundingRequest.objects.create(
        measure=measure, year=2015, amount=amount, source="operating"
    )


def test_coordinator_records_a_funding_decision(client, owned, coordinator):
    funding = _request(owned)
    client.force_login(coordinator)
    response = client.post(
        reverse("measures:funding_decision", kwargs={"pk": funding.pk}),
        {
            "granted_amount": "300000",
            "decision_body": "Formannskapet",
            "decided_on": "2014-12-10",
            "decision_case_number": "14/2345",
            "in_economy_plan": "on",
        },
    )
    assert response.status_code == 302
    funding.refresh_from_db()
    assert funding.status == FundingRequest.Status.PARTLY
    assert (funding.granted_amount, funding.decision_body, funding.in_economy_plan) == (
        Decimal(300000),
        "Formannskapet",
        True,
    )
    entry = AuditEntry.objects.get(action="funding_request.decided")
    assert entry.changes["Vedtatt av"] == ["", "Formannskapet"]
    assert entry.changes["Saksnummer"] == ["", "14/2345"]
    page = client.get(owned.get_absolute_url()).content.decode()
    assert "14/2345" in page and "300" in page
    plan_page = client.get(owned.plan.get_absolute_url()).content.decode()
    assert "Finansiering: søkt og innvilget per år" in plan_page and "14/2345" in plan_page


@pytest.mark.parametrize(
    "field,value",
    [
        ("granted_amount", "5000000000"),  # five milliard: extra zeros
        ("granted_amount", "-1"),
        ("decision_case_number", "PS 14/7"),
        ("decided_on", "2999-01-01"),
        ("decision_body", "Kommunestyret i Narvik"),
    ],
)
def test_bad_funding_decisions_are_field_messages(client, owned, coordinator, field, value):
    funding = _request(owned)
    client.force_login(coordinator)
    data = {
        "granted_amount": "300000",
        "decision_body": "Bystyret",
        "decided_on": "2014-12-10",
        "decision_case_number": "14/2345",
    }
    data[field] = value
    response = client.post(reverse("measures:funding_decision", kwargs={"pk": funding.pk}), data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    funding.refresh_from_db()
    assert funding.status == FundingRequest.Status.REQUESTED
    assert not AuditEntry.objects.exists()


# --- Yearly work plan ---------------------------------------------------------------


def test_work_plan_made_from_the_active_measures_edited_and_published(client, owned, coordinator):
    done = MeasureFactory(
        plan=owned.plan, strategy=owned.strategy, status="completed", progress=100
    )
    client.force_login(coordinator)
    url = reverse("planning:work_plan_list", kwargs={"slug": owned.plan.slug})
    assert client.post(url, {"year": "2019"}).status_code == 400  # outside 2014–2017
    response = client.post(url, {"year": "2015"})
    assert response.status_code == 302
    work_plan = WorkPlan.objects.get(plan=owned.plan, year=2015)
    items = list(work_plan.items.all())
    assert [i.measure for i in items] == [owned] and done not in [i.measure for i in items]
    assert items[0].responsible == owned.responsible_person
    assert AuditEntry.objects.get(action="work_plan.created").data["count"] == 1
    edit = reverse("measures:work_plan_item_edit", kwargs={"pk": items[0].pk})
    bad = client.post(edit, {"state": "planned", "due_date": "2016-01-01"})
    assert bad.status_code == 400 and "due_date" in bad.context["form"].errors
    client.post(edit, {"state": "in_progress", "quarter": "2", "target": "Ti nye boliger."})
    items[0].refresh_from_db()
    assert (items[0].state, items[0].quarter) == (WorkPlanItem.State.IN_PROGRESS, 2)
    detail = reverse("planning:work_plan_detail", kwargs={"slug": owned.plan.slug, "year": 2015})
    politician = make_user(Role.POLITICIAN)
    client.force_login(politician)
    assert client.get(detail).status_code == 404  # not yet published
    client.force_login(coordinator)
    client.post(
        reverse("planning:work_plan_publish", kwargs={"slug": owned.plan.slug, "year": 2015})
    )
    client.force_login(politician)
    assert "Ti nye boliger." in client.get(detail).content.decode()
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"work_plan.created", "work_plan.item_updated", "work_plan.published"} <= actions


def test_mine_tiltak_shows_this_years_work_plan_lines(client, owned):
    work_plan = WorkPlan.objects.create(plan=owned.plan, year=2015, title="Arbeidsplan 2015")
    WorkPlanItem.objects.create(work_plan=work_plan, measure=owned, target="Årets mål her.")
    client.force_login(owned.responsible_person)
    with time_machine.travel(dt.datetime(2015, 3, 1, 12, tzinfo=dt.UTC)):
        page = client.get(reverse("measures:my_measures")).content.decode()
    assert "Arbeidsplanen for 2015" in page and "Årets mål her." in page


# --- Ongoing projects ---------------------------------------------------------------


def test_an_ongoing_project_is_linked_to_measures_and_shown_on_the_measure_page(
    client, owned, coordinator
):
    client.force_login(coordinator)
    response = client.post(
        reverse("measures:ongoing_project_create"),
        {
            "name": "Housing First",
            "department": owned.responsible_department.pk,
            "start": "2015-01-01",
            "end": "2014-01-01",
            "measures": [owned.pk],
        },
    )
    assert response.status_code == 400 and "end" in response.context["form"].errors
    client.post(
        reverse("measures:ongoing_project_create"),
        {
            "name": "Housing First",
            "department": owned.responsible_department.pk,
            "start": "2015-01-01",
            "measures": [owned.pk],
        },
    )
    assert list(OngoingProject.objects.get().measures.all()) == [owned]
    assert "Housing First" in client.get(owned.get_absolute_url()).content.decode()
    assert AuditEntry.objects.filter(action="ongoing_project.saved").count() == 1


# --- A person who leaves ---------------------------------------------------------------


def test_a_leaver_hands_over_all_measures_in_one_step_with_a_reason_each(
    client, owned, coordinator
):
    second = MeasureFactory(
        plan=owned.plan,
        strategy=owned.strategy,
        responsible_department=owned.responsible_department,
        responsible_person=owned.responsible_person,
    )
    successor = make_user(Role.LEAD)
    owned.responsible_department.members.add(successor)
    client.force_login(coordinator)
    url = reverse(
        "measures:person_handover_measures", kwargs={"user_pk": owned.responsible_person.pk}
    )
    data = {}
    for measure in (owned, second):
        data[f"department_{measure.pk}"] = measure.responsible_department_id
        data[f"person_{measure.pk}"] = successor.pk
        data[f"reason_{measure.pk}"] = f"Slutter; {measure.code} til etterfølger"
    missing = dict(data, **{f"reason_{second.pk}": ""})
    assert client.post(url, missing).status_code == 400
    assert Measure.objects.filter(responsible_person=successor).count() == 0
    response = client.post(url, data)
    assert response.status_code == 302
    assert Measure.objects.filter(responsible_person=successor).count() == 2
    entries = AuditEntry.objects.filter(action="measure.reassigned")
    assert sorted(e.text for e in entries) == sorted(
        f"Slutter; {m.code} til etterfølger" for m in (owned, second)
    )


def test_handing_over_to_someone_outside_the_department_names_the_measure(
    client, owned, coordinator
):
    outsider = make_user(Role.LEAD)
    DepartmentFactory().members.add(outsider)
    client.force_login(coordinator)
    url = reverse(
        "measures:person_handover_measures", kwargs={"user_pk": owned.responsible_person.pk}
    )
    response = client.post(
        url,
        {
            f"department_{owned.pk}": owned.responsible_department_id,
            f"person_{owned.pk}": outsider.pk,
            f"reason_{owned.pk}": "Slutter",
        },
    )
    assert response.status_code == 400
    assert f"person_{owned.pk}" in response.context["form"].errors
    owned.refresh_from_db()
    assert owned.responsible_person != outsider


# --- "Hvem gjør hva" (the PDF: test_who_does_what_pdf.py) ------------------------------


def test_who_does_what_as_excel(client, owned):
    nav = DepartmentFactory(name="NAV Bodø", is_external=True)
    helper = DepartmentFactory(name="Boligkontoret")
    owned.contributing_departments.add(nav, helper)
    xlsx = client.get(
        reverse("planning:who_does_what", kwargs={"slug": owned.plan.slug, "fmt": "xlsx"})
    )
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    row = [cell.value for cell in sheet[4]]
    assert row[:4] == [
        owned.code,
        owned.title,
        owned.responsible_department.name,
        "Ola Eier",
    ]
    assert row[4] == "Boligkontoret" and row[5] == "NAV Bodø"
    assert (
        client.get(
            reverse("planning:who_does_what", kwargs={"slug": owned.plan.slug, "fmt": "doc"})
        ).status_code
        == 404
    )
