"""The council report: snapshot, real WeasyPrint rendering, the task's states, publishing."""

import datetime as dt
import json
import re
import shutil
import subprocess
from pathlib import Path

import pypdf
import pytest
from django.utils import timezone

from bodobolig.errors import DomainError
from bodobolig.permissions import Role
from demo import bodo
from measures import background_pdf
from measures.models import CouncilReport, FollowUpSettings, Measure
from measures.notifications import notices
from measures.reports import rendering, snapshot
from measures.reports import services as report_services
from measures.reports import tasks as report_tasks
from plans.models import Plan
from tests.factories import (
    CouncilReportFactory,
    GoalFactory,
    MeasureFactory,
    PlanFactory,
    StatusUpdateFactory,
    StrategyFactory,
    make_user,
)

pytestmark = pytest.mark.django_db

# Rendered pages to look at, outside git (/test-artifacts/ is in .gitignore): a run leaves
# the checkout clean.
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"


def _text(pdf: bytes, tmp_path) -> str:
    """pdftotext output with whitespace normalised (goal statements wrap across lines)."""
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        ["pdftotext", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return re.sub(r"\s+", " ", out)


def _request(plan, coordinator, **kwargs):
    kwargs.setdefault("as_of", timezone.localdate())
    return report_services.council_report_request(
        plan=plan, user=coordinator, queue_render=False, **kwargs
    )


@pytest.fixture
def coordinator():
    return make_user(Role.COORDINATOR)


@pytest.fixture
def demo_plan():
    bodo.load_demo()
    return Plan.objects.get(slug=bodo.HISTORIC_SLUG)


def test_demo_report_pdf_has_goal_statements_counts_a_measure_row_and_case_number(
    demo_plan, coordinator, tmp_path
):
    report = _request(
        demo_plan,
        coordinator,
        case_number="14/1234",
        committee="Bystyret",
        as_of=dt.date(2017, 12, 31),
    )
    report = report_services.council_report_render(report_id=report.pk)

    assert report.status == CouncilReport.Status.READY, report.error
    pdf = report.file.read()
    text = _text(pdf, tmp_path)
    for _number, _title, statement in bodo.GOALS:
        assert re.sub(r"\s+", " ", statement) in text
    assert "14/1234" in text
    assert "Statusrapport per 31. desember 2017" in text
    counts = demo_plan.measures.values_list("status", flat=True)
    completed = sum(1 for s in counts if s == Measure.Status.COMPLETED)
    assert re.search(rf"Fullført {completed} ", text)
    assert re.search(rf"Totalt {len(counts)} ", text)
    # A measure row in the appendix's table of every measure: code, title, department and
    # owner, status, progress. Bolig Nu is an ongoing service, so it is still under way at
    # the end of the period.
    bolig_nu = demo_plan.measures.get(title__startswith="Bolig Nu")
    assert re.search(
        rf"{re.escape(bolig_nu.code)} Bolig Nu – midlertidig bolig med .*NAV Bodø, .* Pågår "
        rf"{bolig_nu.progress} %",
        text,
    )
    assert report.page_count == len(pypdf.PdfReader(report.file.path).pages)
    assert "Side 2 av" in text


def test_demo_report_is_tagged_pdf_ua_with_language_title_and_embedded_fonts(
    demo_plan, coordinator
):
    report = _request(demo_plan, coordinator, title="Statusrapport 2017")
    report = report_services.council_report_render(report_id=report.pk)

    reader = pypdf.PdfReader(report.file.path)
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "nb"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert reader.metadata.title == "Statusrapport 2017"
    fonts = {
        str(font["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any("DejaVu-Sans" in name for name in fonts)


def test_demo_report_first_page_is_kept_as_a_png_artefact(demo_plan, coordinator, tmp_path):
    if not shutil.which("pdftoppm"):
        pytest.fail("pdftoppm (poppler-utils) is required to render the report preview")
    report = _request(
        demo_plan,
        coordinator,
        case_number="2014/1234",
        committee="Bystyret",
        meeting_date=timezone.localdate() + dt.timedelta(days=14),
    )
    report = report_services.council_report_render(report_id=report.pk)
    ARTIFACTS.mkdir(exist_ok=True)
    prefix = ARTIFACTS / "council-report-demo"
    for page in (1, 2, 4, 11):
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "80",
                "-f",
                str(page),
                "-l",
                str(page),
                "-singlefile",
                report.file.path,
                f"{prefix}-page{page}",
            ],
            check=True,
        )
    first = prefix.with_name(prefix.name + "-page1.png")
    assert first.stat().st_size > 10_000
    assert first.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_plan_without_measures_gives_a_report_that_says_so(coordinator, tmp_path):
    plan = PlanFactory(title="Tom plan")
    GoalFactory(plan=plan, statement="Et mål uten tiltak.")

    report = report_services.council_report_render(report_id=_request(plan, coordinator).pk)

    assert report.status == CouncilReport.Status.READY, report.error
    text = _text(report.file.read(), tmp_path)
    assert "Planen har ingen tiltak ennå" in text
    assert "Et mål uten tiltak." in text
    assert "Ingen tiltak i dette målområdet ennå" in text


def test_snapshot_is_json_and_frozen_at_request_time(coordinator):
    measure = MeasureFactory(status=Measure.Status.IN_PROGRESS, progress=40)
    report = _request(measure.plan, coordinator)
    Measure.objects.filter(pk=measure.pk).update(status=Measure.Status.COMPLETED, progress=100)

    report.refresh_from_db()
    assert json.loads(json.dumps(report.snapshot)) == report.snapshot
    (row,) = report.snapshot["measures"]
    assert row["status"] == Measure.Status.IN_PROGRESS
    assert report.snapshot["summary"]["counts"]["in_progress"] == 1


def test_render_reads_only_the_snapshot(coordinator, django_assert_num_queries):
    measure = MeasureFactory()
    snapshot = _request(measure.plan, coordinator).snapshot

    with django_assert_num_queries(0):
        rendered = rendering.render_report(snapshot)

    assert rendered.content.startswith(b"%PDF")


def test_snapshot_query_count_does_not_grow_with_measures(coordinator, django_assert_num_queries):
    def plan_with(n):
        strategy = StrategyFactory()
        for _ in range(n):
            measure = MeasureFactory(strategy=strategy)
            StatusUpdateFactory(measure=measure)
        return strategy.goal.plan

    small, large = plan_with(2), plan_with(12)
    FollowUpSettings.load()
    # measures (with strategy, goal, department, owner, implementation plan), status updates,
    # follow-up settings, goals, strategies, previous report, funding per year and the
    # decisions with their case numbers, indicators (no values/targets queries: there are
    # none) and their regions, challenges: exists, answered, list.
    with django_assert_num_queries(13):
        snapshot.build_snapshot(plan=small, as_of=timezone.localdate())
    with django_assert_num_queries(13):
        snapshot.build_snapshot(plan=large, as_of=timezone.localdate())


def test_late_and_at_risk_measures_are_listed_with_their_causes(coordinator):
    late = MeasureFactory(planned_end=timezone.localdate() - dt.timedelta(days=5))
    risky = MeasureFactory(strategy=late.strategy)
    StatusUpdateFactory(measure=risky, risks="Mangler tomt.", needs_help=True)
    fine = MeasureFactory(strategy=late.strategy)
    StatusUpdateFactory(measure=fine)

    snapshot = _request(late.plan, coordinator).snapshot

    attention = {row["code"]: row for row in snapshot["attention"]}
    assert "er passert" in " ".join(attention[late.code]["reasons"])
    assert "ber om hjelp" in " ".join(attention[risky.code]["reasons"])
    assert attention[risky.code]["update"]["risks"] == "Mangler tomt."
    assert fine.code not in attention


def test_change_since_the_previous_published_report_of_the_same_plan(coordinator):
    measure = MeasureFactory(status=Measure.Status.IN_PROGRESS, progress=40)
    first = report_services.council_report_render(report_id=_request(measure.plan, coordinator).pk)
    report_services.council_report_publish(report=first, user=coordinator)
    draft = report_services.council_report_render(
        report_id=_request(measure.plan, coordinator, case_number="24/9").pk
    )  # ready but never published: not what the politicians saw
    Measure.objects.filter(pk=measure.pk).update(status=Measure.Status.COMPLETED, progress=100)

    second = _request(measure.plan, coordinator, case_number="24/10")
    assert draft.status == CouncilReport.Status.READY

    previous = second.snapshot["previous"]
    assert previous["title"] == first.title
    assert previous["delta"]["completed"] == 1
    assert previous["delta"]["in_progress"] == -1
    assert previous["changes"][0]["code"] == measure.code
    (row,) = second.snapshot["measures"]
    assert row["status_changed"]


def test_goal_chapters_show_the_measures_the_council_must_read_and_the_appendix_all(
    coordinator,
):
    late = MeasureFactory(planned_end=timezone.localdate() - dt.timedelta(days=5))
    fine = MeasureFactory(strategy=late.strategy, planned_end=None)
    StatusUpdateFactory(measure=fine)
    risky = MeasureFactory(strategy=late.strategy, planned_end=None)
    StatusUpdateFactory(measure=risky, risks="Mangler tomt.")

    context = rendering.render_context(_request(late.plan, coordinator).snapshot)

    (goal,) = context["goals"]
    # Late (or postponed, stale, changed status) with their text; risks are in "Avvik".
    assert [m["code"] for m in goal["council_measures"]] == [late.code]
    assert goal["strategies"][0]["measure_count"] == 3
    assert {m["code"] for m in context["measures"]} == {late.code, fine.code, risky.code}


def test_a_snapshot_from_before_status_changed_still_renders(coordinator):
    measure = MeasureFactory(status=Measure.Status.POSTPONED)
    snapshot = _request(measure.plan, coordinator).snapshot
    for row in snapshot["measures"]:
        del row["status_changed"]

    (goal,) = rendering.render_context(snapshot)["goals"]

    assert [m["code"] for m in goal["council_measures"]] == [measure.code]


def test_a_failed_render_is_marked_failed_with_its_reason_and_can_be_retried(
    coordinator, monkeypatch
):
    measure = MeasureFactory()
    report = _request(measure.plan, coordinator)

    def broken(snapshot):
        raise ValueError("malen mangler")

    with monkeypatch.context() as patch:
        patch.setattr(rendering, "render_report", broken)
        failed = report_services.council_report_render(report_id=report.pk)
    assert failed.status == CouncilReport.Status.FAILED
    assert "malen mangler" in failed.error

    with pytest.raises(DomainError):
        report_services.council_report_publish(report=failed, user=coordinator)
    report_services.council_report_retry(report=failed, user=coordinator)
    retried = report_services.council_report_render(report_id=report.pk)

    assert retried.status == CouncilReport.Status.READY
    assert retried.error == ""
    assert retried.file.read().startswith(b"%PDF")


def test_retry_of_a_report_that_has_not_failed_is_refused(coordinator):
    report = CouncilReportFactory(status=CouncilReport.Status.READY)
    with pytest.raises(DomainError, match="feilet"):
        report_services.council_report_retry(report=report, user=coordinator)


def test_task_renders_a_queued_report_and_a_second_run_does_nothing(coordinator):
    report = _request(MeasureFactory().plan, coordinator)

    assert report_tasks.render_council_report.delay(report.pk).get() == "ready"
    assert report_tasks.render_council_report.delay(report.pk).get() == "skipped"


def test_task_retries_transient_errors_then_marks_failed(coordinator, monkeypatch):
    report = _request(MeasureFactory().plan, coordinator)
    calls = []

    def disk_full(snapshot):
        calls.append(1)
        raise OSError("No space left on device")

    monkeypatch.setattr(rendering, "render_report", disk_full)
    report_tasks.render_council_report.delay(report.pk)

    report.refresh_from_db()
    assert len(calls) == report_tasks.RENDER_MAX_RETRIES + 1
    assert report.status == CouncilReport.Status.FAILED
    assert "No space left on device" in report.error


def test_transient_error_before_the_last_attempt_puts_the_report_back_in_the_queue(
    coordinator, monkeypatch
):
    report = _request(MeasureFactory().plan, coordinator)
    monkeypatch.setattr(rendering, "render_report", lambda s: (_ for _ in ()).throw(OSError("nfs")))

    with pytest.raises(background_pdf.TransientRenderError):
        report_services.council_report_render(report_id=report.pk, final_attempt=False)

    report.refresh_from_db()
    assert report.status == CouncilReport.Status.QUEUED


def test_request_queues_the_render_on_commit(coordinator, django_capture_on_commit_callbacks):
    plan = MeasureFactory().plan
    with django_capture_on_commit_callbacks(execute=True):
        report = report_services.council_report_request(
            plan=plan, user=coordinator, as_of=timezone.localdate()
        )
    report.refresh_from_db()
    assert report.status == CouncilReport.Status.READY
    assert report.page_count >= 3


def test_publishing_an_unfinished_report_is_refused(coordinator):
    for status in (
        CouncilReport.Status.QUEUED,
        CouncilReport.Status.RENDERING,
        CouncilReport.Status.FAILED,
    ):
        report = CouncilReportFactory(status=status)
        with pytest.raises(DomainError, match="ferdig"):
            report_services.council_report_publish(report=report, user=coordinator)
        report.refresh_from_db()
        assert report.published_at is None


def test_publishing_a_ready_report_notifies_the_politicians_on_commit(
    coordinator, monkeypatch, django_capture_on_commit_callbacks
):
    report = CouncilReportFactory(status=CouncilReport.Status.READY)
    sent = []
    monkeypatch.setattr(notices, "council_report_published", lambda **kw: sent.append(kw))

    with django_capture_on_commit_callbacks(execute=True):
        report_services.council_report_publish(report=report, user=coordinator)

    report.refresh_from_db()
    assert report.published_by == coordinator
    assert sent == [{"council_report_id": report.pk}]
    with pytest.raises(DomainError, match="allerede"):
        report_services.council_report_publish(report=report, user=coordinator)


@pytest.mark.parametrize("role", [Role.LEAD, Role.POLITICIAN, Role.PUBLIC])
def test_only_the_coordinator_may_request_or_publish(role):
    user = make_user(role)
    plan = PlanFactory()
    with pytest.raises(DomainError):
        report_services.council_report_request(plan=plan, user=user, as_of=timezone.localdate())
    with pytest.raises(DomainError):
        report_services.council_report_publish(
            report=CouncilReportFactory(status=CouncilReport.Status.READY), user=user
        )


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"case_number": "1234"}, "case_number"),
        ({"as_of": dt.date.today() + dt.timedelta(days=2)}, "as_of"),
        ({"meeting_date": dt.date.today() - dt.timedelta(days=1)}, "meeting_date"),
    ],
)
def test_request_refuses_bad_parameters_with_a_field_message(coordinator, fields, field):
    fields.setdefault("as_of", timezone.localdate())
    with pytest.raises(DomainError) as error:
        report_services.council_report_request(plan=PlanFactory(), user=coordinator, **fields)
    assert error.value.field == field
    assert not CouncilReport.objects.exists()


def test_request_refuses_a_round_of_another_plan(coordinator):
    from tests.factories import ReportingRoundFactory

    with pytest.raises(DomainError, match="annen plan"):
        report_services.council_report_request(
            plan=PlanFactory(),
            user=coordinator,
            as_of=timezone.localdate(),
            reporting_round=ReportingRoundFactory(),
        )


def test_a_report_stuck_in_rendering_is_claimed_again_after_the_timeout(coordinator):
    report = _request(MeasureFactory().plan, coordinator)
    CouncilReport.objects.filter(pk=report.pk).update(
        status=CouncilReport.Status.RENDERING, rendered_at=timezone.now()
    )
    assert report_services.council_report_render(report_id=report.pk) is None  # a live render

    CouncilReport.objects.filter(pk=report.pk).update(
        rendered_at=timezone.now() - background_pdf.RENDER_CLAIM_TIMEOUT - dt.timedelta(minutes=1)
    )
    assert report_services.council_report_render(report_id=report.pk).status == "ready"


def test_report_is_in_bokmal_even_when_requested_in_english(coordinator, tmp_path):
    from django.utils import translation

    measure = MeasureFactory(status=Measure.Status.POSTPONED)
    with translation.override("en"):
        report = _request(measure.plan, coordinator)
        report = report_services.council_report_render(report_id=report.pk)

    assert report.title.startswith("Statusrapport ")
    assert report.snapshot["measures"][0]["status_label"] == "Utsatt"
    text = _text(report.file.read(), tmp_path)
    assert "Sammendrag" in text and "Summary" not in text


def test_beat_requeues_reports_the_broker_lost_and_leaves_fresh_ones(coordinator):
    lost = _request(MeasureFactory().plan, coordinator)
    fresh = _request(MeasureFactory().plan, coordinator)
    CouncilReport.objects.filter(pk=lost.pk).update(
        requested_at=timezone.now() - background_pdf.RENDER_CLAIM_TIMEOUT - dt.timedelta(minutes=1)
    )

    assert report_tasks.requeue_stuck_council_reports.delay().get() == 1

    lost.refresh_from_db()
    fresh.refresh_from_db()
    assert lost.status == CouncilReport.Status.READY
    assert fresh.status == CouncilReport.Status.QUEUED


def test_beat_schedule_requeues_stuck_council_reports():
    from bodobolig.celery import app

    entry = app.conf.beat_schedule["requeue-stuck-council-reports"]
    assert entry["task"] == "measures.tasks.requeue_stuck_council_reports"
    assert entry["task"] in app.tasks


def test_a_double_submitted_request_creates_one_report(coordinator):
    plan = MeasureFactory().plan
    first = _request(plan, coordinator, case_number="24/1")
    second = _request(plan, coordinator, case_number="24/1")
    other = _request(plan, coordinator, case_number="24/2")

    assert second.pk == first.pk
    assert other.pk != first.pk
    assert CouncilReport.objects.count() == 2


def test_a_double_submit_after_the_first_is_ready_creates_one_report(coordinator):
    # With tasks in process (the embedded default) the first is ready before the second.
    plan = MeasureFactory().plan
    first = _request(plan, coordinator, case_number="24/1")
    CouncilReport.objects.filter(pk=first.pk).update(status=CouncilReport.Status.READY)
    assert _request(plan, coordinator, case_number="24/1").pk == first.pk


def test_a_report_dated_before_the_plan_period_is_refused(coordinator):
    plan = MeasureFactory().plan  # 2014–2017
    with pytest.raises(DomainError) as error:
        _request(plan, coordinator, as_of=dt.date(1990, 1, 1))
    assert error.value.field == "as_of"
    assert not CouncilReport.objects.exists()
