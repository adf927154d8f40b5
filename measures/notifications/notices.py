"""Who hears about which follow-up event: one function per event, ids in, rows out.

Services call these after commit (`bodobolig.background.after_commit`), so
nothing is recorded for a change that was rolled back. Each builds one draft
per recipient with a deterministic key and hands them to the outbox.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext as _

from bodobolig.people import display_name
from bodobolig.permissions import GROUP_NAMES, Role
from measures.models import (
    CouncilReport,
    ImplementationPlan,
    Measure,
    ReportingRound,
    StatusUpdate,
)
from measures.notifications import emails
from measures.notifications.outbox import (
    Draft,
    Kind,
    coordinators,
    hash_key,
    implementation_plan_item,
    in_site_language,
    measure_item,
    record_and_queue,
    stamp,
)


@in_site_language
def implementation_plan_ordered(*, implementation_plan_ids: list[int]) -> None:
    """Tell each owner that the coordinator has ordered implementation plans: one e-mail each."""
    plans = ImplementationPlan.objects.filter(pk__in=implementation_plan_ids).select_related(
        "measure__responsible_person"
    )
    by_owner: dict[int, list[ImplementationPlan]] = {}
    for plan in plans:
        by_owner.setdefault(plan.measure.responsible_person_id, []).append(plan)
    drafts = []
    for owner_plans in by_owner.values():
        owner = owner_plans[0].measure.responsible_person
        owner_plans.sort(key=lambda p: p.measure.code)
        event = hash_key(sorted((p.pk, stamp(p.ordered_at)) for p in owner_plans))
        drafts.append(
            Draft(
                key=f"implplan_ordered:{event}:{owner.pk}",
                kind=Kind.IMPLEMENTATION_PLAN_ORDERED,
                recipient=owner,
                items=[implementation_plan_item(p, message=p.order_message) for p in owner_plans],
                measure_ids=[p.measure_id for p in owner_plans],
            )
        )
    record_and_queue(drafts)


def _one_plan(implementation_plan_id: int) -> ImplementationPlan | None:
    return (
        ImplementationPlan.objects.select_related("measure__responsible_person")
        .filter(pk=implementation_plan_id)
        .first()
    )


@in_site_language
def implementation_plan_submitted(*, implementation_plan_id: int) -> None:
    """Tell the coordinator(s) that an owner has submitted an implementation plan."""
    plan = _one_plan(implementation_plan_id)
    if plan is None:
        return
    item = implementation_plan_item(plan, owner=display_name(plan.measure.responsible_person))
    record_and_queue(
        Draft(
            key=f"implplan_submitted:{plan.pk}:{stamp(plan.submitted_at)}:{user.pk}",
            kind=Kind.IMPLEMENTATION_PLAN_SUBMITTED,
            recipient=user,
            items=[item],
            measure_ids=[plan.measure_id],
        )
        for user in coordinators()
    )


def _latest_version_number(plan: ImplementationPlan) -> int:
    return plan.versions.order_by("-number").values_list("number", flat=True).first() or 0


def _tell_owner(plan: ImplementationPlan, *, kind: str, stamp: str, **item_fields) -> None:
    """One notice to the measure's owner about their implementation plan."""
    owner = plan.measure.responsible_person
    record_and_queue(
        [
            Draft(
                key=f"{kind}:{plan.pk}:{stamp}:{owner.pk}",
                kind=kind,
                recipient=owner,
                items=[implementation_plan_item(plan, **item_fields)],
                measure_ids=[plan.measure_id],
            )
        ]
    )


@in_site_language
def implementation_plan_returned(*, implementation_plan_id: int) -> None:
    """Tell the owner that the plan came back with feedback."""
    plan = _one_plan(implementation_plan_id)
    if plan is not None:
        _tell_owner(
            plan,
            kind=Kind.IMPLEMENTATION_PLAN_RETURNED,
            stamp=f"v{_latest_version_number(plan)}",
            message=plan.feedback,
        )


@in_site_language
def implementation_plan_approved(*, implementation_plan_id: int) -> None:
    """Tell the owner that the plan was approved."""
    plan = _one_plan(implementation_plan_id)
    if plan is not None:
        _tell_owner(plan, kind=Kind.IMPLEMENTATION_PLAN_APPROVED, stamp=stamp(plan.approved_at))


@in_site_language
def measure_reassigned(*, measure_id: int, old_owner_id: int, new_owner_id: int) -> None:
    """Tell the old and the new owner that the measure changed hands."""
    measure = Measure.objects.filter(pk=measure_id).select_related("responsible_person").first()
    if measure is None or old_owner_id == new_owner_id:
        return
    users = get_user_model().objects.in_bulk([old_owner_id, new_owner_id])
    new_owner = users.get(new_owner_id)
    drafts = []
    for role, user_id in (("old", old_owner_id), ("new", new_owner_id)):
        user = users.get(user_id)
        if user is None:
            continue
        drafts.append(
            Draft(
                key=f"measure_reassigned:{measure.pk}:v{measure.version}:{old_owner_id}-{new_owner_id}:{user.pk}",
                kind=Kind.MEASURE_REASSIGNED,
                recipient=user,
                items=[measure_item(measure, role=role, new_owner=display_name(new_owner))],
                measure_ids=[measure.pk],
            )
        )
    record_and_queue(drafts)


@in_site_language
def status_update_submitted(*, status_update_id: int, corrected: bool = False) -> None:
    """Tell the coordinator(s) that an owner has reported on a measure, or corrected a
    report the coordinator reopened (`corrected`: one notice per correction)."""
    update = (
        StatusUpdate.objects.select_related("measure", "submitted_by", "reporting_round")
        .filter(pk=status_update_id)
        .first()
    )
    if update is None or (corrected and update.corrected_at is None):
        return
    item = measure_item(
        update.measure,
        type="status_update",
        id=update.pk,
        label=str(_("Statusoppdatering (rettet)") if corrected else _("Statusoppdatering")),
        owner=display_name(update.submitted_by),
        needs_help=update.needs_help,
    )
    event = (
        f"status_corrected:{update.pk}:{stamp(update.corrected_at)}"
        if corrected
        else f"status_submitted:{update.pk}"
    )
    record_and_queue(
        Draft(
            key=f"{event}:{user.pk}",
            kind=Kind.STATUS_UPDATE_SUBMITTED,
            recipient=user,
            items=[item],
            measure_ids=[update.measure_id],
        )
        for user in coordinators()
    )


@in_site_language
def status_update_reopened(*, status_update_id: int) -> None:
    """Tell the owner, and whoever reported if someone else, that the coordinator has
    reopened a status update for correction, with the coordinator's reason."""
    update = (
        StatusUpdate.objects.select_related(
            "measure__responsible_person", "submitted_by", "reopened_by", "reporting_round"
        )
        .filter(pk=status_update_id, reopened_at__isnull=False)
        .first()
    )
    if update is None:
        return
    url = (
        emails.absolute_url(
            reverse(
                "measures:status_update",
                kwargs={"round_pk": update.reporting_round_id, "pk": update.measure_id},
            )
        )
        if update.reporting_round_id
        else emails.object_url(update.measure)
    )
    item = measure_item(
        update.measure,
        type="status_update",
        id=update.pk,
        label=str(_("Statusoppdatering")),
        url=url,
        reason=update.reopen_reason,
        reopened_by=display_name(update.reopened_by),
    )
    event = f"status_reopened:{update.pk}:{stamp(update.reopened_at)}"
    record_and_queue(
        Draft(
            key=f"{event}:{user.pk}",
            kind=Kind.STATUS_UPDATE_REOPENED,
            recipient=user,
            items=[item],
            measure_ids=[update.measure_id],
        )
        for user in dict.fromkeys([update.measure.responsible_person, update.submitted_by])
        if user is not None
    )


@in_site_language
def reporting_round_opened(*, reporting_round_id: int) -> None:
    """Tell every owner in the round what they owe and by when: one e-mail per owner."""
    round_ = ReportingRound.objects.filter(pk=reporting_round_id).first()
    if round_ is None:
        return
    measures = round_.measures.active().select_related("responsible_person", "reporting_delegate")
    by_reporter: dict[int, list[Measure]] = {}
    reporters = {}
    for measure in measures.order_by("code"):
        reporter = measure.reporting_delegate or measure.responsible_person
        reporters[reporter.pk] = reporter
        by_reporter.setdefault(reporter.pk, []).append(measure)
    round_url = emails.object_url(round_, fallback=None)
    drafts = [
        Draft(
            key=f"round_opened:{round_.pk}:{reporter_id}",
            kind=Kind.ROUND_OPENED,
            recipient=reporters[reporter_id],
            items=[
                measure_item(
                    m,
                    type="status_update_due",
                    label=str(_("Statusoppdatering")),
                    due_date=round_.due_date.isoformat(),
                    round_name=round_.name,
                    round_url=round_url,
                    message=round_.message,
                )
                for m in owned
            ],
            measure_ids=[m.pk for m in owned],
        )
        for reporter_id, owned in by_reporter.items()
    ]
    record_and_queue(drafts)


@in_site_language
def council_report_published(*, council_report_id: int) -> None:
    """Tell the politicians that a status report is published."""
    report = CouncilReport.objects.filter(pk=council_report_id).first()
    if report is None or not report.is_published:
        return
    politicians = (
        get_user_model()
        .objects.filter(is_active=True, groups__name=GROUP_NAMES[Role.POLITICIAN])
        .distinct()
    )
    item = {
        "type": "council_report",
        "id": report.pk,
        "code": "",
        "title": report.title,
        "url": emails.object_url(report),
    }
    record_and_queue(
        Draft(
            key=f"report_published:{report.pk}:{stamp(report.published_at)}:{user.pk}",
            kind=Kind.REPORT_PUBLISHED,
            recipient=user,
            items=[item],
        )
        for user in politicians
    )
