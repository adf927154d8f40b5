"""Services of the follow-up workflow: implementation plans, reporting rounds, delegation."""

import datetime as dt

import pytest
from django.utils import timezone

from bodobolig.errors import ConflictError, DomainError
from measures.followup import diff, reporting
from measures.followup import selectors as followup_selectors
from measures.followup import services as followup_services
from measures.models import (
    FundingRequest,
    ImplementationPlan,
    ImplementationPlanVersion,
    Measure,
    ReportingRound,
    StatusUpdate,
)
from measures.notifications import notices
from measures.register import services as register_services
from tests.factories import (
    DepartmentFactory,
    ImplementationPlanFactory,
    MeasureFactory,
    ReportingRoundFactory,
    StrategyFactory,
    make_user,
)
from tests.measures.workflow_world import make_world

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate  # the services compare with the Oslo date


@pytest.fixture
def w():
    return make_world()


@pytest.fixture
def sent(monkeypatch):
    """Records every notice hook called (after commit)."""
    calls = []
    for name in [
        "implementation_plan_ordered",
        "implementation_plan_submitted",
        "implementation_plan_returned",
        "implementation_plan_approved",
        "status_update_submitted",
        "reporting_round_opened",
    ]:
        monkeypatch.setattr(
            notices, name, lambda _name=name, **kwargs: calls.append((_name, kwargs))
        )
    return calls


def _order(w, measures=None, **kwargs):
    kwargs.setdefault("due_date", TODAY() + dt.timedelta(days=14))
    return followup_services.implementation_plan_order(
        measures=measures or [w.measure], by=w.coordinator, **kwargs
    )


def _draft(w, ip, version, **fields):
    fields.setdefault("expected_result", "Ti nye boliger.")
    fields.setdefault(
        "activities",
        [{"title": "Avklare tomt", "responsible": w.colleague, "start_date": TODAY()}],
    )
    return followup_services.implementation_plan_save_draft(
        implementation_plan=ip, by=w.lead, expected_version=version, **fields
    )


# --- Ordering ---------------------------------------------------------------------------


def test_order_creates_one_plan_per_measure_and_notifies_after_commit(
    w, sent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = _order(w, [w.measure, w.other_measure], message="Hei")
    assert {ip.measure_id for ip in result.ordered} == {w.measure.pk, w.other_measure.pk}
    assert all(ip.status == ImplementationPlan.Status.ORDERED for ip in result.ordered)
    assert all(ip.order_message == "Hei" for ip in result.ordered)
    assert sent == [
        (
            "implementation_plan_ordered",
            {"implementation_plan_ids": [ip.pk for ip in result.ordered]},
        )
    ]


def test_order_reports_a_measure_that_already_has_a_plan_instead_of_duplicating(w):
    existing = ImplementationPlanFactory(
        measure=w.measure, status=ImplementationPlan.Status.APPROVED
    )
    result = _order(w, [w.measure, w.other_measure])
    assert [ip.pk for ip in result.already] == [existing.pk]
    assert [ip.measure_id for ip in result.ordered] == [w.other_measure.pk]
    assert ImplementationPlan.objects.filter(measure=w.measure).count() == 1
    existing.refresh_from_db()
    assert existing.status == ImplementationPlan.Status.APPROVED


def test_order_refuses_a_due_date_in_the_past(w):
    with pytest.raises(DomainError) as error:
        _order(w, due_date=TODAY() - dt.timedelta(days=1))
    assert error.value.field == "due_date"
    assert not ImplementationPlan.objects.exists()


def test_order_refuses_no_measures(w):
    with pytest.raises(DomainError) as error:
        followup_services.implementation_plan_order(
            measures=[], due_date=TODAY(), message="", by=w.coordinator
        )
    assert error.value.field == "measures"


# --- Drafting ---------------------------------------------------------------------------


def test_save_draft_stores_texts_activities_and_funding_and_bumps_the_version(w):
    ip = _order(w).ordered[0]
    saved = _draft(
        w,
        ip,
        ip.version,
        resources="0,5 årsverk",
        risks="Tomt",
        funding=[
            {"year": 2027, "amount": "150000", "source": "operating"},
            {"year": 2028, "amount": 200000, "source": "husbanken"},
        ],
    )
    assert saved.status == ImplementationPlan.Status.DRAFT
    assert saved.version == ip.version + 1
    assert saved.expected_result == "Ti nye boliger."
    activity = saved.activities.get()
    assert (activity.title, activity.responsible, activity.start_date) == (
        "Avklare tomt",
        w.colleague,
        TODAY(),
    )
    funding = list(saved.funding.order_by("year").values_list("year", "amount", "measure_id"))
    assert funding == [(2027, 150000, w.measure.pk), (2028, 200000, w.measure.pk)]


def test_save_draft_updates_and_removes_existing_rows(w):
    ip = _order(w).ordered[0]
    saved = _draft(
        w,
        ip,
        ip.version,
        activities=[{"title": "A"}, {"title": "B"}],
        funding=[{"year": 2027, "amount": 1, "source": "operating"}],
    )
    first = saved.activities.get(title="A")
    saved = _draft(
        w, saved, saved.version, activities=[{"id": first.pk, "title": "A endret"}], funding=[]
    )
    assert list(saved.activities.values_list("pk", "title")) == [(first.pk, "A endret")]
    assert not saved.funding.exists()


def test_save_draft_keeps_funding_rows_that_have_a_decision(w):
    ip = _order(w).ordered[0]
    granted = FundingRequest.objects.create(
        measure=w.measure,
        implementation_plan=ip,
        year=2026,
        amount=10,
        source="operating",
        status=FundingRequest.Status.GRANTED,
    )
    saved = _draft(w, ip, ip.version, funding=[])
    assert list(saved.funding.all()) == [granted]


def test_lost_update_second_save_is_refused_and_first_text_is_intact(w):
    ip = _order(w).ordered[0]
    opened_version = ip.version  # both people open the form at this version
    followup_services.implementation_plan_save_draft(
        implementation_plan=ip,
        by=w.lead,
        expected_version=opened_version,
        expected_result="Lars sin tekst",
    )
    with pytest.raises(ConflictError) as error:
        followup_services.implementation_plan_save_draft(
            implementation_plan=ip,
            by=w.colleague,
            expected_version=opened_version,
            expected_result="Hilde sin tekst",
        )
    assert "endret av" in str(error.value.message)
    assert error.value.current.expected_result == "Lars sin tekst"
    ip.refresh_from_db()
    assert ip.expected_result == "Lars sin tekst"


@pytest.mark.parametrize(
    ("activity", "message"),
    [
        ({"title": ""}, "mangler navn"),
        ({"title": "x" * 301}, "300 tegn"),
        ({"title": "A", "start_date": "2027-05-01", "due_date": "2027-04-01"}, "før start"),
        ({"title": "A", "due_date": "31.02.2027"}, "må være en dato"),
    ],
)
def test_save_draft_refuses_bad_activities(w, activity, message):
    ip = _order(w).ordered[0]
    with pytest.raises(DomainError) as error:
        _draft(w, ip, ip.version, activities=[activity])
    assert message in str(error.value.message)
    assert error.value.field == "activities"


def test_activity_responsible_must_belong_to_the_department(w):
    ip = _order(w).ordered[0]
    with pytest.raises(DomainError) as error:
        _draft(w, ip, ip.version, activities=[{"title": "A", "responsible": w.other_lead}])
    assert "Helse og omsorg" in str(error.value.message)


def test_activity_responsible_may_come_from_a_unit_below_the_department(w):
    office = DepartmentFactory(parent=w.department)
    office_worker = make_user()
    office.members.add(office_worker)
    ip = _order(w).ordered[0]
    saved = _draft(w, ip, ip.version, activities=[{"title": "A", "responsible": office_worker}])
    assert saved.activities.get().responsible == office_worker


@pytest.mark.parametrize(
    "row",
    [
        {"year": "abc", "amount": 1, "source": "operating"},
        {"year": 1800, "amount": 1, "source": "operating"},
        {"year": 2027, "amount": -5, "source": "operating"},
        {"year": 2027, "amount": "mye", "source": "operating"},
        {"year": 2027, "amount": 1, "source": "lotto"},
    ],
)
def test_save_draft_refuses_bad_funding_rows(w, row):
    ip = _order(w).ordered[0]
    with pytest.raises(DomainError) as error:
        _draft(w, ip, ip.version, funding=[row])
    assert error.value.field == "funding"


def test_submitted_plan_cannot_be_edited(w):
    ip = _order(w).ordered[0]
    saved = _draft(w, ip, ip.version)
    followup_services.implementation_plan_submit(
        implementation_plan=saved, by=w.lead, expected_version=saved.version
    )
    saved.refresh_from_db()
    with pytest.raises(DomainError):
        _draft(w, saved, saved.version, expected_result="Endret etter levering")


# --- Submitting, returning, approving -----------------------------------------------------


def test_submit_freezes_a_version_and_notifies(w, sent, django_capture_on_commit_callbacks):
    ip = _order(w).ordered[0]
    saved = _draft(w, ip, ip.version, funding=[{"year": 2027, "amount": 5, "source": "state"}])
    with django_capture_on_commit_callbacks(execute=True):
        version = followup_services.implementation_plan_submit(
            implementation_plan=saved, by=w.lead, expected_version=saved.version
        )
    saved.refresh_from_db()
    assert saved.status == ImplementationPlan.Status.SUBMITTED
    assert saved.submitted_at is not None
    assert version.number == 1
    assert version.submitted_by == w.lead
    assert version.content["expected_result"] == "Ti nye boliger."
    assert version.content["activities"][0]["title"] == "Avklare tomt"
    assert version.content["activities"][0]["responsible"] == w.colleague.get_full_name()
    assert version.content["funding"] == [
        {"year": 2027, "amount": "5", "source": "Annet statlig tilskudd", "status": "Søkt"}
    ]
    assert ("implementation_plan_submitted", {"implementation_plan_id": saved.pk}) in sent


def test_submit_requires_expected_result_and_an_activity(w):
    ip = _order(w).ordered[0]
    with pytest.raises(DomainError) as error:
        followup_services.implementation_plan_submit(
            implementation_plan=ip, by=w.lead, expected_version=ip.version
        )
    assert error.value.field == "expected_result"
    saved = _draft(w, ip, ip.version, activities=[])
    with pytest.raises(DomainError) as error:
        followup_services.implementation_plan_submit(
            implementation_plan=saved, by=w.lead, expected_version=saved.version
        )
    assert error.value.field == "activities"


def test_submit_with_a_stale_version_is_a_conflict(w):
    ip = _order(w).ordered[0]
    saved = _draft(w, ip, ip.version)
    with pytest.raises(ConflictError):
        followup_services.implementation_plan_submit(
            implementation_plan=saved, by=w.lead, expected_version=ip.version
        )


def test_double_submit_is_refused(w):
    ip = _order(w).ordered[0]
    saved = _draft(w, ip, ip.version)
    followup_services.implementation_plan_submit(
        implementation_plan=saved, by=w.lead, expected_version=None
    )
    with pytest.raises(DomainError):
        followup_services.implementation_plan_submit(
            implementation_plan=saved, by=w.lead, expected_version=None
        )
    assert saved.versions.count() == 1


def _submitted(w):
    ip = _order(w).ordered[0]
    saved = _draft(w, ip, ip.version)
    followup_services.implementation_plan_submit(
        implementation_plan=saved, by=w.lead, expected_version=saved.version
    )
    saved.refresh_from_db()
    return saved


def test_return_requires_feedback(w):
    ip = _submitted(w)
    with pytest.raises(DomainError) as error:
        followup_services.implementation_plan_return(
            implementation_plan=ip, by=w.coordinator, expected_version=ip.version, feedback="  "
        )
    assert error.value.field == "feedback"
    ip.refresh_from_db()
    assert ip.status == ImplementationPlan.Status.SUBMITTED


def test_return_revise_resubmit_approve_keeps_every_version(
    w, sent, django_capture_on_commit_callbacks
):
    ip = _submitted(w)
    with django_capture_on_commit_callbacks(execute=True):
        ip = followup_services.implementation_plan_return(
            implementation_plan=ip,
            by=w.coordinator,
            expected_version=ip.version,
            feedback="Mangler frister.",
        )
    assert ip.status == ImplementationPlan.Status.RETURNED
    first = ip.versions.get(number=1)
    assert (first.outcome, first.feedback) == (
        ImplementationPlanVersion.Outcome.RETURNED,
        "Mangler frister.",
    )
    revised = _draft(
        w,
        ip,
        ip.version,
        activities=[{"title": "Avklare tomt", "due_date": "2030-01-31"}],
    )
    assert revised.status == ImplementationPlan.Status.RETURNED  # until resubmitted
    followup_services.implementation_plan_submit(
        implementation_plan=revised, by=w.lead, expected_version=revised.version
    )
    revised.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        approved = followup_services.implementation_plan_approve(
            implementation_plan=revised, by=w.coordinator, expected_version=revised.version
        )
    assert approved.status == ImplementationPlan.Status.APPROVED
    assert approved.approved_by == w.coordinator
    outcomes = list(approved.versions.order_by("number").values_list("number", "outcome"))
    assert outcomes == [(1, "returned"), (2, "approved")]
    assert [name for name, _ in sent] == [
        "implementation_plan_returned",
        "implementation_plan_approved",
    ]


def test_only_a_submitted_plan_can_be_approved(w):
    ip = _order(w).ordered[0]
    with pytest.raises(DomainError):
        followup_services.implementation_plan_approve(
            implementation_plan=ip, by=w.coordinator, expected_version=ip.version
        )


def test_approving_with_a_stale_version_is_a_conflict(w):
    ip = _submitted(w)
    followup_services.implementation_plan_return(
        implementation_plan=ip, by=w.coordinator, expected_version=ip.version, feedback="Nei"
    )
    with pytest.raises(ConflictError):
        followup_services.implementation_plan_approve(
            implementation_plan=ip, by=w.coordinator, expected_version=ip.version
        )


def test_version_diff_shows_changed_and_added_lines():
    old = {"expected_result": "Ti boliger.\nI 2027.", "activities": [], "funding": []}
    new = {
        "expected_result": "Tolv boliger.\nI 2027.",
        "activities": [{"title": "Kjøpe", "responsible": "", "start_date": "", "due_date": ""}],
        "funding": [],
    }
    sections = {s.title: s for s in diff.compare(old, new)}
    rows = sections["Forventet resultat"].rows
    assert [(r.old, r.new, r.kind) for r in rows] == [
        ("Ti boliger.", "Tolv boliger.", "changed"),
        ("I 2027.", "I 2027.", "equal"),
    ]
    assert sections["Aktiviteter"].rows[0].kind == "added"
    assert not sections["Risiko"].changed


# --- Reporting rounds -------------------------------------------------------------------


def test_round_opens_with_every_active_measure_by_default(
    w, sent, django_capture_on_commit_callbacks
):
    done = MeasureFactory(strategy=w.measure.strategy, status=Measure.Status.COMPLETED)
    with django_capture_on_commit_callbacks(execute=True):
        round_ = reporting.reporting_round_open(
            plan=w.plan, name="Tertial 1", due_date=TODAY(), by=w.coordinator
        )
    assert set(round_.measures.all()) == {w.measure, w.other_measure}
    assert done not in round_.measures.all()
    assert sent == [("reporting_round_opened", {"reporting_round_id": round_.pk})]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"name": " "}, "name"),
        ({"due_date": dt.date(2000, 1, 1)}, "due_date"),
        ({"measures": []}, "measures"),
    ],
)
def test_round_refuses_bad_input(w, kwargs, field):
    args = {"plan": w.plan, "name": "R", "due_date": TODAY(), "by": w.coordinator} | kwargs
    with pytest.raises(DomainError) as error:
        reporting.reporting_round_open(**args)
    assert error.value.field == field


def test_round_refuses_measures_of_another_plan(w):
    foreign = MeasureFactory(strategy=StrategyFactory())
    with pytest.raises(DomainError):
        reporting.reporting_round_open(
            plan=w.plan, name="R", due_date=TODAY(), by=w.coordinator, measures=[foreign]
        )


def test_double_submitted_round_is_refused_not_opened_twice(w):
    reporting.reporting_round_open(
        plan=w.plan, name="Tertial 2", due_date=TODAY(), by=w.coordinator
    )
    with pytest.raises(DomainError) as error:
        reporting.reporting_round_open(
            plan=w.plan, name="tertial 2 ", due_date=TODAY(), by=w.coordinator
        )
    assert error.value.field == "name"
    assert w.plan.reporting_rounds.filter(name__iexact="tertial 2").count() == 1


def _round(w, **kwargs):
    round_ = ReportingRoundFactory(plan=w.plan, **kwargs)
    round_.measures.set([w.measure, w.other_measure])
    return round_


def _report(w, round_, **kwargs):
    args = {
        "measure": w.measure,
        "reporting_round": round_,
        "by": w.lead,
        "status": "in_progress",
        "progress": 60,
        "text": "Godt i gang.",
    } | kwargs
    return reporting.status_update_submit(**args)


def test_status_update_carries_status_and_progress_to_the_measure(
    w, sent, django_capture_on_commit_callbacks
):
    round_ = _round(w)
    version = w.measure.version
    with django_capture_on_commit_callbacks(execute=True):
        update = _report(w, round_, status="postponed", progress=70, needs_help=True)
    w.measure.refresh_from_db()
    assert (w.measure.status, w.measure.progress) == ("postponed", 70)
    # "Last reported" is derived from the status updates, never stored.
    assert Measure.objects.with_last_reported().get(pk=w.measure.pk).last_reported_at == (
        update.submitted_at
    )
    assert w.measure.version == version + 1
    assert update.needs_help and not update.is_late
    assert sent == [("status_update_submitted", {"status_update_id": update.pk})]
    assert w.measure.history.first().history_user == w.lead


def test_double_status_update_in_a_round_gives_a_clear_message(w):
    round_ = _round(w)
    _report(w, round_)
    with pytest.raises(DomainError) as error:
        _report(w, round_, by=w.colleague, text="En gang til")
    assert error.value.code == "duplicate"
    assert "allerede levert" in str(error.value.message)
    assert StatusUpdate.objects.filter(measure=w.measure).count() == 1


def test_answer_after_the_due_date_is_accepted_and_marked_late(w):
    round_ = _round(w, due_date=TODAY() - dt.timedelta(days=1))
    assert _report(w, round_).is_late


def test_answer_after_the_round_closed_is_accepted_and_marked_late(w):
    round_ = _round(w)
    reporting.reporting_round_close(reporting_round=round_, by=w.coordinator)
    assert _report(w, round_).is_late


def test_closing_a_closed_round_is_refused(w):
    round_ = _round(w)
    closed = reporting.reporting_round_close(reporting_round=round_, by=w.coordinator)
    assert closed.status == ReportingRound.Status.CLOSED and closed.closed_at
    with pytest.raises(DomainError):
        reporting.reporting_round_close(reporting_round=round_, by=w.coordinator)


def test_status_update_for_a_measure_outside_the_round_is_refused(w):
    round_ = ReportingRoundFactory(plan=w.plan)
    round_.measures.set([w.other_measure])
    with pytest.raises(DomainError):
        _report(w, round_)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"progress": 101}, "progress"),
        ({"progress": "mye"}, "progress"),
        ({"status": "done"}, "status"),
        ({"text": ""}, "text"),
        ({"text": "x" * 20_001}, "text"),
    ],
)
def test_status_update_refuses_bad_input(w, kwargs, field):
    with pytest.raises(DomainError) as error:
        _report(w, _round(w), **kwargs)
    assert error.value.field == field


# --- Delegation and "mine tiltak" -------------------------------------------------------------


def test_lead_delegates_reporting_to_a_colleague_and_it_is_logged(w):
    measure = register_services.measure_delegate_reporting(
        measure=w.measure, delegate=w.colleague, by=w.lead
    )
    assert measure.reporting_delegate == w.colleague
    record = measure.history.first()
    assert record.history_user == w.lead
    assert "delegert" in record.history_change_reason
    cleared = register_services.measure_delegate_reporting(
        measure=measure, delegate=None, by=w.lead
    )
    assert cleared.reporting_delegate is None


def test_delegation_outside_the_department_is_refused(w):
    with pytest.raises(DomainError) as error:
        register_services.measure_delegate_reporting(
            measure=w.measure, delegate=w.other_lead, by=w.lead
        )
    assert error.value.field == "delegate"


def test_delegation_to_a_colleague_without_access_is_refused(w):
    no_role = make_user()
    w.department.members.add(no_role)
    with pytest.raises(DomainError):
        register_services.measure_delegate_reporting(measure=w.measure, delegate=no_role, by=w.lead)


def test_my_measures_includes_units_below_and_delegated_ones_with_what_is_owed(w):

    office = DepartmentFactory(parent=w.department)
    office_measure = MeasureFactory(strategy=w.measure.strategy, responsible_department=office)
    delegated = MeasureFactory(strategy=w.measure.strategy, reporting_delegate=w.lead)
    ImplementationPlanFactory(measure=w.measure, due_date=TODAY() - dt.timedelta(days=2))
    round_ = _round(w)
    round_.measures.add(office_measure)
    StatusUpdate.objects.create(
        measure=office_measure,
        reporting_round=round_,
        status="in_progress",
        progress=1,
        text="x",
        submitted_at=timezone.now(),
    )

    measures = followup_selectors.my_measures(w.lead)
    owed = followup_selectors.owed_items(followup_selectors.owed_rows(w.lead), TODAY())

    assert {m.pk for m in measures} == {w.measure.pk, office_measure.pk, delegated.pk}
    assert [(o.kind, o.measure.pk, o.overdue) for o in owed] == [
        ("implementation_plan", w.measure.pk, True),
        ("status_update", w.measure.pk, False),
    ]


def test_version_diff_formats_dates_and_amounts_the_norwegian_way():
    new = {
        "activities": [
            {"title": "Kjøpe", "responsible": "Lars", "start_date": "2027-01-04", "due_date": ""}
        ],
        "funding": [{"year": 2027, "amount": "1200000", "source": "Driftsbudsjett"}],
    }
    sections = {s.title: s for s in diff.compare(None, new)}
    assert sections["Aktiviteter"].rows[0].new == "Kjøpe; ansvarlig Lars; 04.01.2027–…"
    assert (
        sections["Finansieringsbehov"].rows[0].new
        == "2027: 1\u00a0200\u00a0000 kr (Driftsbudsjett)"
    )
