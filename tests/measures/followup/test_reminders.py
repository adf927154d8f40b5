"""The reminder sweep: which reminders go out on which day, to whom, once.

The clock is fixed with time-machine at 07:00 Oslo time on each sweep day; the
settings are N=7 (days before), M=7 (repeat), K=14 (escalate), digest Monday.
"""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.management import CommandError, call_command

from bodobolig.permissions import Role
from measures.followup import reminders
from measures.models import (
    ImplementationPlan,
    Measure,
    Notification,
    NotificationPreference,
)
from measures.notifications import outbox
from plans.models import Plan
from tests.factories import (
    ImplementationActivityFactory,
    ImplementationPlanFactory,
    MeasureFactory,
    ReportingRoundFactory,
    StatusUpdateFactory,
    make_user,
)
from tests.measures.conftest import MONDAY, at_seven, recipients_of

pytestmark = pytest.mark.django_db

TUESDAY = MONDAY + dt.timedelta(days=1)


def owed_plan(owner, due, department=None, **measure_fields):
    measure_kwargs = {"responsible_person": owner, **measure_fields}
    if department is not None:
        measure_kwargs["responsible_department"] = department
    return ImplementationPlanFactory(measure=MeasureFactory(**measure_kwargs), due_date=due)


def days_with_mail_to(sweep, address, first: dt.date, last: dt.date) -> list[int]:
    """Run the sweep every day from `first` to `last`; the day offsets on which `address` got mail."""
    days = []
    day = first
    while day <= last:
        if address in recipients_of(sweep(day)):
            days.append((day - first).days)
        day += dt.timedelta(days=1)
    return days


def test_due_soon_reminder_goes_out_n_days_before_the_due_date(follow_up, sweep):
    owner = make_user(Role.LEAD)
    owed_plan(owner, due=TUESDAY + dt.timedelta(days=7))

    assert recipients_of(sweep(TUESDAY)) == [owner.email]
    assert sweep(TUESDAY + dt.timedelta(days=1)) == []
    [message] = mail.outbox
    assert "Gjennomføringsplan" in message.body
    assert "om 7 dager" in message.body


def test_overdue_reminder_on_day_one_then_every_m_days(follow_up, sweep):
    owner = make_user(Role.LEAD)
    due = TUESDAY
    owed_plan(owner, due=due)
    first = due - dt.timedelta(days=7)

    days = days_with_mail_to(sweep, owner.email, first, due + dt.timedelta(days=16))

    # Due soon N=7 days before; then day 1 after the due date, 1 + 7, 1 + 14.
    assert days == [0, 7 + 1, 7 + 8, 7 + 15]


def test_a_missed_sweep_delays_the_overdue_reminder_instead_of_losing_it(follow_up, sweep):
    owner = make_user(Role.LEAD)
    due = TUESDAY
    owed_plan(owner, due=due)

    # No sweep ran on day 1 (server down): day 2 catches up, then every M days from there.
    assert recipients_of(sweep(due + dt.timedelta(days=2))) == [owner.email]
    assert sweep(due + dt.timedelta(days=3)) == []
    assert sweep(due + dt.timedelta(days=8)) == []
    assert recipients_of(sweep(due + dt.timedelta(days=9))) == [owner.email]


def test_a_deadline_set_at_short_notice_still_gets_its_due_soon_reminder_once(follow_up, sweep):
    owner = make_user(Role.LEAD)
    # Ordered with 3 days' notice while N is 7: the exact day N before never comes.
    owed_plan(owner, due=TUESDAY + dt.timedelta(days=3))

    [message] = sweep(TUESDAY)
    assert message.to == [owner.email]
    assert "om 3 dager" in message.body
    assert sweep(TUESDAY + dt.timedelta(days=1)) == []
    assert sweep(TUESDAY + dt.timedelta(days=3)) == []


def test_a_missed_escalation_day_escalates_at_the_next_sweep(
    follow_up, sweep, coordinator, department_and_lead
):
    department, lead = department_and_lead
    owner = make_user(Role.LEAD)
    department.members.add(owner)
    due = TUESDAY
    owed_plan(owner, due=due, department=department)

    # Day K=14 was missed: day 16 escalates; the next one is M=7 days after that.
    assert lead.email in recipients_of(sweep(due + dt.timedelta(days=16)))
    assert lead.email not in recipients_of(sweep(due + dt.timedelta(days=17)))
    assert lead.email not in recipients_of(sweep(due + dt.timedelta(days=22)))
    assert lead.email in recipients_of(sweep(due + dt.timedelta(days=23)))


def test_escalation_after_k_days_goes_to_lead_and_coordinator_not_the_owner(
    follow_up, sweep, coordinator, department_and_lead
):
    department, lead = department_and_lead
    owner = make_user(Role.LEAD)
    department.members.add(owner)
    wednesday = TUESDAY + dt.timedelta(days=1)  # so no sweep day below is the digest Monday
    owed_plan(owner, due=wednesday, department=department)

    for day in range(1, 13):  # the daily sweeps before: overdue reminders to the owner only
        sweep(wednesday + dt.timedelta(days=day))
    day_13 = sweep(wednesday + dt.timedelta(days=13))
    day_14 = sweep(wednesday + dt.timedelta(days=14))
    day_15 = sweep(wednesday + dt.timedelta(days=15))
    for day in range(16, 21):
        sweep(wednesday + dt.timedelta(days=day))
    day_21 = sweep(wednesday + dt.timedelta(days=21))

    assert day_13 == []
    assert recipients_of(day_14) == sorted([lead.email, coordinator.email])
    assert recipients_of(day_15) == [owner.email]
    # K + M: escalated again.
    assert recipients_of(day_21) == sorted([lead.email, coordinator.email])
    escalations = Notification.objects.filter(kind=Notification.Kind.ESCALATION)
    assert {n.recipient for n in escalations} == {lead, coordinator}
    assert "Over fristen hos andre" in day_14[0].body


def test_one_email_per_recipient_grouping_every_item(follow_up, sweep):
    owner = make_user(Role.LEAD)
    other_owner = make_user(Role.LEAD)
    plans = [owed_plan(owner, due=TUESDAY - dt.timedelta(days=1)) for _ in range(3)]
    owed_plan(other_owner, due=TUESDAY - dt.timedelta(days=1))
    round_measure = MeasureFactory(responsible_person=owner)
    round_ = ReportingRoundFactory(plan=round_measure.plan, due_date=TUESDAY - dt.timedelta(days=1))
    round_.measures.add(round_measure)
    activity = ImplementationActivityFactory(
        implementation_plan__measure__responsible_person=owner,
        due_date=TUESDAY - dt.timedelta(days=1),
    )

    messages = sweep(TUESDAY)

    assert recipients_of(messages) == sorted([owner.email, other_owner.email])
    [to_owner] = [m for m in messages if m.to == [owner.email]]
    for plan in plans:
        assert plan.measure.code in to_owner.body
    assert round_measure.code in to_owner.body
    assert activity.title in to_owner.body
    html = to_owner.alternatives[0][0]
    assert plans[0].measure.code in html
    notification = Notification.objects.get(recipient=owner)
    assert notification.kind == Notification.Kind.REMINDER
    assert len(notification.items) == 5
    assert notification.state == Notification.State.SENT


def test_status_update_reminder_stops_when_answered_or_round_closed(follow_up, sweep):
    owner = make_user(Role.LEAD)
    answered, unanswered, delegated = MeasureFactory.create_batch(3, responsible_person=owner)
    delegate = make_user(Role.LEAD)
    delegated.reporting_delegate = delegate
    delegated.save()
    round_ = ReportingRoundFactory(plan=answered.plan, due_date=TUESDAY + dt.timedelta(days=7))
    round_.measures.add(answered, unanswered, delegated)
    closed = ReportingRoundFactory(
        plan=answered.plan, due_date=TUESDAY + dt.timedelta(days=7), status="closed"
    )
    closed.measures.add(answered)
    StatusUpdateFactory(measure=answered, reporting_round=round_)

    messages = sweep(TUESDAY)

    assert recipients_of(messages) == sorted([owner.email, delegate.email])
    [to_owner] = [m for m in messages if m.to == [owner.email]]
    assert unanswered.code in to_owner.body
    assert answered.code not in to_owner.body
    assert delegated.code not in to_owner.body


def test_overdue_activity_reminds_its_responsible_person(follow_up, sweep):
    responsible = make_user(Role.LEAD)
    activity = ImplementationActivityFactory(
        responsible=responsible, due_date=TUESDAY - dt.timedelta(days=1)
    )
    ImplementationActivityFactory(
        responsible=responsible,
        due_date=TUESDAY - dt.timedelta(days=1),
        completed_at=TUESDAY - dt.timedelta(days=2),
    )

    [message] = sweep(TUESDAY)

    assert message.to == [responsible.email]
    assert activity.title in message.body
    assert message.body.count("Aktivitet:") == 1


def test_measures_not_followed_up_are_left_out(follow_up, sweep):
    owner = make_user(Role.LEAD)
    late = TUESDAY - dt.timedelta(days=1)
    owed_plan(owner, due=late, status=Measure.Status.COMPLETED)
    followed = owed_plan(owner, due=late)
    draft_plan_measure = owed_plan(owner, due=late).measure
    Plan.objects.filter(pk=draft_plan_measure.plan_id).update(status=Plan.Status.DRAFT)
    approved = owed_plan(owner, due=late)
    ImplementationPlan.objects.filter(pk=approved.pk).update(
        status=ImplementationPlan.Status.APPROVED
    )

    [message] = sweep(TUESDAY)

    assert message.body.count("Gjennomføringsplan,") == 1
    assert followed.measure.code in message.body


def test_weekly_digest_to_coordinators_on_the_digest_weekday_only(follow_up, sweep, coordinator):
    other_coordinator = make_user(Role.COORDINATOR)
    owner = make_user(Role.LEAD)
    plan = owed_plan(owner, due=MONDAY - dt.timedelta(days=3))

    monday = sweep(MONDAY)
    tuesday = sweep(TUESDAY)

    # The owner's (caught-up) overdue reminder goes out too; the digest to both coordinators.
    assert recipients_of(monday) == sorted(
        [coordinator.email, other_coordinator.email, owner.email]
    )
    [digest] = [m for m in monday if m.to == [coordinator.email]]
    assert "Ukesammendrag" in digest.body
    assert plan.measure.code in digest.body
    assert tuesday == []


def test_digest_opt_out_is_respected(follow_up, sweep, coordinator):
    opted_out = make_user(Role.COORDINATOR)
    NotificationPreference.objects.create(user=opted_out, digest_opt_out=True)
    owner = make_user(Role.LEAD)
    owed_plan(owner, due=MONDAY - dt.timedelta(days=3))

    assert recipients_of(sweep(MONDAY)) == sorted([coordinator.email, owner.email])


def test_opting_out_of_the_digest_does_not_stop_reminders_for_what_you_owe(follow_up, sweep):
    coordinator_owner = make_user(Role.COORDINATOR)
    NotificationPreference.objects.create(user=coordinator_owner, digest_opt_out=True)
    plan = owed_plan(coordinator_owner, due=MONDAY - dt.timedelta(days=1))

    [message] = sweep(MONDAY)

    assert message.to == [coordinator_owner.email]
    assert plan.measure.code in message.body
    assert "Ukesammendrag" not in message.body


def test_sweep_twice_the_same_day_sends_nothing_the_second_time(follow_up, sweep, coordinator):
    owed_plan(make_user(Role.LEAD), due=MONDAY - dt.timedelta(days=1))

    first = sweep(MONDAY)
    second = sweep(MONDAY)

    assert len(first) == 2
    assert second == []
    assert Notification.objects.count() == 2


def test_settings_changed_by_the_coordinator_apply_at_the_next_sweep(follow_up, sweep):
    owner = make_user(Role.LEAD)
    owed_plan(owner, due=TUESDAY + dt.timedelta(days=10))
    assert sweep(TUESDAY) == []

    follow_up.due_soon_days = 10
    follow_up.save()

    # Nothing was recorded for the day, so a rerun the same day uses the new N.
    assert recipients_of(sweep(TUESDAY)) == [owner.email]


def test_sweep_query_count_does_not_grow_with_the_number_of_measures(
    follow_up, coordinator, django_assert_num_queries
):
    owners = [make_user(Role.LEAD) for _ in range(3)]

    def build(count):
        for i in range(count):
            owner = owners[i % len(owners)]
            owed_plan(owner, due=MONDAY - dt.timedelta(days=1))
            measure = MeasureFactory(responsible_person=owner)
            round_ = ReportingRoundFactory(
                plan=measure.plan, due_date=MONDAY - dt.timedelta(days=1)
            )
            round_.measures.add(measure)
            ImplementationActivityFactory(
                implementation_plan__measure__responsible_person=owner,
                due_date=MONDAY - dt.timedelta(days=1),
            )

    # 1 settings, 1 sweep history (+ today's count), 1 coordinators, 1 plans,
    # 3 rounds/measures/answers, 1 activities, 1 unconfirmed owners, 1 opt-outs (digest day),
    # 1 count after, 3 record (existing keys, insert, queued ids),
    # 1 uncertain, 1 stale queued; inside 2 savepoints (record's atomic);
    # 1 "not updated" count per plan (digest day).
    build(3)
    with time_machine.travel(at_seven(MONDAY), tick=False):
        with django_assert_num_queries(19):
            small = reminders.reminder_sweep()
    Notification.objects.all().delete()
    build(12)
    with time_machine.travel(at_seven(MONDAY), tick=False):
        with django_assert_num_queries(19):
            large = reminders.reminder_sweep()

    assert small.recipients == large.recipients == len(owners) + 1


def test_send_reminders_command_does_the_sweep_synchronously(follow_up, coordinator):
    owner = make_user(Role.LEAD)
    owed_plan(owner, due=MONDAY - dt.timedelta(days=1))

    call_command("send_reminders", "--date", MONDAY.isoformat())
    call_command("send_reminders", "--date", MONDAY.isoformat())

    assert recipients_of(mail.outbox) == sorted([owner.email, coordinator.email])
    assert set(Notification.objects.values_list("state", flat=True)) == {"sent"}


def test_send_reminders_command_refuses_a_date_that_is_not_a_date(db):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_reminders", "--date", "2026-02-30")


def test_worker_killed_mid_sweep_loses_nothing_and_duplicates_nothing(
    follow_up, sweep, monkeypatch
):

    owners = [make_user(Role.LEAD) for _ in range(3)]
    for owner in owners:
        owed_plan(owner, due=TUESDAY - dt.timedelta(days=1))
    real_queue = outbox.queue

    def killed_after_first(ids):
        real_queue(list(ids)[:1])
        raise SystemExit("worker killed")

    monkeypatch.setattr(outbox, "queue", killed_after_first)
    with pytest.raises(SystemExit):
        sweep(TUESDAY)
    monkeypatch.setattr(outbox, "queue", real_queue)
    assert len(mail.outbox) == 1

    # acks_late: the broker hands the sweep to the restarted worker.
    sweep(TUESDAY)

    assert recipients_of(mail.outbox) == sorted(o.email for o in owners)
    assert set(Notification.objects.values_list("state", flat=True)) == {"sent"}


def test_status_update_reminder_links_to_the_status_update_form(follow_up, sweep):
    from django.urls import reverse

    owner = make_user(Role.LEAD)
    measure = MeasureFactory(responsible_person=owner)
    round_ = ReportingRoundFactory(plan=measure.plan, due_date=TUESDAY - dt.timedelta(days=1))
    round_.measures.add(measure)

    [message] = sweep(TUESDAY)

    form_url = reverse("measures:status_update", kwargs={"round_pk": round_.pk, "pk": measure.pk})
    assert form_url in message.body
    assert form_url in message.alternatives[0][0]


def test_send_reminders_command_refuses_a_future_date(follow_up):
    owed_plan(make_user(Role.LEAD), due=MONDAY - dt.timedelta(days=1))

    with time_machine.travel(at_seven(MONDAY), tick=False):
        with pytest.raises(CommandError, match="fram i tid"):
            call_command("send_reminders", "--date", TUESDAY.isoformat())

    assert Notification.objects.count() == 0
    assert mail.outbox == []


def test_send_reminders_dry_run_writes_nothing_and_the_real_run_still_sends(
    follow_up, coordinator, capsys
):
    owner = make_user(Role.LEAD)
    owed_plan(owner, due=MONDAY - dt.timedelta(days=1))

    with time_machine.travel(at_seven(MONDAY), tick=False):
        call_command("send_reminders", "--dry-run")
        call_command("send_reminders", "--dry-run", "--date", TUESDAY.isoformat())
        out = capsys.readouterr().out
        assert Notification.objects.count() == 0
        assert mail.outbox == []
        assert f"{owner.email}: 1 saker" in out
        assert "ingenting er lagret eller sendt" in out

        call_command("send_reminders")

    assert recipients_of(mail.outbox) == sorted([owner.email, coordinator.email])
    assert "2 e-poster sendt" in capsys.readouterr().out
