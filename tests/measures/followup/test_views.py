"""Pages of the follow-up workflow: the permission matrix per view × role, and behaviour."""

import datetime as dt
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from measures.followup import reporting, selectors, views
from measures.followup import services as followup_services
from measures.models import ImplementationPlan, ReportingRound, StatusUpdate, WorkPlanItem
from plans.models import WorkPlan
from tests.factories import MeasureFactory, ReportingRoundFactory
from tests.measures.workflow_world import make_world

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "politician", "lead_own", "lead_other", "coordinator"]
LOGIN = "login"


@pytest.fixture
def w():
    return make_world()


def _user(w, role):
    return {
        "anonymous": AnonymousUser(),
        "politician": w.politician,
        "lead_own": w.lead,
        "lead_other": w.other_lead,
        "coordinator": w.coordinator,
    }[role]


def _plan(w, status=ImplementationPlan.Status.DRAFT):
    ip = followup_services.implementation_plan_order(
        measures=[w.measure], due_date=timezone.localdate(), by=w.coordinator
    ).ordered[0]
    if status == ImplementationPlan.Status.ORDERED:
        return ip
    ip = followup_services.implementation_plan_save_draft(
        implementation_plan=ip,
        by=w.lead,
        expected_version=ip.version,
        expected_result="Resultat",
        activities=[{"title": "Aktivitet"}],
    )
    if status == ImplementationPlan.Status.DRAFT:
        return ip
    followup_services.implementation_plan_submit(
        implementation_plan=ip, by=w.lead, expected_version=None
    )
    if status == ImplementationPlan.Status.APPROVED:
        followup_services.implementation_plan_approve(
            implementation_plan=ip, by=w.coordinator, expected_version=None
        )
    ip.refresh_from_db()
    return ip


def _returned(w):
    ip = _plan(w, "submitted")
    return followup_services.implementation_plan_return(
        implementation_plan=ip, by=w.coordinator, expected_version=None, feedback="Mer, takk."
    )


def _round(w):
    round_ = ReportingRoundFactory(plan=w.plan)
    round_.measures.set([w.measure, w.other_measure])
    return round_


# (name, method, setup → url, expected per role in ROLES order). LOGIN = redirect to login.
def _urls():
    return {
        "order": (
            "get",
            lambda w: reverse("measures:implementation_plan_order", args=[w.plan.slug]),
            [LOGIN, 403, 403, 403, 200],
        ),
        "plan_page_draft": (
            "get",
            lambda w: reverse("measures:implementation_plan", args=[_plan(w).measure_id]),
            [404, 404, 200, 404, 200],
        ),
        "plan_page_submitted": (
            "get",
            lambda w: reverse(
                "measures:implementation_plan", args=[_plan(w, "submitted").measure_id]
            ),
            [404, 404, 200, 404, 200],
        ),
        "plan_page_returned": (
            "get",
            lambda w: reverse("measures:implementation_plan", args=[_returned(w).measure_id]),
            [404, 404, 200, 404, 200],
        ),
        "plan_page_approved": (
            "get",
            lambda w: reverse(
                "measures:implementation_plan", args=[_plan(w, "approved").measure_id]
            ),
            [200, 200, 200, 200, 200],
        ),
        "edit": (
            "get",
            lambda w: reverse("measures:implementation_plan_edit", args=[_plan(w).measure_id]),
            [LOGIN, 404, 200, 404, 200],
        ),
        "edit_approved": (
            "get",
            lambda w: reverse(
                "measures:implementation_plan_edit", args=[_plan(w, "approved").measure_id]
            ),
            [LOGIN, 403, 302, 403, 302],
        ),
        "submit": (
            "post",
            lambda w: reverse("measures:implementation_plan_submit", args=[_plan(w).measure_id]),
            [LOGIN, 404, 302, 404, 302],
        ),
        "review": (
            "post",
            lambda w: reverse(
                "measures:implementation_plan_review", args=[_plan(w, "submitted").measure_id]
            ),
            [LOGIN, 404, 403, 404, 400],
        ),
        "versions": (
            "get",
            lambda w: reverse(
                "measures:implementation_plan_versions", args=[_plan(w, "submitted").measure_id]
            ),
            [LOGIN, 404, 200, 404, 200],
        ),
        "versions_approved": (
            "get",
            lambda w: reverse(
                "measures:implementation_plan_versions", args=[_plan(w, "approved").measure_id]
            ),
            [LOGIN, 403, 200, 403, 200],
        ),
        "diff": (
            "get",
            lambda w: reverse(
                "measures:implementation_plan_diff", args=[_plan(w, "submitted").measure_id, 1]
            ),
            [LOGIN, 404, 200, 404, 200],
        ),
        "round_list": (
            "get",
            lambda w: reverse("measures:round_list"),
            [LOGIN, 403, 200, 200, 200],
        ),
        "round_open": (
            "get",
            lambda w: reverse("measures:round_open", args=[w.plan.slug]),
            [LOGIN, 403, 403, 403, 200],
        ),
        "round_detail": (
            "get",
            lambda w: reverse("measures:round_detail", args=[_round(w).pk]),
            [LOGIN, 403, 200, 200, 200],
        ),
        "round_close": (
            "post",
            lambda w: reverse("measures:round_close", args=[_round(w).pk]),
            [LOGIN, 403, 403, 403, 302],
        ),
        "status_update": (
            "get",
            lambda w: reverse("measures:status_update", args=[_round(w).pk, w.measure.pk]),
            [LOGIN, 403, 200, 403, 200],
        ),
        "my_measures": (
            "get",
            lambda w: reverse("measures:my_measures"),
            [LOGIN, 403, 200, 200, 200],
        ),
        "delegate": (
            "get",
            lambda w: reverse("measures:measure_delegate", args=[w.measure.pk]),
            [LOGIN, 403, 200, 403, 200],
        ),
    }


MATRIX = [
    (view, role, expected)
    for view, (_method, _url, row) in _urls().items()
    for role, expected in zip(ROLES, row, strict=True)
]


@pytest.mark.parametrize(("view", "role", "expected"), MATRIX)
def test_permission_matrix(client, w, view, role, expected):
    method, make_url, _row = _urls()[view]
    url = make_url(w)
    user = _user(w, role)
    if user.is_authenticated:
        client.force_login(user)
    response = getattr(client, method)(url)
    if expected == LOGIN:
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
    else:
        assert response.status_code == expected


# --- Behaviour --------------------------------------------------------------------------


def test_coordinator_orders_plans_for_several_measures(client, w):
    client.force_login(w.coordinator)
    url = reverse("measures:implementation_plan_order", args=[w.plan.slug])
    response = client.post(
        url,
        {
            "scope": "codes",
            "codes": f"{w.measure.code}, {w.other_measure.code}",
            "due_date": (timezone.localdate() + dt.timedelta(days=20)).isoformat(),
            "message": "Frist om tre uker.",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert ImplementationPlan.objects.filter(order_message="Frist om tre uker.").count() == 2
    assert "bestilt for 2 tiltak" in response.content.decode()


def test_order_form_shows_field_errors_in_norwegian(client, w):
    client.force_login(w.coordinator)
    url = reverse("measures:implementation_plan_order", args=[w.plan.slug])
    response = client.post(url, {"scope": "codes", "codes": "", "due_date": "2001-01-01"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Skriv minst én tiltakskode." in body
    assert "ds-error-summary" in body


def test_order_for_all_active_measures_without_a_plan_and_from_a_measure_page(client, w):
    client.force_login(w.coordinator)
    url = reverse("measures:implementation_plan_order", args=[w.plan.slug])
    page = client.get(url, {"tiltak": w.measure.pk}).content.decode()
    assert f"{w.measure.code}</textarea>" in page  # the measure's code, filled in
    due = (timezone.localdate() + dt.timedelta(days=20)).isoformat()
    client.post(url, {"scope": "all", "due_date": due, "message": ""})
    assert ImplementationPlan.objects.count() == 2
    again = client.post(url, {"scope": "all", "due_date": due, "message": ""})
    assert "Utvalget har ingen tiltak" in again.context["form"].errors["scope"][0]


def _edit_post(ip, version, text, **extra):
    return {
        "version": version,
        "expected_result": text,
        "resources": "",
        "risks": "",
        "activities-TOTAL_FORMS": "1",
        "activities-INITIAL_FORMS": "0",
        "activities-0-title": "Første aktivitet",
        "activities-0-responsible": "",
        "activities-0-start_date": "",
        "activities-0-due_date": "",
        "funding-TOTAL_FORMS": "1",
        "funding-INITIAL_FORMS": "0",
        "funding-0-year": "2027",
        "funding-0-amount": "250000",
        "funding-0-source": "operating",
        **extra,
    }


def test_lost_update_through_the_edit_page_keeps_both_texts(client, w):
    ip = _plan(w, "ordered")
    url = reverse("measures:implementation_plan_edit", args=[w.measure.pk])
    client.force_login(w.lead)
    first = client.post(url, _edit_post(ip, ip.version, "Lars sin tekst", save="1"))
    assert first.status_code == 302

    client.force_login(w.colleague)
    second = client.post(url, _edit_post(ip, ip.version, "Hildes tekst", save="1"))
    body = second.content.decode()
    assert second.status_code == 409
    assert "Endringene dine er ikke lagret" in body
    assert "Hildes tekst" in body  # still in the form
    assert "Lars sin tekst" in body  # the saved text shown beside it
    ip.refresh_from_db()
    assert ip.expected_result == "Lars sin tekst"
    # The form now carries the current version, so saving again goes through.
    assert second.context["form"]["version"].value() == ip.version
    third = client.post(url, _edit_post(ip, ip.version, "Hildes tekst", save="1"))
    assert third.status_code == 302
    ip.refresh_from_db()
    assert ip.expected_result == "Hildes tekst"


def test_after_a_conflict_a_text_only_the_other_person_changed_is_kept(client, w):
    ip = _plan(w, "ordered")
    original = ip.expected_result
    url = reverse("measures:implementation_plan_edit", args=[w.measure.pk])
    client.force_login(w.lead)
    assert (
        client.post(url, _edit_post(ip, ip.version, "Lars sin tekst", save="1")).status_code == 302
    )

    client.force_login(w.colleague)
    conflict = client.post(
        url, _edit_post(ip, ip.version, original, risks="Hildes risiko", save="1")
    )
    assert conflict.status_code == 409
    form = conflict.context["form"]
    assert form["expected_result"].value() == "Lars sin tekst"  # untouched by Hilde
    assert form["risks"].value() == "Hildes risiko"


def test_save_and_submit_from_the_edit_page(client, w):
    ip = _plan(w, "ordered")
    client.force_login(w.lead)
    url = reverse("measures:implementation_plan_edit", args=[w.measure.pk])
    response = client.post(url, _edit_post(ip, ip.version, "Resultat", submit="1"))
    assert response.status_code == 302
    ip.refresh_from_db()
    assert ip.status == ImplementationPlan.Status.SUBMITTED
    assert ip.versions.get().content["funding"][0]["amount"] == "250000"


def test_edit_page_refuses_bad_rows_with_messages_at_the_field(client, w):
    ip = _plan(w, "ordered")
    client.force_login(w.lead)
    url = reverse("measures:implementation_plan_edit", args=[w.measure.pk])
    data = _edit_post(ip, ip.version, "R", save="1")
    data["funding-0-amount"] = "-3"
    data["activities-0-start_date"] = "2027-05-02"
    data["activities-0-due_date"] = "2027-05-01"
    response = client.post(url, data)
    body = response.content.decode()
    assert response.status_code == 400
    assert "Fristen kan ikke være før start." in body
    assert 'href="#id_funding-0-amount"' in body
    assert 'href="#id_activities-0-due_date"' in body


def test_return_without_feedback_shows_the_error_and_keeps_the_plan_submitted(client, w):
    ip = _plan(w, "submitted")
    client.force_login(w.coordinator)
    url = reverse("measures:implementation_plan_review", args=[w.measure.pk])
    response = client.post(url, {"version": ip.version, "decision": "return", "feedback": ""})
    assert response.status_code == 400
    assert "Skriv en tilbakemelding" in response.content.decode()
    ip.refresh_from_db()
    assert ip.status == ImplementationPlan.Status.SUBMITTED


def test_politician_sees_approved_plan_without_edit_controls_or_internal_notes(client, w):
    ip = _plan(w, "approved")
    ImplementationPlan.objects.filter(pk=ip.pk).update(order_message="Intern bestilling")
    client.force_login(w.politician)
    response = client.get(reverse("measures:implementation_plan", args=[w.measure.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Resultat" in body
    for hidden in ["Rediger planen", "Lever planen", "Godkjenn", "Intern bestilling", "versjoner/"]:
        assert hidden not in body


def test_double_status_update_through_the_page_gives_a_message_not_an_error(client, w):
    round_ = _round(w)
    client.force_login(w.lead)
    url = reverse("measures:status_update", args=[round_.pk, w.measure.pk])
    data = {"status": "in_progress", "progress": "55", "text": "Bra", "risks": ""}
    assert client.post(url, data).status_code == 302
    # A second tab that still shows the form posts again.
    response = client.post(url, data)
    assert response.status_code == 400
    assert "allerede levert" in response.content.decode()
    assert StatusUpdate.objects.filter(measure=w.measure).count() == 1


def test_round_detail_shows_who_has_not_answered(client, w):
    round_ = _round(w)
    reporting.status_update_submit(
        measure=w.measure,
        reporting_round=round_,
        by=w.lead,
        status="in_progress",
        progress=5,
        text="ok",
    )
    client.force_login(w.coordinator)
    response = client.get(reverse("measures:round_detail", args=[round_.pk]))
    body = response.content.decode()
    assert "1 av 2 tiltak" in body
    assert [m.pk for m in response.context["missing"]] == [w.other_measure.pk]
    assert w.other_department.name in body


def _round_data(**extra):
    due = (timezone.localdate() + dt.timedelta(days=7)).isoformat()
    return {"name": "Høst", "due_date": due, "message": "", "scope": "all", **extra}


def test_coordinator_opens_a_round_for_every_active_measure_by_default(client, w):
    client.force_login(w.coordinator)
    url = reverse("measures:round_open", args=[w.plan.slug])
    page = client.get(url).content.decode()
    assert 'name="scope" value="all"' in page and "Alle aktive tiltak i planen (2)" in page
    response = client.post(url, _round_data(exclude_codes=w.other_measure.code))
    round_ = ReportingRound.objects.get(name="Høst")
    assert response.url == round_.get_absolute_url()
    assert list(round_.measures.all()) == [w.measure]


def test_round_chosen_by_department_or_by_code(client, w):
    client.force_login(w.coordinator)
    url = reverse("measures:round_open", args=[w.plan.slug])
    page = client.get(url).content.decode()
    assert f"{w.department.name} (1)" in page  # each group with its count
    client.post(url, _round_data(scope="groups", departments=[w.other_department.pk]))
    assert list(ReportingRound.objects.get(name="Høst").measures.all()) == [w.other_measure]
    client.post(url, _round_data(name="Vår", scope="codes", codes=w.measure.code), follow=False)
    # A second open round needs the confirmation: the form says so on its field.
    refused = client.post(url, _round_data(name="Vår", scope="codes", codes=w.measure.code))
    assert "confirm_parallel" in refused.context["form"].errors


def test_round_selection_errors_are_field_messages(client, w):
    client.force_login(w.coordinator)
    url = reverse("measures:round_open", args=[w.plan.slug])
    groups = client.post(url, _round_data(scope="groups")).context["form"].errors
    assert groups["goals"] == ["Velg minst ett målområde, én strategi eller én virksomhet."]
    codes = client.post(url, _round_data(scope="codes", codes="9.9.9, " + w.measure.code))
    assert codes.context["form"].errors["codes"] == ["Finner ikke disse kodene i planen: 9.9.9."]
    assert 'href="#id_codes"' in codes.content.decode()
    empty = client.post(url, _round_data(exclude_codes=f"{w.measure.code} {w.other_measure.code}"))
    assert "Utvalget har ingen tiltak" in empty.context["form"].errors["scope"][0]
    assert not ReportingRound.objects.exists()


def test_round_preview_shows_the_selection_without_opening_it(client, w):
    client.force_login(w.coordinator)
    url = reverse("measures:round_open", args=[w.plan.slug])
    response = client.post(url, _round_data(preview="1"))
    assert response.status_code == 200
    assert response.context["preview"]["count"] == 2
    assert "Utvalget: 2 tiltak" in response.content.decode()
    assert not ReportingRound.objects.exists()


def test_selection_pages_do_not_grow_with_the_plan(client, w):
    """The open-round and order forms show groups with counts, not a row per measure."""
    client.force_login(w.coordinator)
    urls = [
        reverse("measures:round_open", args=[w.plan.slug]),
        reverse("measures:implementation_plan_order", args=[w.plan.slug]),
    ]
    before = [len(client.get(url).content) for url in urls]
    for _ in range(40):
        MeasureFactory(strategy=w.measure.strategy, responsible_department=w.department)
    after = [len(client.get(url).content) for url in urls]
    for small, large in zip(before, after, strict=True):
        assert large - small < 200, (small, large)


def test_lead_delegates_through_the_page(client, w):
    client.force_login(w.lead)
    url = reverse("measures:measure_delegate", args=[w.measure.pk])
    assert client.post(url, {"delegate": w.colleague.pk}).status_code == 302
    w.measure.refresh_from_db()
    assert w.measure.reporting_delegate == w.colleague


def test_my_measures_page_lists_what_is_owed_with_overdue_marked(client, w):
    ip = _plan(w, "ordered")
    ImplementationPlan.objects.filter(pk=ip.pk).update(
        due_date=timezone.localdate() - dt.timedelta(days=3)
    )
    client.force_login(w.lead)
    response = client.get(reverse("measures:my_measures"))
    body = response.content.decode()
    assert "Over fristen" in body
    assert w.measure.title in body
    assert w.other_measure.title not in body


def test_form_fields_render_with_labels_required_marks_and_error_links(client, w):
    round_ = _round(w)
    client.force_login(w.lead)
    url = reverse("measures:status_update", args=[round_.pk, w.measure.pk])
    body = client.post(url, {"status": "in_progress", "progress": "150", "text": ""}).content
    body = body.decode()
    assert '<label class="ds-label" for="id_text">Status og resultater' in body
    assert "(må fylles ut)" in body
    assert 'aria-describedby="id_progress_helptext id_progress_error"' in body
    assert 'aria-invalid="true"' in body
    assert 'href="#id_progress"' in body


def test_my_measures_and_refusals_are_english_after_switching_language(client, w):
    round_ = _round(w)
    client.force_login(w.lead)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    body = client.get(reverse("measures:my_measures")).content.decode()
    assert "What you are to deliver" in body and "Dette skal du levere" not in body
    url = reverse("measures:status_update", args=[round_.pk, w.measure.pk])
    data = {"status": "in_progress", "progress": "5", "text": "ok"}
    client.post(url, data)
    assert "has already been submitted" in client.post(url, data).content.decode()


def test_round_detail_links_each_lead_to_the_answers_they_may_give(client, w):
    round_ = _round(w)
    own = reverse("measures:status_update", args=[round_.pk, w.measure.pk])
    other = reverse("measures:status_update", args=[round_.pk, w.other_measure.pk])
    client.force_login(w.lead)
    body = client.get(reverse("measures:round_detail", args=[round_.pk])).content.decode()
    assert own in body and other not in body
    client.force_login(w.coordinator)
    body = client.get(reverse("measures:round_detail", args=[round_.pk])).content.decode()
    assert own in body and other in body


def test_coordinator_orders_from_the_measure_page_with_the_measure_filled_in(client, w):
    client.force_login(w.coordinator)
    page = client.get(w.measure.get_absolute_url()).content.decode()
    order_url = reverse("measures:implementation_plan_order", args=[w.plan.slug])
    assert f"{order_url}?tiltak={w.measure.pk}" in page
    form = client.get(order_url, {"tiltak": w.measure.pk}).content.decode()
    assert f"{w.measure.code}</textarea>" in form and w.other_measure.code not in form
    assert re.search(r'name="scope" value="codes"[^>]*checked', form)
    client.force_login(w.lead)
    assert order_url not in client.get(w.measure.get_absolute_url()).content.decode()


def test_my_measures_pages_the_work_plan_and_the_measures_to_confirm(client, w):
    """Both grow with what a lead owns: twenty a page, each with its own page links; the
    overdue count is the rule of the owed list's tags."""
    many = [
        MeasureFactory(
            strategy=w.measure.strategy,
            responsible_department=w.department,
            responsible_person=w.lead,
            owner_confirmed_at=None,
        )
        for _ in range(45)
    ]
    work_plan = WorkPlan.objects.create(
        plan=w.plan, year=timezone.localdate().year, title="Arbeidsplan"
    )
    for measure in many:
        WorkPlanItem.objects.create(
            work_plan=work_plan, measure=measure, target=f"Mål {measure.code}"
        )
    client.force_login(w.lead)
    url = reverse("measures:my_measures")

    first = client.get(url)
    assert len(first.context["work_plan_items"].object_list) == views.WORK_PLAN_ITEMS_PER_PAGE
    assert first.context["work_plan_items"].paginator.count == 45
    assert first.context["to_confirm"].paginator.count >= 45
    body = first.content.decode()
    assert "?arbeidsplan=2" in body and "?bekreft=2" in body
    last = client.get(url, {"arbeidsplan": 3})
    assert len(last.context["work_plan_items"].object_list) == 5
    assert last.context["to_confirm"].number == 1  # the other lists stay on their first page


@pytest.mark.parametrize(
    ("kind", "days_due", "overdue"),
    [
        (selectors.OWED_IMPLEMENTATION_PLAN, -1, True),
        (selectors.OWED_STATUS_UPDATE, -1, True),
        (selectors.OWED_STATUS_UPDATE, 0, False),  # due today is not late yet
        (selectors.OWED_REOPENED, -30, False),  # no due date of its own
        (selectors.OWED_IMPLEMENTATION_PLAN, None, False),
    ],
)
def test_what_is_owed_is_overdue_after_its_due_day(kind, days_due, overdue):
    today = timezone.localdate()
    due = None if days_due is None else today + dt.timedelta(days=days_due)
    assert selectors.is_overdue({"kind": kind, "due": due}, today) is overdue


def test_my_measures_pages_both_lists_for_a_lead_with_many_measures(client, w):
    """A lead who owns hundreds of measures gets pages of fixed size; each is found by
    searching, and what is owed is paged too, soonest due first, with the totals."""
    many = [
        MeasureFactory(
            strategy=w.measure.strategy,
            responsible_department=w.department,
            responsible_person=w.lead,
            title=f"Generert tiltak nummer {n}",
        )
        for n in range(60)
    ]
    round_ = ReportingRoundFactory(
        plan=w.plan, due_date=timezone.localdate() - dt.timedelta(days=1)
    )
    round_.measures.set(many)
    client.force_login(w.lead)
    url = reverse("measures:my_measures")

    first = client.get(url)
    assert first.context["page"].paginator.count == 61  # and w.measure
    assert len(first.context["page"].object_list) == views.MY_MEASURES_PER_PAGE
    assert len(first.context["owed"]) == views.OWED_PER_PAGE
    assert first.context["owed_page"].paginator.count == 60
    assert first.context["overdue_count"] == 60
    body = first.content.decode()
    assert "60 ting å levere, 60 over fristen." in body
    assert "?frister=2" in body and "?page=2" in body

    last_owed = client.get(url, {"frister": 60 // views.OWED_PER_PAGE})
    assert len(last_owed.context["owed"]) == views.OWED_PER_PAGE
    assert last_owed.context["page"].number == 1  # the measures stay on their first page

    found = client.get(url, {"q": "nummer 42"})
    assert [m.title for m in found.context["page"]] == ["Generert tiltak nummer 42"]
    assert "1 tiltak passer med filtrene" in found.content.decode()
    by_code = client.get(url, {"q": many[7].code})
    assert many[7] in list(by_code.context["page"])


def test_my_measures_filters_by_how_the_user_is_responsible(client, w):
    delegated = MeasureFactory(
        strategy=w.measure.strategy,
        responsible_department=w.department,
        responsible_person=w.colleague,
        reporting_delegate=w.lead,
    )
    client.force_login(w.lead)
    url = reverse("measures:my_measures")
    owner = client.get(url, {"responsibility": "owner"}).context["page"]
    assert w.measure in list(owner) and delegated not in list(owner)
    assert list(client.get(url, {"responsibility": "delegate"}).context["page"]) == [delegated]
