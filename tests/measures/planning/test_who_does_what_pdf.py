"""The "Hvem gjør hva" PDF is rendered by a Celery task, not in the request: asking for
it queues one render (a double click reuses it), the page shows waiting / ready / failed
with "Prøv igjen", unchanged data reuses the file, changed data renders again."""

import datetime as dt
import io

import pypdf
import pytest
from django.urls import reverse
from django.utils import timezone

from bodobolig.people import display_name
from bodobolig.permissions import Role
from measures import background_pdf
from measures.models import WhoDoesWhatPdf
from measures.planning import annex_pdf, exports, selectors
from measures.planning import tasks as planning_tasks
from plans.models import Plan
from tests.factories import (
    DepartmentFactory,
    GoalFactory,
    MeasureFactory,
    PlanFactory,
    StrategyFactory,
    make_user,
)
from tests.measures.planning.conftest import owned_measure

pytestmark = pytest.mark.django_db


@pytest.fixture
def owned():
    measure = owned_measure()
    measure.contributing_departments.add(
        DepartmentFactory(name="NAV Bodø", is_external=True),
        DepartmentFactory(name="Boligkontoret"),
    )
    return measure


def _request_url(plan):
    return reverse("planning:who_does_what_pdf_request", kwargs={"slug": plan.slug})


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)


def test_asking_twice_queues_exactly_one_render(
    client, owned, monkeypatch, django_capture_on_commit_callbacks
):
    queued = []
    monkeypatch.setattr(
        background_pdf, "queue_task", lambda name, *args: queued.append((name, args))
    )
    plan = owned.plan

    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(_request_url(plan))
        second = client.post(_request_url(plan))  # a double click while the first is pending

    (annex,) = WhoDoesWhatPdf.objects.filter(plan=plan)
    assert queued == [("measures.tasks.render_who_does_what_pdf", (annex.pk,))]
    assert first["Location"] == second["Location"] == annex.get_absolute_url()
    page = client.get(annex.get_absolute_url()).content.decode()
    assert 'role="status"' in page and "står i kø" in page
    status = client.get(
        reverse("planning:who_does_what_pdf_status", kwargs={"slug": plan.slug, "pk": annex.pk})
    ).json()
    assert status["pending"] is True and status["status"] == "queued"


def test_the_render_makes_a_pdf_whose_text_reads_back(
    client, owned, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_request_url(owned.plan))
    annex = WhoDoesWhatPdf.objects.get(plan=owned.plan)
    assert annex.status == WhoDoesWhatPdf.Status.READY and annex.page_count >= 1

    page = client.get(response["Location"]).content.decode()
    download = reverse(
        "planning:who_does_what_pdf_download", kwargs={"slug": owned.plan.slug, "pk": annex.pk}
    )
    assert "PDF-en er klar (1 side)" in page and download in page
    pdf = client.get(download)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = _pdf_text(b"".join(pdf.streaming_content))
    for expected in (owned.code, "Ola Eier", "NAV Bodø", "Boligkontoret", "Hvem gjør hva"):
        assert expected in text
    # Unchanged data: the next request goes straight to the file, nothing is rendered.
    again = client.post(_request_url(owned.plan))
    assert again["Location"] == download
    assert WhoDoesWhatPdf.objects.filter(plan=owned.plan).count() == 1


def test_changed_data_renders_again_and_the_old_file_is_deleted(
    owned, django_capture_on_commit_callbacks
):
    user = make_user(Role.COORDINATOR)
    with django_capture_on_commit_callbacks(execute=True):
        old = annex_pdf.who_does_what_pdf_request(plan=owned.plan, user=user)
    old.refresh_from_db()
    old_path = old.file.path
    owned.title = "Et nytt navn på tiltaket"
    owned.save()

    with django_capture_on_commit_callbacks(execute=True):
        new = annex_pdf.who_does_what_pdf_request(plan=owned.plan, user=user)

    new.refresh_from_db()
    assert new.pk != old.pk and new.status == WhoDoesWhatPdf.Status.READY
    assert "Et nytt navn på tiltaket" in _pdf_text(new.file.read())
    assert list(WhoDoesWhatPdf.objects.filter(plan=owned.plan)) == [new]
    assert not old.file.storage.exists(old_path)


def test_a_failed_render_shows_why_and_prov_igjen_renders_again(
    client, owned, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(snapshot, *, generated):
        raise ValueError("malen mangler")

    with monkeypatch.context() as patch:
        patch.setattr(exports, "who_does_what_pdf", broken)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(_request_url(owned.plan))
    failed = WhoDoesWhatPdf.objects.get(plan=owned.plan)
    assert failed.status == WhoDoesWhatPdf.Status.FAILED

    page = client.get(response["Location"]).content.decode()
    assert "PDF-en kunne ikke lages" in page and "malen mangler" in page
    assert f'action="{_request_url(owned.plan)}"' in page and "Prøv igjen" in page

    with django_capture_on_commit_callbacks(execute=True):
        client.post(_request_url(owned.plan))
    latest = WhoDoesWhatPdf.objects.filter(plan=owned.plan).first()
    assert latest.pk != failed.pk and latest.status == WhoDoesWhatPdf.Status.READY


def test_a_render_whose_worker_died_is_failed_after_three_minutes(owned, monkeypatch):
    annex = annex_pdf.who_does_what_pdf_request(plan=owned.plan, user=None)  # not queued
    WhoDoesWhatPdf.objects.filter(pk=annex.pk).update(
        status=WhoDoesWhatPdf.Status.RENDERING,
        rendered_at=timezone.now() - dt.timedelta(minutes=4),
    )
    fresh = WhoDoesWhatPdf.objects.create(
        plan=PlanFactory(),
        fingerprint="f" * 64,
        status=WhoDoesWhatPdf.Status.RENDERING,
        rendered_at=timezone.now() - dt.timedelta(minutes=1),
    )

    planning_tasks.recover_stuck_who_does_what_pdfs.delay()

    annex.refresh_from_db()
    fresh.refresh_from_db()
    assert annex.status == WhoDoesWhatPdf.Status.FAILED
    assert "Arbeidsprosessen stoppet" in annex.error
    assert fresh.status == WhoDoesWhatPdf.Status.RENDERING


def test_a_render_the_broker_lost_is_queued_again_and_rendered_once(owned):
    annex = annex_pdf.who_does_what_pdf_request(plan=owned.plan, user=None)  # not queued
    WhoDoesWhatPdf.objects.filter(pk=annex.pk).update(
        requested_at=timezone.now() - dt.timedelta(minutes=4)
    )

    assert planning_tasks.recover_stuck_who_does_what_pdfs.delay().get() == 1

    annex.refresh_from_db()
    assert annex.status == WhoDoesWhatPdf.Status.READY
    assert planning_tasks.render_who_does_what_pdf.delay(annex.pk).get() == "skipped"


def test_beat_recovers_stuck_who_does_what_pdfs_every_two_minutes():
    from bodobolig.celery import app

    entry = app.conf.beat_schedule["recover-stuck-who-does-what-pdfs"]
    assert entry["task"] == "measures.tasks.recover_stuck_who_does_what_pdfs"
    assert entry["schedule"].minute == set(range(0, 60, 2))


def test_a_draft_plans_pdf_is_for_staff_and_never_stored(
    client, django_capture_on_commit_callbacks
):
    draft = PlanFactory(status=Plan.Status.DRAFT)
    MeasureFactory(strategy=StrategyFactory(goal=GoalFactory(plan=draft)))
    assert client.post(_request_url(draft)).status_code == 404
    client.force_login(make_user(Role.LEAD))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_request_url(draft))
    annex = WhoDoesWhatPdf.objects.get(plan=draft)
    download = reverse(
        "planning:who_does_what_pdf_download", kwargs={"slug": draft.slug, "pk": annex.pk}
    )

    response = client.get(download)

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    client.logout()
    assert client.get(download).status_code == 404


def test_a_pdf_is_reached_only_through_its_own_plan(client, owned):
    annex = annex_pdf.who_does_what_pdf_request(plan=owned.plan, user=None)
    other = PlanFactory(status=Plan.Status.ADOPTED)
    url = reverse("planning:who_does_what_pdf_detail", kwargs={"slug": other.slug, "pk": annex.pk})
    assert client.get(url).status_code == 404


def test_the_old_pdf_address_leads_to_the_button(client, owned):
    response = client.get(
        reverse("planning:who_does_what", kwargs={"slug": owned.plan.slug, "fmt": "pdf"})
    )
    assert response["Location"] == reverse("plans:plan_about", kwargs={"slug": owned.plan.slug})
    about = client.get(response["Location"]).content.decode()
    assert f'action="{_request_url(owned.plan)}"' in about


def test_the_rows_name_owners_as_everywhere_and_take_two_queries(owned, django_assert_num_queries):
    nameless = make_user(Role.LEAD, first_name="", last_name="", username="kari.k")
    MeasureFactory(strategy=owned.strategy, responsible_person=nameless)

    with django_assert_num_queries(2):
        rows = selectors.who_does_what(owned.plan)

    assert [row.owner for row in rows] == [
        display_name(owned.responsible_person),
        display_name(nameless),
    ]
    assert rows[0].contributing == ["Boligkontoret"] and rows[0].partners == ["NAV Bodø"]
    assert rows[0].status == owned.get_status_display()
