"""API shapes of the follow-up: measures with their follow-up state, status updates,
implementation plans, reporting rounds and funding requests.

Serializers check shape only; the services decide and save. What a reader may not see
(risks, a plan that is not approved) is left out by the rules in `bodobolig.permissions`.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from bodobolig import permissions
from bodobolig.people import display_name, display_name_of
from measures import status
from measures.models import (
    FollowUpSettings,
    FundingRequest,
    ImplementationActivity,
    ImplementationPlan,
    Measure,
    MeasureStatus,
    ReportingRound,
    StatusUpdate,
)
from plans.models import Department, Plan, Strategy


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.SerializerMethodField()

    def get_name(self, user) -> str:
        return display_name(user)


class NamedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class StatusUpdateSerializer(serializers.ModelSerializer):
    """A status update. `risks`, `needs_help` and `is_reopened` are internal: null unless the
    reader may see the measure's internals (the owner side and the coordinator)."""

    submitted_by_name = serializers.SerializerMethodField()
    risks = serializers.SerializerMethodField()
    needs_help = serializers.SerializerMethodField()
    is_reopened = serializers.SerializerMethodField()

    class Meta:
        model = StatusUpdate
        fields = [
            "id",
            "measure",
            "reporting_round",
            "status",
            "progress",
            "text",
            "risks",
            "needs_help",
            "submitted_by_name",
            "submitted_at",
            "is_late",
            "is_reopened",
        ]
        read_only_fields = fields

    def _internal(self, update: StatusUpdate) -> bool:
        internal = self.context.get("internal")
        if internal is None:
            internal = permissions.can(
                self.context["request"].user, permissions.Action.VIEW_INTERNAL, update.measure
            )
        return internal

    def get_submitted_by_name(self, update: StatusUpdate) -> str:
        return display_name(update.submitted_by) if update.submitted_by_id else ""

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_risks(self, update: StatusUpdate) -> str | None:
        return update.risks if self._internal(update) else None

    @extend_schema_field(serializers.BooleanField(allow_null=True))
    def get_needs_help(self, update: StatusUpdate) -> bool | None:
        return update.needs_help if self._internal(update) else None

    @extend_schema_field(serializers.BooleanField(allow_null=True))
    def get_is_reopened(self, update: StatusUpdate) -> bool | None:
        return update.is_reopened if self._internal(update) else None


class StatusUpdateCreateSerializer(serializers.Serializer):
    """The owner's status update; `status_update_submit` checks the rest (status and
    progress agree, one per round, the measure in the round)."""

    status = serializers.ChoiceField(choices=MeasureStatus.choices)
    progress = serializers.IntegerField(min_value=0, max_value=100)
    text = serializers.CharField(max_length=20_000)
    risks = serializers.CharField(max_length=20_000, required=False, allow_blank=True, default="")
    needs_help = serializers.BooleanField(required=False, default=False)
    reporting_round = serializers.PrimaryKeyRelatedField(
        queryset=ReportingRound.objects.all(), required=False, allow_null=True, default=None
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        measure = self.context.get("measure")
        if measure is not None:
            # Only rounds of the measure's own plan; any other id is "does not exist".
            self.fields["reporting_round"].queryset = ReportingRound.objects.filter(
                plan_id=measure.plan_id
            )


class LatestStatusUpdateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    progress = serializers.IntegerField()
    text = serializers.CharField()
    submitted_at = serializers.DateTimeField()


class ImplementationPlanStateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    due_date = serializers.DateField()


def _datetime(value: dt.datetime | None, zone) -> str | None:
    """A date and time as DRF writes it (ISO 8601 in the current time zone, "Z" for UTC),
    with the zone looked up once per page rather than once per value."""
    if value is None:
        return None
    text = value.astimezone(zone).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


class MeasureSerializer(serializers.ModelSerializer):
    """A measure with its owner, status, progress, latest status update and the state of its
    implementation plan; the state of a plan that is not approved is left out (null) for
    readers outside the staff, as on the pages."""

    # The declared fields are the schema (and schemathesis checks the answers against it);
    # `to_representation` writes the same keys and formats directly from the (row, newest
    # update) pairs of `api_rows.measure_api_rows()`: model instances and DRF's field-by-field pass cost
    # more than all the rest of a 100-row page (benchmarks/api.py). The view's context
    # gives `now`, `stale_after_days` and `staff` (looked up here when missing).
    goal = serializers.IntegerField(read_only=True)
    strategy_code = serializers.CharField(read_only=True)
    responsible_department = NamedSerializer(read_only=True)
    responsible_person = PersonSerializer(read_only=True)
    last_reported_at = serializers.DateTimeField(read_only=True, allow_null=True)
    is_stale = serializers.BooleanField(
        read_only=True,
        help_text="The one stale rule (`measures.status`) on the day of the request; its "
        "cutoff is worked out once per page.",
    )
    latest_status_update = LatestStatusUpdateSerializer(read_only=True, allow_null=True)
    implementation_plan = ImplementationPlanStateSerializer(read_only=True, allow_null=True)
    url = serializers.CharField(read_only=True)

    class Meta:
        model = Measure
        fields = [
            "id",
            "plan",
            "goal",
            "strategy",
            "strategy_code",
            "code",
            "title",
            "description",
            "responsible_department",
            "responsible_person",
            "status",
            "progress",
            "planned_start",
            "planned_end",
            "cost_estimate",
            "is_illustrative",
            "last_reported_at",
            "is_stale",
            "latest_status_update",
            "implementation_plan",
            "version",
            "updated_at",
            "url",
        ]
        read_only_fields = fields

    def _page_constants(self) -> tuple:
        """What is the same for every row of a request, worked out on the first row: the
        stale cutoff, whether the reader is staff, the time zone and the URL pattern."""
        constants = self.context.get("_measure_row_constants")
        if constants is None:
            context = self.context
            stale_after_days = context.get("stale_after_days")
            if stale_after_days is None:
                stale_after_days = FollowUpSettings.stale_after_days_setting()
            cutoff = status.stale_cutoff(context.get("now") or timezone.now(), stale_after_days)
            staff = context.get("staff")
            if staff is None:
                staff = permissions.is_staff_member(context["request"].user)
            # Reversed once per page: a reverse() per row is a third of a page's time.
            request = context.get("request")
            path = reverse("measures:measure_detail", kwargs={"pk": 1234567890})
            url = request.build_absolute_uri(path) if request else path
            constants = (cutoff, staff, timezone.get_current_timezone(), url.split("1234567890"))
            context["_measure_row_constants"] = constants
        return constants

    def to_representation(self, row_and_update: tuple) -> dict:
        cutoff, staff, zone, (url_head, url_tail) = self._page_constants()
        row, update = row_and_update
        last_reported_at = update["submitted_at"] if update else None
        last_reported_text = _datetime(last_reported_at, zone)
        plan_status = row.implementation_plan__status
        cost = row.cost_estimate
        return {
            "id": row.id,
            "plan": row.plan_id,
            "goal": row.strategy__goal_id,
            "strategy": row.strategy_id,
            "strategy_code": f"{row.strategy__goal__number}.{row.strategy__number}",
            "code": row.code,
            "title": row.title,
            "description": row.description,
            "responsible_department": {
                "id": row.responsible_department_id,
                "name": row.responsible_department__name,
            },
            "responsible_person": {
                "id": row.responsible_person_id,
                "name": display_name_of(
                    row.responsible_person__first_name,
                    row.responsible_person__last_name,
                    row.responsible_person__username,
                ),
            },
            "status": row.status,
            "progress": row.progress,
            "planned_start": _date(row.planned_start),
            "planned_end": _date(row.planned_end),
            "cost_estimate": None if cost is None else f"{cost:f}",
            "is_illustrative": row.is_illustrative,
            "last_reported_at": last_reported_text,
            "is_stale": status.is_stale_at_cutoff(
                status=row.status,
                last_reported_at=last_reported_at,
                created_at=row.created_at,
                cutoff=cutoff,
            ),
            "latest_status_update": None
            if update is None
            else {
                "id": update["id"],
                "status": update["status"],
                "progress": update["progress"],
                "text": update["text"],
                "submitted_at": last_reported_text,
            },
            "implementation_plan": None
            if plan_status is None
            or (not staff and plan_status != ImplementationPlan.Status.APPROVED)
            else {
                "id": row.implementation_plan__id,
                "status": plan_status,
                "due_date": row.implementation_plan__due_date.isoformat(),
            },
            "version": row.version,
            "updated_at": _datetime(row.updated_at, zone),
            "url": f"{url_head}{row.id}{url_tail}",
        }


def _date(value) -> str | None:
    return value.isoformat() if value else None


class ActivitySerializer(serializers.ModelSerializer):
    class Meta:
        model = ImplementationActivity
        fields = ["id", "title", "responsible", "start_date", "due_date", "completed_at"]


class ImplementationPlanSerializer(serializers.ModelSerializer):
    measure_code = serializers.CharField(source="measure.code", read_only=True)
    activities = ActivitySerializer(many=True, read_only=True)

    class Meta:
        model = ImplementationPlan
        fields = [
            "id",
            "measure",
            "measure_code",
            "status",
            "due_date",
            "ordered_at",
            "order_message",
            "expected_result",
            "resources",
            "risks",
            "feedback",
            "submitted_at",
            "approved_at",
            "version",
            "activities",
        ]
        read_only_fields = fields


class ImplementationPlanOrderSerializer(serializers.Serializer):
    """The coordinator orders the plan for one measure."""

    measure = serializers.PrimaryKeyRelatedField(queryset=Measure.objects.none())
    due_date = serializers.DateField()
    message = serializers.CharField(max_length=20_000, required=False, allow_blank=True, default="")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A measure the user may not see is refused like one that does not exist.
        self.fields["measure"].queryset = self.context.get(
            "visible_measures", Measure.objects.none()
        )


class ActivityInputSerializer(serializers.Serializer):
    id = serializers.IntegerField(required=False, allow_null=True)
    title = serializers.CharField(max_length=300)
    responsible = serializers.IntegerField(required=False, allow_null=True)
    start_date = serializers.DateField(required=False, allow_null=True)
    due_date = serializers.DateField(required=False, allow_null=True)


class ImplementationPlanDraftSerializer(serializers.Serializer):
    """The owner's draft. `version` is the version the change starts from (409 when stale);
    `activities`, when given, replace the plan's activities."""

    version = serializers.IntegerField(min_value=1)
    expected_result = serializers.CharField(max_length=20_000, required=False, allow_blank=True)
    resources = serializers.CharField(max_length=20_000, required=False, allow_blank=True)
    risks = serializers.CharField(max_length=20_000, required=False, allow_blank=True)
    activities = ActivityInputSerializer(many=True, required=False)


class VersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1)


class ReturnSerializer(VersionSerializer):
    feedback = serializers.CharField(max_length=20_000)


class ReportingRoundSerializer(serializers.ModelSerializer):
    measure_count = serializers.IntegerField(read_only=True)
    answered_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = ReportingRound
        fields = [
            "id",
            "plan",
            "name",
            "due_date",
            "status",
            "message",
            "opened_at",
            "closed_at",
            "measure_count",
            "answered_count",
        ]
        read_only_fields = fields


class MeasureErrorSerializer(serializers.Serializer):
    """A 400 on a measure write: as every error answer (`detail`, `code`, `field` and the
    field's messages under its name), except that `code` is the messages of the measure's
    own field `code` when that field is wrong."""

    detail = serializers.CharField(required=False)
    code = serializers.JSONField(required=False)
    field = serializers.CharField(required=False)


class MeasureEditSerializer(serializers.Serializer):
    """The coordinator's edit of a measure: `version` is the version the change starts from
    (409 when someone saved in between); fields left out keep their value. Owner changes
    go through the reassignment, as on the page. `measure_update` checks the rest."""

    version = serializers.IntegerField(min_value=1)
    strategy = serializers.PrimaryKeyRelatedField(queryset=Strategy.objects.all(), required=False)
    code = serializers.CharField(max_length=20, required=False)
    title = serializers.CharField(max_length=300, required=False)
    description = serializers.CharField(max_length=20_000, required=False, allow_blank=True)
    planned_start = serializers.DateField(required=False, allow_null=True)
    planned_end = serializers.DateField(required=False, allow_null=True)
    cost_estimate = serializers.DecimalField(
        max_digits=14, decimal_places=0, required=False, allow_null=True
    )
    status = serializers.ChoiceField(choices=MeasureStatus.choices, required=False)
    progress = serializers.IntegerField(min_value=0, max_value=100, required=False)


class MeasureCreateSerializer(serializers.Serializer):
    """A new measure with its one owner; `measure_create` checks the rest (the strategy of
    the plan, a free code, the owner in the department, status and progress agreeing)."""

    plan = serializers.PrimaryKeyRelatedField(queryset=Plan.objects.all())
    strategy = serializers.PrimaryKeyRelatedField(queryset=Strategy.objects.all())
    code = serializers.CharField(max_length=20)
    title = serializers.CharField(max_length=300)
    description = serializers.CharField(
        max_length=20_000, required=False, allow_blank=True, default=""
    )
    responsible_department = serializers.PrimaryKeyRelatedField(queryset=Department.objects.all())
    responsible_person = serializers.PrimaryKeyRelatedField(
        queryset=get_user_model().objects.filter(is_active=True)
    )
    planned_start = serializers.DateField(required=False, allow_null=True, default=None)
    planned_end = serializers.DateField(required=False, allow_null=True, default=None)
    cost_estimate = serializers.DecimalField(
        max_digits=14, decimal_places=0, required=False, allow_null=True, default=None
    )
    status = serializers.ChoiceField(
        choices=MeasureStatus.choices, required=False, default=MeasureStatus.NOT_STARTED
    )
    progress = serializers.IntegerField(min_value=0, max_value=100, required=False, default=0)


class ReportingRoundOpenSerializer(serializers.Serializer):
    """A round to open; `reporting_round_open` checks the rest (the due date not past, the
    measures of the plan, no open round of the same name, a parallel round confirmed)."""

    plan = serializers.PrimaryKeyRelatedField(queryset=Plan.objects.all())
    name = serializers.CharField(max_length=200)
    due_date = serializers.DateField()
    message = serializers.CharField(max_length=20_000, required=False, allow_blank=True, default="")
    measures = serializers.PrimaryKeyRelatedField(
        queryset=Measure.objects.all(), many=True, required=False, default=None
    )
    confirm_parallel = serializers.BooleanField(required=False, default=False)


class FundingRequestSerializer(serializers.ModelSerializer):
    measure_code = serializers.CharField(source="measure.code", read_only=True)

    class Meta:
        model = FundingRequest
        fields = [
            "id",
            "measure",
            "measure_code",
            "implementation_plan",
            "year",
            "amount",
            "granted_amount",
            "source",
            "status",
            "decision_case_number",
            "decision_body",
            "decided_on",
        ]
        read_only_fields = fields
