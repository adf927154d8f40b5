"""The follow-up resources of the API: measures (with their follow-up state), their status
updates, implementation plans (order, draft, submit, approve, return), reporting rounds and
funding requests. Every write goes through the same service as the page does."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotAuthenticated, PermissionDenied
from rest_framework.response import Response

from bodobolig import permissions
from bodobolig.api_limits import OneQueryPagination
from bodobolig.errors import StateError
from measures.followup import api_rows, filters, reporting, selectors, services
from measures.followup.serializers import (
    FundingRequestSerializer,
    ImplementationPlanDraftSerializer,
    ImplementationPlanOrderSerializer,
    ImplementationPlanSerializer,
    MeasureCreateSerializer,
    MeasureEditSerializer,
    MeasureErrorSerializer,
    MeasureSerializer,
    ReportingRoundOpenSerializer,
    ReportingRoundSerializer,
    ReturnSerializer,
    StatusUpdateCreateSerializer,
    StatusUpdateSerializer,
    VersionSerializer,
)
from measures.models import FollowUpSettings, StatusUpdate
from measures.register import services as register_services
from measures.register.selectors import measures_visible_to

Action = permissions.Action


def _require(request, action: Action, obj=None) -> None:
    """A resource only some roles may use at all: 401 for the anonymous, else 403."""
    if permissions.can(request.user, action, obj):
        return
    if not request.user.is_authenticated:
        raise NotAuthenticated
    raise PermissionDenied


class ActionPermissions:
    """`permission_action` for `ReadOnlyForVisible`, per viewset action."""

    permission_actions: dict[str, Action] = {}

    @property
    def permission_action(self):
        return self.permission_actions.get(self.action)


VERSION_EXAMPLE = OpenApiExample("Versjon", value={"version": 3}, request_only=True)


MEASURE_EXAMPLE = OpenApiExample(
    "Tiltak",
    value={
        "id": 12,
        "plan": 1,
        "goal": 3,
        "strategy": 7,
        "strategy_code": "1.2",
        "code": "1.2.3",
        "title": "Etablere Bolig Nu",
        "description": "",
        "responsible_department": {"id": 2, "name": "Helse- og omsorgsavdelingen"},
        "responsible_person": {"id": 5, "name": "Kari Nordmann"},
        "status": "in_progress",
        "progress": 40,
        "planned_start": "2014-09-01",
        "planned_end": "2016-12-31",
        "cost_estimate": "250000",
        "is_illustrative": True,
        "last_reported_at": "2015-11-20T10:15:00+01:00",
        "is_stale": False,
        "latest_status_update": {
            "id": 88,
            "status": "in_progress",
            "progress": 40,
            "text": "Tre boliger er tatt i bruk.",
            "submitted_at": "2015-11-20T10:15:00+01:00",
        },
        "implementation_plan": {"id": 4, "status": "approved", "due_date": "2015-03-01"},
        "version": 6,
        "updated_at": "2015-11-20T10:15:00+01:00",
        "url": "https://bolig.kommune.no/tiltak/12/",
    },
    response_only=True,
)


@extend_schema_view(
    list=extend_schema(
        summary="Tiltak",
        description="Tiltakene du har lov til å se, 50 per side (`page_size` høyst 100).",
        examples=[MEASURE_EXAMPLE],
    ),
    retrieve=extend_schema(summary="Ett tiltak", examples=[MEASURE_EXAMPLE]),
    create=extend_schema(
        summary="Nytt tiltak",
        description="Koordinatoren legger inn et tiltak med én hovedansvarlig, som på siden.",
        request=MeasureCreateSerializer,
        responses={201: MeasureSerializer, 400: MeasureErrorSerializer},
    ),
    partial_update=extend_schema(
        summary="Endre tiltaket",
        description="Koordinatorens endring: `version` er versjonen endringen bygger på (409 "
        "når noen har lagret tiltaket siden). Felt som ikke er med, beholder verdien. Bytte "
        "av hovedansvarlig går gjennom overleveringen på siden.",
        request=MeasureEditSerializer,
        responses={200: MeasureSerializer, 400: MeasureErrorSerializer},
        examples=[VERSION_EXAMPLE],
    ),
)
class MeasureViewSet(
    ActionPermissions,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = MeasureSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]
    permission_actions = {
        "create": Action.EDIT_MEASURE,
        "partial_update": Action.EDIT_MEASURE,
    }
    conflict_actions = {"partial_update"}
    filterset_class = filters.ApiMeasureFilter
    pagination_class = OneQueryPagination
    ordering_fields = [
        "code",
        "title",
        "status",
        "progress",
        "planned_end",
        "updated_at",
        "last_reported_at",
    ]

    # The list's order: by plan, then the measure's code (goal, strategy, measure number;
    # the id last, as measure numbers may repeat, so pages neither skip nor repeat a row).
    ORDER_IN_PLAN = ("strategy__goal__number", "strategy__number", "number", "pk")

    def get_queryset(self):
        """Lean: the filters, the ordering and the page work on ids; the page's rows are
        then read as plain rows (`api_rows.measure_api_rows`). Computing "last reported"
        and the newest update for every visible measure before the LIMIT made a page of
        100 cost as much as all 2,000 (benchmarks/api.py)."""
        measures = measures_visible_to(self.request.user)
        if "last_reported_at" in self.request.query_params.get("ordering", ""):
            measures = measures.with_last_reported()
        return measures.order_by("plan", *self.ORDER_IN_PLAN)

    def get_serializer_context(self):
        # One settings read and one role look-up per request, one "now" for every row.
        return {
            **super().get_serializer_context(),
            "now": timezone.now(),
            "stale_after_days": FollowUpSettings.stale_after_days_setting(),
            "staff": permissions.is_staff_member(self.request.user),
        }

    def paginate_queryset(self, queryset):
        ids = super().paginate_queryset(queryset.values_list("pk", flat=True))
        return None if ids is None else api_rows.measure_api_rows(list(ids))

    # The query a client repeats most (`?plan=N`, paged) takes a shorter road: no filter
    # set (building and validating one per request was an eighth of a page's time) and
    # the count with the page's ids. Everything else, and every page this road cannot
    # answer, takes the usual one.
    PLAN_PAGE_PARAMS = {"plan", "page", "page_size"}

    def list(self, request, *args, **kwargs):
        rows = self._plan_page(request)
        if rows is None:
            return super().list(request, *args, **kwargs)
        return self.get_paginated_response(self.get_serializer(rows, many=True).data)

    def _plan_page(self, request) -> list | None:
        """The page's rows of a request with no parameters but `plan` and paging, or None
        when the usual road must answer: other parameters, a `plan` that is not a plain
        id, or an empty page. A page with rows proves the plan is one the reader may see
        (`measures_visible_to` holds only measures of visible plans), so the filter set's
        400 for a hidden or unknown plan can only come on the usual road, and does."""
        if not set(request.query_params) <= self.PLAN_PAGE_PARAMS:
            return None
        queryset = self.get_queryset()
        plan = request.query_params.get("plan", "")
        if plan:
            if not (plan.isascii() and plan.isdigit()) or len(plan) > 18:
                return None
            # One plan: its measures in the same order without joining the plan to sort.
            queryset = queryset.filter(plan_id=int(plan)).order_by(*self.ORDER_IN_PLAN)
        ids = self.paginator.paginate_in_one_query(queryset, request)
        return None if ids is None else api_rows.measure_api_rows(ids)

    def get_object(self):
        # The permission check wants the measure itself; the answer is its row.
        return api_rows.measure_api_rows([self._measure().pk])[0]

    def _measure(self):
        return super().get_object()

    def create(self, request, *args, **kwargs):
        incoming = MeasureCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        fields = dict(incoming.validated_data)
        plan = fields.pop("plan")
        permissions.check(request.user, Action.EDIT_MEASURE, plan)
        measure = register_services.measure_create(plan=plan, user=request.user, **fields)
        row = api_rows.measure_api_rows([measure.pk])[0]
        return Response(self.get_serializer(row).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        measure = self._measure()
        incoming = MeasureEditSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        fields = dict(incoming.validated_data)
        kept = {name: getattr(measure, name) for name in register_services.MEASURE_EDIT_FIELDS}
        register_services.measure_update(
            measure_id=measure.pk,
            version=fields.pop("version"),
            user=request.user,
            **{**kept, **fields},
        )
        return Response(self.get_serializer(self.get_object()).data)


STATUS_UPDATE_EXAMPLE = OpenApiExample(
    "Statusrapport",
    value={
        "status": "in_progress",
        "progress": 60,
        "text": "Fire av seks boliger er tatt i bruk.",
        "risks": "",
        "needs_help": False,
        "reporting_round": 3,
    },
    request_only=True,
)


@extend_schema_view(
    list=extend_schema(summary="Tiltakets statusrapporter"),
    create=extend_schema(
        summary="Lever statusrapport",
        description="Hovedansvarlig (eller koordinator) leverer en statusrapport, som på siden.",
        request=StatusUpdateCreateSerializer,
        responses={201: StatusUpdateSerializer},
        examples=[STATUS_UPDATE_EXAMPLE],
    ),
)
class StatusUpdateViewSet(
    ActionPermissions, mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """`/measures/{measure_id}/status-updates/`: newest first. Risks and "needs help" only
    for the owner side and the coordinator."""

    serializer_class = StatusUpdateSerializer
    filterset_class = filters.StatusUpdateFilter
    ordering_fields = ["submitted_at"]
    permission_actions = {"create": Action.SUBMIT_STATUS_UPDATE}
    conflict_actions = {"create"}

    def get_measure(self):
        if not hasattr(self, "_measure"):
            self._measure = get_object_or_404(
                measures_visible_to(self.request.user).select_related(
                    "plan", "responsible_department"
                ),
                pk=self.kwargs["measure_pk"],
            )
        return self._measure

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator
            return StatusUpdate.objects.none()
        return (
            StatusUpdate.objects.filter(measure=self.get_measure())
            .select_related("submitted_by", "measure")
            .order_by("-submitted_at", "-pk")
        )

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if getattr(self, "swagger_fake_view", False):
            return context
        measure = self.get_measure()
        context["measure"] = measure
        context["internal"] = permissions.can(self.request.user, Action.VIEW_INTERNAL, measure)
        return context

    def create(self, request, *args, **kwargs):
        measure = self.get_measure()
        permissions.check(request.user, Action.SUBMIT_STATUS_UPDATE, measure)
        incoming = StatusUpdateCreateSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        incoming.is_valid(raise_exception=True)
        update = reporting.status_update_submit(
            measure=measure, by=request.user, **incoming.validated_data
        )
        body = StatusUpdateSerializer(update, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED)


ORDER_EXAMPLE = OpenApiExample(
    "Bestilling",
    value={"measure": 12, "due_date": "2026-03-01", "message": "Frist før budsjettmøtet."},
    request_only=True,
)


@extend_schema_view(
    list=extend_schema(summary="Gjennomføringsplaner"),
    retrieve=extend_schema(summary="Én gjennomføringsplan"),
    create=extend_schema(
        summary="Bestill gjennomføringsplan",
        description="Koordinatoren bestiller en gjennomføringsplan for ett tiltak. 409 når "
        "tiltaket allerede har en.",
        request=ImplementationPlanOrderSerializer,
        responses={201: ImplementationPlanSerializer},
        examples=[ORDER_EXAMPLE],
    ),
    partial_update=extend_schema(
        summary="Lagre utkast",
        description="Eierens utkast: `version` er versjonen endringen bygger på (409 når "
        "noen har endret planen siden). `activities` erstatter aktivitetene.",
        request=ImplementationPlanDraftSerializer,
        responses={200: ImplementationPlanSerializer},
        examples=[
            OpenApiExample(
                "Utkast",
                value={
                    "version": 1,
                    "expected_result": "Seks nye boliger i 2026.",
                    "activities": [{"title": "Kartlegge behov", "due_date": "2026-02-01"}],
                },
                request_only=True,
            )
        ],
    ),
    submit=extend_schema(
        summary="Lever planen",
        request=VersionSerializer,
        responses={200: ImplementationPlanSerializer},
        examples=[VERSION_EXAMPLE],
    ),
    approve=extend_schema(
        summary="Godkjenn planen",
        description="Bare en levert plan kan godkjennes (ellers 409).",
        request=VersionSerializer,
        responses={200: ImplementationPlanSerializer},
        examples=[VERSION_EXAMPLE],
    ),
    return_plan=extend_schema(
        summary="Send planen tilbake",
        request=ReturnSerializer,
        responses={200: ImplementationPlanSerializer},
        examples=[
            OpenApiExample(
                "Tilbakemelding",
                value={"version": 3, "feedback": "Legg inn kostnader per år."},
                request_only=True,
            )
        ],
    ),
)
class ImplementationPlanViewSet(
    ActionPermissions,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Approved plans for whoever sees the measure; the others for the owner side and the
    coordinator (never politicians), as on the pages."""

    serializer_class = ImplementationPlanSerializer
    filterset_class = filters.ImplementationPlanFilter
    ordering_fields = ["due_date", "updated_at", "status"]
    http_method_names = ["get", "post", "patch", "head", "options"]
    permission_actions = {
        "create": Action.ORDER_IMPLEMENTATION_PLAN,
        "partial_update": Action.SUBMIT_IMPLEMENTATION_PLAN,
        "submit": Action.SUBMIT_IMPLEMENTATION_PLAN,
        "approve": Action.APPROVE_IMPLEMENTATION_PLAN,
        "return_plan": Action.APPROVE_IMPLEMENTATION_PLAN,
    }
    conflict_actions = set(permission_actions)

    def get_queryset(self):
        return (
            selectors.implementation_plans_visible_to(self.request.user)
            .select_related("measure__plan", "measure__responsible_department__parent")
            .prefetch_related("activities")
            .order_by("due_date", "pk")
        )

    def _answer(self, implementation_plan):
        fresh = self.get_queryset().get(pk=implementation_plan.pk)
        return Response(self.get_serializer(fresh).data)

    def create(self, request, *args, **kwargs):
        incoming = ImplementationPlanOrderSerializer(
            data=request.data,
            context={"visible_measures": measures_visible_to(request.user)},
        )
        incoming.is_valid(raise_exception=True)
        measure = incoming.validated_data["measure"]
        permissions.check(request.user, Action.ORDER_IMPLEMENTATION_PLAN, measure)
        result = services.implementation_plan_order(
            measures=[measure],
            due_date=incoming.validated_data["due_date"],
            message=incoming.validated_data["message"],
            by=request.user,
        )
        if not result.ordered:
            raise StateError(_("Tiltaket har allerede en gjennomføringsplan."), field="measure")
        response = self._answer(result.ordered[0])
        response.status_code = status.HTTP_201_CREATED
        return response

    def partial_update(self, request, *args, **kwargs):
        implementation_plan = self.get_object()
        incoming = ImplementationPlanDraftSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        expected_version = data.pop("version")
        current = {
            name: getattr(implementation_plan, name)
            for name in ("expected_result", "resources", "risks")
        }
        saved = services.implementation_plan_save_draft(
            implementation_plan=implementation_plan,
            by=request.user,
            expected_version=expected_version,
            **{**current, **data},
        )
        return self._answer(saved)

    def _change_state(self, request, service, incoming_class=VersionSerializer):
        """Submit, approve or return: the service does it from the version the client saw
        (409 when stale) and the other fields of `incoming_class`."""
        implementation_plan = self.get_object()
        incoming = incoming_class(data=request.data)
        incoming.is_valid(raise_exception=True)
        fields = dict(incoming.validated_data)
        service(
            implementation_plan=implementation_plan,
            by=request.user,
            expected_version=fields.pop("version"),
            **fields,
        )
        return self._answer(implementation_plan)

    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._change_state(request, services.implementation_plan_submit)

    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._change_state(request, services.implementation_plan_approve)

    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_plan(self, request, pk=None):
        return self._change_state(
            request, services.implementation_plan_return, incoming_class=ReturnSerializer
        )


ROUND_EXAMPLE = OpenApiExample(
    "Ny runde",
    value={
        "plan": 1,
        "name": "Høsten 2026",
        "due_date": "2026-10-15",
        "message": "Kort status for hvert tiltak, takk.",
    },
    request_only=True,
)


@extend_schema_view(
    list=extend_schema(summary="Rapporteringsrunder (ansatte)"),
    retrieve=extend_schema(summary="Én rapporteringsrunde (ansatte)"),
    create=extend_schema(
        summary="Åpne rapporteringsrunde",
        description="Koordinatoren åpner en runde, som på siden. Uten `measures` er alle "
        "aktive tiltak i planen med. Er en annen runde i planen åpen, må `confirm_parallel` "
        "være sann (ellers 400 på det feltet).",
        request=ReportingRoundOpenSerializer,
        responses={201: ReportingRoundSerializer},
        examples=[ROUND_EXAMPLE],
    ),
    close=extend_schema(
        summary="Lukk rapporteringsrunden",
        description="Svar etter dette tas imot, men merkes som for sene. 409 når runden "
        "allerede er lukket.",
        request=None,
        responses={200: ReportingRoundSerializer},
    ),
)
class ReportingRoundViewSet(
    ActionPermissions,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Reporting rounds, with how many measures have answered: staff only, as the pages;
    the coordinator opens and closes them."""

    serializer_class = ReportingRoundSerializer
    filterset_class = filters.ReportingRoundFilter
    ordering_fields = ["due_date", "name"]
    permission_actions = {"create": Action.MANAGE_ROUNDS, "close": Action.MANAGE_ROUNDS}
    conflict_actions = {"close"}

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        _require(request, Action.VIEW_FOLLOW_UP)

    def get_queryset(self):
        return selectors.reporting_rounds_with_counts(self.request.user)

    def _answer(self, reporting_round, status_code=status.HTTP_200_OK):
        fresh = self.get_queryset().get(pk=reporting_round.pk)
        return Response(self.get_serializer(fresh).data, status=status_code)

    def create(self, request, *args, **kwargs):
        incoming = ReportingRoundOpenSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        fields = dict(incoming.validated_data)
        plan = fields.pop("plan")
        permissions.check(request.user, Action.MANAGE_ROUNDS, plan)
        reporting_round = reporting.reporting_round_open(plan=plan, by=request.user, **fields)
        return self._answer(reporting_round, status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        closed = reporting.reporting_round_close(reporting_round=self.get_object(), by=request.user)
        return self._answer(closed)


@extend_schema_view(
    list=extend_schema(summary="Finansieringsbehov"),
    retrieve=extend_schema(summary="Ett finansieringsbehov"),
)
class FundingRequestViewSet(viewsets.ReadOnlyModelViewSet):
    """Funding needs per year and their decisions; visible where the implementation plan
    they belong to is visible."""

    serializer_class = FundingRequestSerializer
    filterset_class = filters.FundingRequestFilter
    ordering_fields = ["year", "amount"]

    def get_queryset(self):
        return (
            selectors.funding_requests_visible_to(self.request.user)
            .select_related("measure")
            .order_by("measure__code", "year", "pk")
        )
