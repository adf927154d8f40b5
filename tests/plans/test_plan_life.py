"""A plan's life in the browser: creating it, its statuses with the adoption, the target
date's history, its organisation and documents, and the departments. Each change writes
its audit entry; bad input is a field message, never a 500."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bodobolig.audit import describe
from bodobolig.errors import DomainError
from bodobolig.models import AuditEntry
from bodobolig.permissions import Role
from plans import services
from plans.models import Department, Plan, PlanDocument, PlanGroupMember
from tests.factories import DepartmentFactory, PlanFactory, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator():
    return make_user(Role.COORDINATOR, first_name="Kari", last_name="Koordinator")


def test_coordinator_creates_a_plan_in_the_browser(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("plan_create"),
        {
            "title": "Boligplan",
            "period_start": "2018",
            "period_end": "2021",
            "summary": "Ny plan.",
            "target_date": "2017-12-07",
        },
    )
    plan = Plan.objects.get(title="Boligplan")
    assert response.status_code == 302 and response["Location"].endswith(f"/{plan.slug}/om/")
    assert plan.status == Plan.Status.DRAFT and plan.target_date == dt.date(2017, 12, 7)
    entry = AuditEntry.objects.get(action="plan.created")
    assert entry.plan_id == plan.pk
    assert describe(entry) == "Kari Koordinator opprettet planen «Boligplan 2018–2021»"


def test_a_period_ending_before_it_starts_is_a_field_message(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("plan_create"), {"title": "Boligplan", "period_start": "2021", "period_end": "2018"}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["period_end"] == [
        "Perioden kan ikke slutte før den begynner."
    ]
    assert not Plan.objects.filter(title="Boligplan").exists()


def test_statuses_go_draft_hearing_adopted_completed_each_audited(coordinator):
    plan = PlanFactory(status=Plan.Status.DRAFT)
    services.plan_change_status(plan_id=plan.pk, by=coordinator, status="hearing")
    services.plan_change_status(
        plan_id=plan.pk,
        by=coordinator,
        status="adopted",
        adopted_by="Bystyret",
        adopted_on=dt.date(2014, 2, 13),
        case_number="14/1234",
    )
    services.plan_change_status(
        plan_id=plan.pk, by=coordinator, status="completed", final_report="Alt er gjort."
    )
    plan.refresh_from_db()
    assert plan.status == Plan.Status.COMPLETED and plan.final_report == "Alt er gjort."
    assert (plan.adopted_by, plan.adopted_on, plan.case_number) == (
        "Bystyret",
        dt.date(2014, 2, 13),
        "14/1234",
    )
    actions = list(
        AuditEntry.objects.filter(plan_id=plan.pk).order_by("id").values_list("action", flat=True)
    )
    assert actions == ["plan.status_changed", "plan.adopted", "plan.completed"]
    adopted = AuditEntry.objects.get(action="plan.adopted")
    assert describe(adopted) == (
        "Kari Koordinator registrerte vedtaket: Bystyret vedtok planen 13.02.2014, sak 14/1234"
    )
    assert adopted.changes["Status"] == ["På høring", "Vedtatt"]


def test_a_plan_cannot_skip_or_go_back_from_completed(coordinator):
    plan = PlanFactory(status=Plan.Status.DRAFT)
    with pytest.raises(DomainError) as error:
        services.plan_change_status(plan_id=plan.pk, by=coordinator, status="completed")
    assert error.value.field == "status"
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize("case_number", ["1234", "14-1234", "PS 14/7", "2014/"])
def test_adoption_with_a_malformed_case_number_is_a_field_message(client, coordinator, case_number):
    plan = PlanFactory(status=Plan.Status.HEARING)
    client.force_login(coordinator)
    response = client.post(
        reverse("plans:plan_status", kwargs={"slug": plan.slug}),
        {
            "status": "adopted",
            "adopted_by": "Bystyret",
            "adopted_on": "2014-02-13",
            "case_number": case_number,
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors["case_number"] == [
        "Saksnummer skrives som år/løpenummer, for eksempel 14/1234 eller 2014/1234."
    ]
    plan.refresh_from_db()
    assert plan.status == Plan.Status.HEARING and plan.case_number == ""


def test_adoption_needs_body_and_date(coordinator):
    plan = PlanFactory(status=Plan.Status.HEARING)
    with pytest.raises(DomainError) as error:
        services.plan_change_status(
            plan_id=plan.pk, by=coordinator, status="adopted", case_number="14/1"
        )
    assert error.value.field == "adopted_by"


def test_target_date_changes_are_kept_as_a_dated_history_with_reasons(client, coordinator):
    plan = PlanFactory(status=Plan.Status.DRAFT, target_date=dt.date(2013, 2, 1))
    client.force_login(coordinator)
    url = reverse("plans:plan_target_date", kwargs={"slug": plan.slug})
    response = client.post(
        url, {"new_date": "2013-09-01", "decided_on": "2013-02-01", "reason": "Mer medvirkning."}
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.target_date == dt.date(2013, 9, 1)
    change = plan.target_date_changes.get()
    assert (change.previous_date, change.new_date, change.reason) == (
        dt.date(2013, 2, 1),
        dt.date(2013, 9, 1),
        "Mer medvirkning.",
    )
    entry = AuditEntry.objects.get(action="plan.target_date_changed")
    assert entry.text == "Mer medvirkning." and entry.plan_id == plan.pk
    page = client.get(reverse("plans:plan_about", kwargs={"slug": plan.slug})).content.decode()
    assert "Mer medvirkning." in page


def test_a_target_date_change_needs_a_reason(client, coordinator):
    plan = PlanFactory()
    client.force_login(coordinator)
    response = client.post(
        reverse("plans:plan_target_date", kwargs={"slug": plan.slug}),
        {"new_date": "2013-09-01", "decided_on": "2013-02-01", "reason": "  "},
    )
    assert response.status_code == 400
    assert "reason" in response.context["form"].errors


def test_network_and_steering_group_members(client, coordinator):
    plan = PlanFactory()
    client.force_login(coordinator)
    client.post(
        reverse("plans:group_member_add", kwargs={"slug": plan.slug}),
        {"group": "steering", "name": "Rådmann Rita", "role": "Leder"},
    )
    member = PlanGroupMember.objects.get()
    assert member.group == "steering"
    about = client.get(reverse("plans:plan_about", kwargs={"slug": plan.slug})).content.decode()
    assert "Rådmann Rita, Leder" in about
    client.post(reverse("plans:group_member_remove", kwargs={"slug": plan.slug, "pk": member.pk}))
    assert not PlanGroupMember.objects.exists()
    assert list(AuditEntry.objects.order_by("id").values_list("action", flat=True)) == [
        "plan.group_member_added",
        "plan.group_member_removed",
    ]


def test_plan_documents_are_public_once_the_plan_is_adopted(client, coordinator):
    plan = PlanFactory(status=Plan.Status.HEARING)
    client.force_login(coordinator)
    response = client.post(
        reverse("plans:plan_document_upload", kwargs={"slug": plan.slug}),
        {
            "title": "Forprosjekt",
            "kind": "analysis",
            "document_date": "2012-02-01",
            "file": SimpleUploadedFile("forprosjekt.pdf", b"%PDF-1.4 test"),
        },
    )
    assert response.status_code == 302
    document = PlanDocument.objects.get()
    assert AuditEntry.objects.filter(action="plan_document.uploaded").count() == 1
    url = reverse("plans:plan_document_download", kwargs={"slug": plan.slug, "pk": document.pk})
    client.logout()
    assert client.get(url).status_code == 404  # on hearing: not yet public
    plan.status = Plan.Status.ADOPTED
    plan.save()
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 test"


def test_departments_tree_partners_and_members(client, coordinator):
    lead, member = make_user(Role.LEAD), make_user(Role.LEAD)
    avdeling = DepartmentFactory(name="Helse- og omsorgsavdelingen")
    client.force_login(coordinator)
    response = client.post(
        reverse("department_create"),
        {
            "name": "Tildelingskontoret",
            "parent": avdeling.pk,
            "lead": lead.pk,
            "members": [member.pk],
        },
    )
    assert response.status_code == 302
    kontor = Department.objects.get(name="Tildelingskontoret")
    assert (
        kontor.parent == avdeling and kontor.lead == lead and list(kontor.members.all()) == [member]
    )
    client.post(reverse("department_create"), {"name": "NAV Bodø", "is_external": "on"})
    page = client.get(reverse("department_list")).content.decode()
    assert "Tildelingskontoret" in page and "NAV Bodø" in page and "Samarbeidspartner" in page
    # A unit cannot be put under itself.
    response = client.post(
        reverse("department_edit", kwargs={"pk": avdeling.pk}),
        {"name": avdeling.name, "parent": kontor.pk},
    )
    assert response.status_code == 400 and "parent" in response.context["form"].errors
    assert set(AuditEntry.objects.values_list("action", flat=True)) == {"department.created"}


def test_a_deleted_documents_file_goes_only_when_the_deletion_is_committed(
    django_capture_on_commit_callbacks,
):
    coordinator = make_user(Role.COORDINATOR)
    plan = PlanFactory()
    document = PlanDocument.objects.create(
        plan=plan,
        title="Vedlegg",
        kind=PlanDocument.Kind.ANNEX,
        document_date=dt.date(2014, 2, 13),
        file=SimpleUploadedFile("vedlegg.txt", b"innhold"),
    )
    storage, name = document.file.storage, document.file.name
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.plan_document_delete(document_id=document.pk, by=coordinator)
    assert not PlanDocument.objects.filter(pk=document.pk).exists()
    assert storage.exists(name)  # not committed yet: a rollback would keep row and file
    for callback in callbacks:
        callback()
    assert not storage.exists(name)
