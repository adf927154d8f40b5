"""Council report pages: who sees which report, the request form, polling, download, actions."""

import base64
import datetime as dt
import re

import pytest
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from bodobolig.models import AuditEntry
from bodobolig.permissions import Role
from measures.models import CouncilReport
from measures.reports import snapshot
from plans.models import Plan
from tests.factories import CouncilReportFactory, MeasureFactory, PlanFactory, make_user

pytestmark = pytest.mark.django_db

ROLES = [Role.PUBLIC, Role.POLITICIAN, Role.LEAD, Role.COORDINATOR, Role.ADMIN]


def _client_for(client, role):
    if role is not Role.PUBLIC:
        client.force_login(make_user(role))
    return client


def _ready(plan_status=Plan.Status.ADOPTED, published=False, **kwargs):
    report = CouncilReportFactory(
        plan=PlanFactory(status=plan_status),
        status=CouncilReport.Status.READY,
        published_at=timezone.now() if published else None,
        page_count=3,
        **kwargs,
    )
    report.file.save("r.pdf", ContentFile(b"%PDF-1.7 test"), save=True)
    return report


# (report kind, role) → may see. Unpublished: staff only. Published: politicians always;
# the public only for adopted or completed plans.
VISIBILITY = {
    "unpublished": {
        Role.PUBLIC: False,
        Role.POLITICIAN: False,
        Role.LEAD: True,
        Role.COORDINATOR: True,
        Role.ADMIN: True,
    },
    "published_adopted": dict.fromkeys(ROLES, True),
    "published_completed": dict.fromkeys(ROLES, True),
    "published_hearing": {
        Role.PUBLIC: False,
        Role.POLITICIAN: True,
        Role.LEAD: True,
        Role.COORDINATOR: True,
        Role.ADMIN: True,
    },
}


def _make(kind):
    return {
        "unpublished": lambda: _ready(),
        "published_adopted": lambda: _ready(published=True),
        "published_completed": lambda: _ready(Plan.Status.COMPLETED, published=True),
        "published_hearing": lambda: _ready(Plan.Status.HEARING, published=True),
    }[kind]()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("kind", list(VISIBILITY))
def test_detail_status_and_download_follow_the_visibility_matrix(client, role, kind):
    report = _make(kind)
    client = _client_for(client, role)
    expected = 200 if VISIBILITY[kind][role] else 404

    for name in ("council_report_detail", "council_report_status", "council_report_download"):
        response = client.get(reverse(f"measures:{name}", args=[report.pk]))
        assert response.status_code == expected, (name, role, kind)
    if expected == 200:
        response = client.get(reverse("measures:council_report_download", args=[report.pk]))
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize("role", ROLES)
def test_list_shows_each_role_only_the_reports_it_may_see(client, role):
    reports = {kind: _make(kind) for kind in VISIBILITY}
    response = _client_for(client, role).get(reverse("measures:council_report_list"))

    assert response.status_code == 200
    shown = {r.pk for r in response.context["page"].object_list}
    assert shown == {reports[k].pk for k in VISIBILITY if VISIBILITY[k][role]}


def test_report_list_query_count_does_not_grow_with_reports(client, django_assert_num_queries):
    client.force_login(make_user(Role.POLITICIAN))
    for _ in range(2):
        _ready(published=True)
    url = reverse("measures:council_report_list")
    # session, user, groups (role), plans for the filter's choices, plans for the
    # "request" buttons, count for the paginator, the page of reports with their plans
    with django_assert_num_queries(7):
        client.get(url)
    for _ in range(8):
        _ready(published=True)
    with django_assert_num_queries(7):
        client.get(url)


def test_pending_report_page_polls_and_names_its_state(client):
    client.force_login(make_user(Role.COORDINATOR))
    report = CouncilReportFactory(status=CouncilReport.Status.QUEUED)

    page = client.get(report.get_absolute_url()).content.decode()
    assert 'data-poll-url="' in page
    assert 'role="status"' in page
    assert "Rapporten står i kø" in page

    data = client.get(reverse("measures:council_report_status", args=[report.pk])).json()
    assert data["status"] == "queued"
    assert data["pending"] is True
    assert data["message"] == "Rapporten står i kø og lages om litt."


def test_failed_report_shows_reason_and_retry_button_to_the_coordinator(client):
    client.force_login(make_user(Role.COORDINATOR))
    report = CouncilReportFactory(
        status=CouncilReport.Status.FAILED, error="ValueError: feil i malen"
    )

    page = client.get(report.get_absolute_url()).content.decode()
    assert "ValueError: feil i malen" in page
    assert reverse("measures:council_report_retry", args=[report.pk]) in page
    assert "data-poll-url" not in page


def test_coordinator_retries_a_failed_report_and_it_renders(
    client, django_capture_on_commit_callbacks
):
    client.force_login(make_user(Role.COORDINATOR))
    plan = MeasureFactory().plan
    report = CouncilReportFactory(plan=plan, status=CouncilReport.Status.FAILED, error="x")

    report.snapshot = snapshot.build_snapshot(plan=plan, as_of=timezone.localdate())
    report.save(update_fields=["snapshot"])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("measures:council_report_retry", args=[report.pk]))

    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == CouncilReport.Status.READY


def test_coordinator_publishes_a_ready_report_from_the_page(client):
    client.force_login(make_user(Role.COORDINATOR))
    report = _ready()
    page = client.get(report.get_absolute_url()).content.decode()
    publish_url = reverse("measures:council_report_publish", args=[report.pk])
    assert f'href="{publish_url}"' in page

    response = client.post(publish_url, {"confirmed": "yes"})

    assert response.status_code == 302
    report.refresh_from_db()
    assert report.is_published


def test_publishing_an_unfinished_report_from_the_page_shows_why(client):
    client.force_login(make_user(Role.COORDINATOR))
    report = CouncilReportFactory(status=CouncilReport.Status.RENDERING)

    response = client.post(
        reverse("measures:council_report_publish", args=[report.pk]),
        {"confirmed": "yes"},
        follow=True,
    )

    assert "kan ikke publiseres før den er ferdig" in response.content.decode()
    report.refresh_from_db()
    assert not report.is_published


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Role.PUBLIC, 403),
        (Role.POLITICIAN, 403),
        (Role.LEAD, 403),
        (Role.COORDINATOR, 302),
        (Role.ADMIN, 302),
    ],
)
def test_only_the_coordinator_may_publish(client, role, expected):
    report = _ready(published=False)
    # The public and politicians may not even see an unpublished report.
    if role in {Role.PUBLIC, Role.POLITICIAN}:
        expected = 404
    response = _client_for(client, role).post(
        reverse("measures:council_report_publish", args=[report.pk]), {"confirmed": "yes"}
    )
    assert response.status_code == expected


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Role.PUBLIC, 403),
        (Role.POLITICIAN, 403),
        (Role.LEAD, 403),
        (Role.COORDINATOR, 200),
        (Role.ADMIN, 200),
    ],
)
def test_only_the_coordinator_may_open_the_request_form(client, role, expected):
    plan = PlanFactory(status=Plan.Status.ADOPTED)
    response = _client_for(client, role).get(
        reverse("measures:council_report_request", args=[plan.slug])
    )
    assert response.status_code == expected


@pytest.mark.parametrize(
    ("role", "expected"),
    [(Role.PUBLIC, 404), (Role.POLITICIAN, 404), (Role.LEAD, 403), (Role.COORDINATOR, 302)],
)
def test_retry_refused_for_everyone_but_the_coordinator(client, role, expected):
    report = CouncilReportFactory(status=CouncilReport.Status.FAILED)
    response = _client_for(client, role).post(
        reverse("measures:council_report_retry", args=[report.pk])
    )
    assert response.status_code == expected


def test_request_form_creates_the_report_and_renders_it(client, django_capture_on_commit_callbacks):
    client.force_login(make_user(Role.COORDINATOR))
    plan = MeasureFactory().plan

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("measures:council_report_request", args=[plan.slug]),
            {
                "as_of": timezone.localdate().isoformat(),
                "case_number": "2014/1234",
                "committee": "Bystyret",
                "introduction": "Rådmannen legger fram status.",
            },
        )

    report = CouncilReport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == report.get_absolute_url()
    report.refresh_from_db()
    assert report.status == CouncilReport.Status.READY
    assert report.snapshot["report"]["introduction"] == "Rådmannen legger fram status."


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"as_of": ""}, "as_of", "feltet er påkrevd"),
        ({"as_of": "31.02.2017"}, "as_of", "Skriv datoen som dd.mm.åååå"),
        ({"case_number": "sak 12"}, "case_number", "Saksnummer skrives som år/løpenummer"),
        ({"as_of": "2999-01-01"}, "as_of", "kan ikke være fram i tid"),
        ({"meeting_date": "2000-01-01"}, "meeting_date", "Møtedatoen kan ikke være før"),
        ({"title": "x" * 301}, "title", "301"),
    ],
)
def test_request_form_gives_field_level_norwegian_messages(client, data, field, message):
    client.force_login(make_user(Role.COORDINATOR))
    plan = PlanFactory()
    payload = {"as_of": dt.date.today().isoformat(), **data}

    response = client.post(reverse("measures:council_report_request", args=[plan.slug]), payload)

    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    assert 'aria-invalid="true"' in response.content.decode()
    assert not CouncilReport.objects.exists()


def test_request_form_offers_only_the_plans_own_rounds(client):
    from tests.factories import ReportingRoundFactory

    client.force_login(make_user(Role.COORDINATOR))
    plan = PlanFactory()
    own = ReportingRoundFactory(plan=plan)
    other = ReportingRoundFactory()

    response = client.post(
        reverse("measures:council_report_request", args=[plan.slug]),
        {"as_of": dt.date.today().isoformat(), "reporting_round": other.pk},
    )

    assert "reporting_round" in response.context["form"].errors
    assert list(response.context["form"].fields["reporting_round"].queryset) == [own]


def _chart_svg_in(page: str) -> str:
    """The SVG inside the page's first chart image (a base64 data: URL)."""
    data = re.search(r'<img class="chart__image" src="data:image/svg\+xml;base64,([^"]+)"', page)
    assert data, "no chart image on the page"
    return base64.b64decode(data.group(1)).decode()


def test_report_page_shows_the_key_figure_chart_with_a_data_table(client):
    from demo import bodo

    bodo.load_demo()
    client.force_login(make_user(Role.COORDINATOR))
    # The key figures show the plan's own period: the plantall is the 2014–2017 plan's.
    plan = Plan.objects.get(slug=bodo.HISTORIC_SLUG)

    report = CouncilReportFactory(
        plan=plan, snapshot=snapshot.build_snapshot(plan=plan, as_of=timezone.localdate())
    )

    page = client.get(report.get_absolute_url()).content.decode()

    # The chart is an <img> of the SVG (the page's CSP blocks pygal's inline styles).
    svg = _chart_svg_in(page)
    assert 'role="img"' in svg
    assert "<title id=" in svg and "<desc id=" in svg
    assert "<script" not in svg
    assert "Planlagte boliger per år (plantall)" in page
    assert "Vis tallene som tabell" in page
    assert "<td>350</td>" in page  # the illustrative plantall for 2016
    assert "Illustrativt eksempel: mål på 300 boliger i året" in page


def test_key_figures_page_shows_the_same_chart_live(client):
    from demo import bodo

    bodo.load_demo()
    plan = Plan.objects.get(slug=bodo.HISTORIC_SLUG)

    page = client.get(reverse("key_figures", args=[plan.slug])).content.decode()

    assert 'role="img"' in _chart_svg_in(page)
    assert 'alt="Planlagte boliger per år (plantall) og Fullførte boliger per år' in page
    assert "<td>350</td>" in page


@pytest.mark.parametrize(("role", "expected"), [(Role.PUBLIC, 404), (Role.COORDINATOR, 200)])
def test_key_figures_of_a_draft_plan_are_for_staff_only(client, role, expected):
    plan = PlanFactory(status=Plan.Status.DRAFT)
    response = _client_for(client, role).get(reverse("key_figures", args=[plan.slug]))
    assert response.status_code == expected


def test_publishing_from_the_page_e_mails_the_politicians(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    politician = make_user(Role.POLITICIAN)
    client.force_login(make_user(Role.COORDINATOR))
    report = _ready()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("measures:council_report_publish", args=[report.pk]), {"confirmed": "yes"}
        )

    assert [m.to for m in mailoutbox] == [[politician.email]]
    assert report.get_absolute_url() in mailoutbox[0].body


# --- publishing asks first; withdrawing needs a reason -------------------------------------


def test_publish_confirmation_says_the_politicians_and_the_public_will_see_it(client):
    make_user(Role.POLITICIAN)
    make_user(Role.POLITICIAN)
    client.force_login(make_user(Role.COORDINATOR))
    report = _ready(Plan.Status.ADOPTED)
    url = reverse("measures:council_report_publish", args=[report.pk])

    response = client.get(url)

    body = response.content.decode()
    assert response.status_code == 200
    assert "2 folkevalgte får e-post" in body
    assert "Publikum: alle kan lese og laste ned rapporten" in body
    assert "Publiser for folkevalgte og publikum" in body
    report.refresh_from_db()
    assert not report.is_published  # looking is not publishing


def test_publish_confirmation_for_a_plan_not_yet_adopted_says_when_it_becomes_public(client):
    client.force_login(make_user(Role.COORDINATOR))
    report = _ready(Plan.Status.HEARING)
    body = client.get(reverse("measures:council_report_publish", args=[report.pk])).content
    assert "Rapporten blir offentlig for alle på nettstedet når planen er vedtatt" in (
        body.decode()
    )


def test_a_post_without_the_confirmation_only_shows_the_confirmation(client):
    client.force_login(make_user(Role.COORDINATOR))
    report = _ready()
    response = client.post(reverse("measures:council_report_publish", args=[report.pk]))
    assert response.status_code == 200
    assert "Hvem får se rapporten" in response.content.decode()
    report.refresh_from_db()
    assert not report.is_published


def _withdraw(client, report, reason):
    return client.post(
        reverse("measures:council_report_withdraw", args=[report.pk]), {"reason": reason}
    )


def test_withdrawing_hides_the_report_keeps_the_file_and_logs_the_reason(client):
    coordinator = make_user(Role.COORDINATOR)
    politician = make_user(Role.POLITICIAN)
    report = _ready(published=True)
    client.force_login(coordinator)
    detail = client.get(report.get_absolute_url()).content.decode()
    assert reverse("measures:council_report_withdraw", args=[report.pk]) in detail

    response = _withdraw(client, report, "Feil tall for midlertidig botilbud.")

    assert response.status_code == 302
    report.refresh_from_db()
    assert not report.is_published and report.is_withdrawn
    assert report.withdrawn_by == coordinator
    assert report.file  # archived, not deleted
    entry = AuditEntry.objects.get(action="council_report.withdrawn")
    assert entry.actor == coordinator
    assert entry.text == "Feil tall for midlertidig botilbud."
    # Staff still read it, with the reason and the download; politicians and the public don't.
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Feil tall for midlertidig botilbud." in page
    assert (
        client.get(reverse("measures:council_report_download", args=[report.pk])).status_code == 200
    )
    client.force_login(politician)
    assert client.get(report.get_absolute_url()).status_code == 404
    assert report.title not in client.get(reverse("measures:council_report_list")).content.decode()
    client.logout()
    assert client.get(report.get_absolute_url()).status_code == 404


def test_withdrawing_without_a_reason_shows_the_error_at_the_field(client):
    client.force_login(make_user(Role.COORDINATOR))
    report = _ready(published=True)
    response = _withdraw(client, report, "   ")
    assert response.status_code == 400
    assert response.context["form"].errors["reason"]
    report.refresh_from_db()
    assert report.is_published


def test_a_withdrawn_report_cannot_be_published_again_or_withdrawn_twice(client):
    client.force_login(make_user(Role.COORDINATOR))
    report = _ready(published=True)
    assert _withdraw(client, report, "Feil").status_code == 302
    again = client.post(
        reverse("measures:council_report_publish", args=[report.pk]),
        {"confirmed": "yes"},
        follow=True,
    )
    assert "kan ikke publiseres igjen" in again.content.decode()
    twice = client.post(
        reverse("measures:council_report_withdraw", args=[report.pk]),
        {"reason": "Igjen"},
        follow=True,
    )
    assert "allerede trukket tilbake" in twice.content.decode()
    report.refresh_from_db()
    assert not report.is_published
    assert AuditEntry.objects.filter(action="council_report.withdrawn").count() == 1


def test_the_database_refuses_a_withdrawn_report_that_is_still_published():
    report = _ready(published=True)
    report.withdrawn_at = timezone.now()
    report.withdrawal_reason = "Feil"
    with pytest.raises(IntegrityError), transaction.atomic():
        report.save()
