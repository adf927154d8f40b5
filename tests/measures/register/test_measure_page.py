import pytest
from django.urls import reverse

from analyses.models import Challenge
from bodobolig.permissions import Role
from hearings.models import ResponsePoint
from measures.followup import reporting as followup_reporting
from measures.models import Comment, FundingRequest, Measure, MeasureStatus, OngoingProject
from measures.register import services as register_services
from plans.models import LegalBasis
from tests.factories import (
    HearingResponseFactory,
    MeasureFactory,
    PlanFactory,
    make_department_with_lead,
    make_user,
)
from tests.measures.coordinator_data import make_plan_with_measures

pytestmark = pytest.mark.django_db


def _rich_measure(data):
    """The first measure with a status update, a comment and a new owner, all through
    the services (the timeline reads the audit entries they write)."""
    measure = Measure.objects.get(pk=data.measures[0].pk)
    followup_reporting.status_update_submit(
        measure=measure,
        by=measure.responsible_person,
        status=MeasureStatus.COMPLETED,
        progress=100,
        text="Arbeidet går etter planen.",
    )
    register_services.measure_reassign(
        measure_id=measure.pk,
        user=data.coordinator,
        department=data.departments[1],
        person=data.leads[1],
        reason="Ny organisering",
    )
    return measure


def _with_every_list(measure, data):
    """One row in each of the page's seven lists."""
    measure.legal_bases.add(
        LegalBasis.objects.create(law="Plan- og bygningsloven", short_name="pbl")
    )
    measure.challenges.add(
        Challenge.objects.create(
            goal=measure.strategy.goal, area="general", title="Få utleieboliger"
        )
    )
    measure.contributing_departments.add(data.departments[2])
    MeasureFactory(
        plan=PlanFactory(), code="9.9.9", title="Neste plans tiltak", carried_over_from=measure
    )
    FundingRequest.objects.create(measure=measure, year=2016, amount=500_000, source="operating")
    OngoingProject.objects.create(
        name="Boligsosialt løft", department=data.departments[0]
    ).measures.add(measure)
    point = ResponsePoint.objects.create(
        response=HearingResponseFactory(
            hearing__plan=measure.plan, hearing__title="Høring om boligplanen"
        ),
        number=1,
        text="Flere boliger",
    )
    point.measures_changed.add(measure)


@pytest.mark.parametrize("size", [20, 500])
@pytest.mark.parametrize(("lists", "queries"), [("empty", 7), ("full", 14)])
def test_measure_page_query_count_is_the_same_at_20_and_500_measures(
    size, lists, queries, client, django_assert_num_queries
):
    data = make_plan_with_measures(size)
    measure = _rich_measure(data)
    Measure.objects.filter(pk=measure.pk).update(description="")
    if lists == "full":
        _with_every_list(measure, data)
    client.force_login(data.coordinator)
    # Session, user, groups; the measure with its joins; which of its seven lists have
    # rows (legal bases, challenges, contributing departments; carried on to, funding,
    # ongoing projects; hearing points that changed it), and one query a list that has;
    # the audit entries; the status updates they name.
    with django_assert_num_queries(queries):
        response = client.get(measure.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    shown = ["pbl", "Få utleieboliger", "9.9.9", "Boligsosialt løft", "Høring om boligplanen"]
    assert {text: text in html for text in shown} == dict.fromkeys(shown, lists == "full")


def test_timeline_shows_changes_with_who_and_when(client):
    data = make_plan_with_measures(5)
    measure = _rich_measure(data)
    client.force_login(data.coordinator)
    html = client.get(measure.get_absolute_url()).content.decode()
    assert "Fullført" in html and "Status: " in html
    assert f"Ansvarlig virksomhet: {data.departments[0].name} → {data.departments[1].name}" in html
    assert "Begrunnelse: Ny organisering" in html
    assert "skrev en kommentar" in html and "Hei!" in html
    assert "leverte statusoppdatering: Fullført, 100 %" in html
    assert f"{data.coordinator.get_full_name()} ga hovedansvaret til" in html


def test_politicians_and_the_public_see_status_updates_but_no_internals(client):
    data = make_plan_with_measures(5)
    measure = _rich_measure(data)
    for user in (make_user(Role.POLITICIAN), None):
        if user:
            client.force_login(user)
        else:
            client.logout()
        html = client.get(measure.get_absolute_url()).content.decode()
        assert "Arbeidet går etter planen." in html
        assert "Hei!" not in html
        assert "Ny organisering" not in html
        assert "Tidslinje" not in html
        assert reverse("measures:comment_add", args=[measure.pk]) not in html


def test_owner_and_coordinator_write_in_the_comment_thread(client):
    data = make_plan_with_measures(3)
    measure = data.measures[1]
    client.force_login(data.leads[1])
    url = reverse("measures:comment_add", args=[measure.pk])
    response = client.post(url, {"text": "  Vi trenger hjelp med finansieringen.  "})
    assert response.status_code == 302
    comment = Comment.objects.filter(measure=measure).latest("created_at")
    assert (comment.author, comment.text) == (data.leads[1], "Vi trenger hjelp med finansieringen.")


@pytest.mark.parametrize("text", ["", "   ", "x" * 5001])
def test_empty_or_huge_comment_gets_a_field_message(client, text):
    data = make_plan_with_measures(2)
    client.force_login(data.coordinator)
    response = client.post(
        reverse("measures:comment_add", args=[data.measures[0].pk]), {"text": text}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "ds-error-summary" in html and 'id="id_text_error"' in html


def test_lead_of_another_department_cannot_comment(client):
    data = make_plan_with_measures(2)
    _dept, other_lead = make_department_with_lead()
    client.force_login(other_lead)
    response = client.post(
        reverse("measures:comment_add", args=[data.measures[0].pk]), {"text": "Hei"}
    )
    assert response.status_code == 403
    assert not Comment.objects.filter(author=other_lead).exists()
