import pytest
from django.urls import reverse

from bodobolig.permissions import Role
from measures.models import Measure
from measures.register import services as register_services
from plans.models import Goal, Strategy
from tests.factories import make_department_with_lead, make_user
from tests.measures.coordinator_data import make_plan_with_measures

pytestmark = pytest.mark.django_db


def _edit_data(measure, **changes):
    data = {
        "strategy": measure.strategy_id,
        "code": measure.code,
        "title": measure.title,
        "description": measure.description,
        "planned_start": measure.planned_start.isoformat() if measure.planned_start else "",
        "planned_end": measure.planned_end.isoformat() if measure.planned_end else "",
        "cost_estimate": "",
        "version": measure.version,
    }
    data.update(changes)
    return data


def test_coordinator_creates_a_measure_with_its_owner(client):
    data = make_plan_with_measures(2)
    client.force_login(data.coordinator)
    strategy = data.measures[0].strategy
    response = client.post(
        reverse("measures:measure_create", args=[data.plan.slug]),
        {
            "strategy": strategy.pk,
            "code": f"{strategy.code}.7",
            "title": "Nytt tiltak for unge",
            "responsible_department": data.departments[2].pk,
            "responsible_person": data.leads[2].pk,
            "contributing_departments": [data.departments[0].pk],
            "planned_start": "2025-01-01",
            "planned_end": "2025-12-31",
            "cost_estimate": "150000",
        },
    )
    assert response.status_code == 302
    measure = Measure.objects.get(plan=data.plan, code=f"{strategy.code}.7")
    assert (measure.number, measure.responsible_person, measure.version) == (7, data.leads[2], 1)
    assert list(measure.contributing_departments.all()) == [data.departments[0]]
    assert measure.history.get().history_user == data.coordinator


def test_create_refuses_an_owner_outside_the_department(client):
    data = make_plan_with_measures(1)
    client.force_login(data.coordinator)
    response = client.post(
        reverse("measures:measure_create", args=[data.plan.slug]),
        {
            "strategy": data.measures[0].strategy_id,
            "code": "9.9.9",
            "title": "Tiltak",
            "responsible_department": data.departments[0].pk,
            "responsible_person": data.leads[1].pk,
        },
    )
    assert response.status_code == 400
    assert "er ikke leder eller medarbeider" in response.content.decode()
    assert not Measure.objects.filter(code="9.9.9").exists()


def test_code_taken_in_the_plan_gets_a_clear_message(client):
    data = make_plan_with_measures(2)
    client.force_login(data.coordinator)
    first, second = data.measures
    second = Measure.objects.get(pk=second.pk)
    response = client.post(
        reverse("measures:measure_edit", args=[second.pk]), _edit_data(second, code=first.code)
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert f"Koden {first.code} er allerede brukt av et annet tiltak i planen." in html
    assert 'id="id_code_error"' in html


def test_end_before_start_is_refused_next_to_the_field(client):
    data = make_plan_with_measures(1)
    measure = Measure.objects.get(pk=data.measures[0].pk)
    client.force_login(data.coordinator)
    response = client.post(
        reverse("measures:measure_edit", args=[measure.pk]),
        _edit_data(measure, planned_start="2026-05-01", planned_end="2026-01-01"),
    )
    assert response.status_code == 400
    assert "Planlagt slutt kan ikke være før planlagt start." in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()


def test_edit_saves_and_bumps_the_version(client):
    data = make_plan_with_measures(1)
    measure = Measure.objects.get(pk=data.measures[0].pk)
    client.force_login(data.coordinator)
    response = client.post(
        reverse("measures:measure_edit", args=[measure.pk]),
        _edit_data(measure, title="Ny tittel", cost_estimate="1000"),
    )
    assert response.status_code == 302
    measure.refresh_from_db()
    assert (measure.title, measure.cost_estimate, measure.version) == ("Ny tittel", 1000, 2)


def test_second_save_over_the_first_is_refused_and_both_texts_survive(client):
    data = make_plan_with_measures(1)
    measure = Measure.objects.get(pk=data.measures[0].pk)
    other = make_user(Role.COORDINATOR, first_name="Olav", last_name="Annen")
    url = reverse("measures:measure_edit", args=[measure.pk])
    # Both open the form at version 1; Olav saves first.
    client.force_login(other)
    first = client.post(url, _edit_data(measure, description="Olavs tekst om tiltaket."))
    assert first.status_code == 302

    client.force_login(data.coordinator)
    second = client.post(url, _edit_data(measure, description="Min egen tekst."))

    assert second.status_code == 409
    measure.refresh_from_db()
    assert measure.description == "Olavs tekst om tiltaket."  # the first save is intact
    html = second.content.decode()
    assert "Olav Annen lagret tiltaket etter at du åpnet det" in html
    assert "Min egen tekst." in html  # what the user typed is still in the form
    assert "Olavs tekst om tiltaket." in html  # and the other person's change is shown
    form = second.context["form"]
    assert form.data["description"] == "Min egen tekst."
    assert int(form.data["version"]) == measure.version == 2

    # Saving again after seeing the change is a deliberate overwrite.
    again = client.post(url, dict(form.data.items()))
    assert again.status_code == 302
    measure.refresh_from_db()
    assert (measure.description, measure.version) == ("Min egen tekst.", 3)


def test_saving_again_after_a_conflict_keeps_what_only_the_other_person_changed(client):
    data = make_plan_with_measures(1)
    measure = Measure.objects.get(pk=data.measures[0].pk)
    other = make_user(Role.COORDINATOR)
    url = reverse("measures:measure_edit", args=[measure.pk])
    client.force_login(other)
    assert client.post(url, _edit_data(measure, title="Tittel fra Olav")).status_code == 302

    client.force_login(data.coordinator)
    conflict = client.post(url, _edit_data(measure, description="Min beskrivelse."))
    assert conflict.status_code == 409
    form = conflict.context["form"]
    assert form.data["title"] == "Tittel fra Olav"  # untouched by me: theirs is kept
    assert form.data["description"] == "Min beskrivelse."

    assert client.post(url, dict(form.data.items())).status_code == 302
    measure.refresh_from_db()
    assert (measure.title, measure.description) == ("Tittel fra Olav", "Min beskrivelse.")


def test_reassign_needs_a_member_and_a_reason_and_notifies(
    client, monkeypatch, django_capture_on_commit_callbacks
):
    data = make_plan_with_measures(1)
    measure = data.measures[0]
    calls = []
    monkeypatch.setattr(
        "measures.notifications.notices.measure_reassigned", lambda **kwargs: calls.append(kwargs)
    )
    client.force_login(data.coordinator)
    url = reverse("measures:measure_reassign", args=[measure.pk])

    refused = client.post(
        url, {"department": data.departments[1].pk, "person": data.leads[2].pk, "reason": "X"}
    )
    assert refused.status_code == 400
    assert 'id="id_person_error"' in refused.content.decode()
    no_reason = client.post(
        url, {"department": data.departments[1].pk, "person": data.leads[1].pk, "reason": ""}
    )
    assert no_reason.status_code == 400

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            url,
            {
                "department": data.departments[1].pk,
                "person": data.leads[1].pk,
                "reason": "Omorganisering",
            },
        )
    assert done.status_code == 302
    measure.refresh_from_db()
    assert (measure.responsible_department, measure.responsible_person) == (
        data.departments[1],
        data.leads[1],
    )
    record = measure.history.latest()
    assert (record.history_change_reason, record.history_user) == (
        "Omorganisering",
        data.coordinator,
    )
    assert calls == [
        {
            "measure_id": measure.pk,
            "old_owner_id": data.leads[0].pk,
            "new_owner_id": data.leads[1].pk,
        }
    ]


def test_member_who_is_not_lead_can_be_the_new_owner(client):
    data = make_plan_with_measures(1)
    member = make_user(Role.LEAD)
    data.departments[2].members.add(member)
    client.force_login(data.coordinator)
    response = client.post(
        reverse("measures:measure_reassign", args=[data.measures[0].pk]),
        {"department": data.departments[2].pk, "person": member.pk, "reason": "Ny leder"},
    )
    assert response.status_code == 302


def test_coordinator_creates_and_edits_goals_and_strategies(client):
    data = make_plan_with_measures(1)
    client.force_login(data.coordinator)
    slug = data.plan.slug
    response = client.post(
        reverse("plans:goal_create", args=[slug]),
        {"number": 3, "title": "Organisering", "statement": "Godt samarbeid."},
    )
    assert response.status_code == 302
    goal = Goal.objects.get(plan=data.plan, number=3)
    taken = client.post(
        reverse("plans:goal_edit", args=[slug, goal.pk]),
        {"number": 1, "title": "Organisering", "statement": "Godt samarbeid."},
    )
    assert taken.status_code == 400
    assert "Planen har allerede et målområde med nummer 1." in taken.content.decode()

    response = client.post(
        reverse("plans:strategy_create", args=[slug]),
        {"goal": goal.pk, "number": 1, "title": "Faste møter", "description": ""},
    )
    assert response.status_code == 302
    strategy = Strategy.objects.get(goal=goal)
    response = client.post(
        reverse("plans:strategy_edit", args=[slug, strategy.pk]),
        {"goal": goal.pk, "number": 2, "title": "Faste møter hver måned", "description": "x"},
    )
    assert response.status_code == 302
    strategy.refresh_from_db()
    assert (strategy.number, strategy.title) == (2, "Faste møter hver måned")


def test_strategy_of_another_plan_is_not_found(client):
    data = make_plan_with_measures(1)
    other = make_plan_with_measures(1)
    client.force_login(data.coordinator)
    strategy = other.measures[0].strategy
    response = client.get(reverse("plans:strategy_edit", args=[data.plan.slug, strategy.pk]))
    assert response.status_code == 404


def test_lead_may_not_edit(client):
    data = make_plan_with_measures(1)
    _dept, lead = make_department_with_lead()
    client.force_login(data.leads[0])
    assert (
        client.get(reverse("measures:measure_edit", args=[data.measures[0].pk])).status_code == 403
    )
    client.force_login(lead)
    assert client.get(reverse("plans:goal_create", args=[data.plan.slug])).status_code == 403


def test_editing_keeps_challenges_from_an_earlier_plan(client):
    from analyses.models import Challenge

    data = make_plan_with_measures(1)
    earlier = make_plan_with_measures(1)
    challenge = Challenge.objects.create(
        goal=earlier.plan.goals.first(), area=Challenge.Area.SOCIAL, title="Bostedsløshet"
    )
    measure = Measure.objects.get(pk=data.measures[0].pk)
    measure.challenges.add(challenge)
    client.force_login(data.coordinator)
    url = reverse("measures:measure_edit", args=[measure.pk])
    form_html = client.get(url).content.decode()
    assert "Bostedsløshet" in form_html
    response = client.post(url, {**_edit_data(measure), "challenges": [challenge.pk]})
    assert response.status_code == 302
    assert list(measure.challenges.all()) == [challenge]


def test_measure_form_renders_designsystemet_fields(client):
    data = make_plan_with_measures(1)
    client.force_login(data.coordinator)
    html = client.get(reverse("measures:measure_create", args=[data.plan.slug])).content.decode()
    assert '<label class="ds-label" for="id_code">Kode' in html
    assert "(må fylles ut)" in html
    assert '<legend class="ds-label">Medvirkende virksomheter' in html


def test_conflict_after_a_reassignment_names_the_new_owner(client):

    data = make_plan_with_measures(1)
    measure = Measure.objects.get(pk=data.measures[0].pk)
    register_services.measure_reassign(
        measure_id=measure.pk,
        user=data.coordinator,
        department=data.departments[1],
        person=data.leads[1],
        reason="Omorganisering",
    )
    client.force_login(data.coordinator)
    response = client.post(
        reverse("measures:measure_edit", args=[measure.pk]), _edit_data(measure, title="Ny")
    )
    assert response.status_code == 409
    changes = {c.field: c.new for c in response.context["conflict"]["changes"]}
    assert changes["responsible_department"] == data.departments[1].name
    assert changes["responsible_person"] == data.leads[1].get_full_name()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"code": "abc; drop"}, "code", "Koden skrives med tall og punktum"),
        ({"description": "x" * 20_001}, "description", "20000 eller færre tegn"),
    ],
)
def test_bad_code_and_huge_description_get_field_messages(client, changes, field, message):
    data = make_plan_with_measures(1)
    measure = Measure.objects.get(pk=data.measures[0].pk)
    client.force_login(data.coordinator)
    response = client.post(
        reverse("measures:measure_edit", args=[measure.pk]), _edit_data(measure, **changes)
    )
    assert response.status_code == 400
    assert any(message in error for error in response.context["form"].errors[field])
    measure.refresh_from_db()
    assert measure.version == 1  # nothing saved
