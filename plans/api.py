"""The plan resources of the API: plans, goals, strategies, departments (read only)."""

from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import viewsets

from plans import filters, selectors
from plans.models import Department, Goal, Strategy
from plans.serializers import (
    DepartmentSerializer,
    GoalSerializer,
    PlanSerializer,
    StrategySerializer,
)

PLAN_EXAMPLE = OpenApiExample(
    "Vedtatt plan",
    value={
        "id": 1,
        "slug": "boligpolitisk-handlingsplan-2014-2017",
        "title": "Boligpolitisk handlingsplan",
        "municipality": "Bodø kommune",
        "period_start": 2014,
        "period_end": 2017,
        "status": "adopted",
        "summary": "",
        "adopted_on": "2014-06-19",
        "adopted_by": "Bystyret",
        "case_number": "14/1234",
        "predecessor": None,
        "is_illustrative": False,
        "updated_at": "2014-06-20T08:00:00+02:00",
    },
    response_only=True,
)


@extend_schema_view(
    list=extend_schema(summary="Handlingsplaner", examples=[PLAN_EXAMPLE]),
    retrieve=extend_schema(summary="Én handlingsplan", examples=[PLAN_EXAMPLE]),
)
class PlanViewSet(viewsets.ReadOnlyModelViewSet):
    """Plans the user may read: the public sees plans on hearing, adopted and completed;
    politicians all but drafts; staff everything."""

    serializer_class = PlanSerializer
    filterset_class = filters.PlanFilter
    ordering_fields = ["period_start", "title", "updated_at"]
    ordering = ["-period_start", "title"]

    def get_queryset(self):
        return selectors.plans_visible_to(self.request.user).order_by("-period_start", "title")


@extend_schema_view(
    list=extend_schema(
        summary="Målområder",
        examples=[
            OpenApiExample(
                "Målområde",
                value={
                    "id": 3,
                    "plan": 1,
                    "number": 1,
                    "code": "1",
                    "title": "Generell boligutvikling",
                    "statement": "Boligutviklingen i Bodø følger …",
                },
                response_only=True,
            )
        ],
    ),
    retrieve=extend_schema(summary="Ett målområde"),
)
class GoalViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = GoalSerializer
    filterset_class = filters.GoalFilter
    ordering_fields = ["number", "title"]
    ordering = ["plan", "number"]

    def get_queryset(self):
        return Goal.objects.filter(plan__in=selectors.plans_visible_to(self.request.user))


@extend_schema_view(
    list=extend_schema(
        summary="Strategier",
        examples=[
            OpenApiExample(
                "Strategi",
                value={
                    "id": 7,
                    "plan": 1,
                    "goal": 3,
                    "number": 2,
                    "code": "1.2",
                    "title": "Økt boligbygging",
                    "description": "",
                },
                response_only=True,
            )
        ],
    ),
    retrieve=extend_schema(summary="Én strategi"),
)
class StrategyViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = StrategySerializer
    filterset_class = filters.StrategyFilter
    ordering_fields = ["number", "title"]
    ordering = ["goal__plan", "goal__number", "number"]

    def get_queryset(self):
        return Strategy.objects.filter(
            goal__plan__in=selectors.plans_visible_to(self.request.user)
        ).select_related("goal")


@extend_schema_view(
    list=extend_schema(
        summary="Virksomheter",
        examples=[
            OpenApiExample(
                "Virksomhet",
                value={
                    "id": 2,
                    "name": "Helse- og omsorgsavdelingen",
                    "short_name": "HO",
                    "parent": None,
                    "is_external": False,
                },
                response_only=True,
            )
        ],
    ),
    retrieve=extend_schema(summary="Én virksomhet"),
)
class DepartmentViewSet(viewsets.ReadOnlyModelViewSet):
    """Departments own measures, and the public sees who owns what: names only."""

    serializer_class = DepartmentSerializer
    filterset_class = filters.DepartmentFilter
    ordering_fields = ["name"]
    ordering = ["name"]
    queryset = Department.objects.all()
