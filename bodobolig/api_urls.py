"""The REST API, version 1: one router for all apps, same permission rules as the pages.

Included under /api/v1/ with the namespace "api-v1"; the first, unversioned /api/ paths
redirect here (bodobolig/urls.py).
"""

from django.urls import path
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from analyses.api import IndicatorViewSet
from bodobolig.api_views import SchemaView
from hearings.api import HearingResponseViewSet, HearingViewSet
from measures.followup.api import (
    FundingRequestViewSet,
    ImplementationPlanViewSet,
    MeasureViewSet,
    ReportingRoundViewSet,
    StatusUpdateViewSet,
)
from measures.planning.api import OngoingProjectViewSet, WorkPlanViewSet
from measures.reports.api import CouncilReportViewSet
from plans.api import DepartmentViewSet, GoalViewSet, PlanViewSet, StrategyViewSet

app_name = "api-v1"

router = DefaultRouter()
router.register("plans", PlanViewSet, basename="plan")
router.register("goals", GoalViewSet, basename="goal")
router.register("strategies", StrategyViewSet, basename="strategy")
router.register("departments", DepartmentViewSet, basename="department")
router.register("measures", MeasureViewSet, basename="measure")
router.register("implementation-plans", ImplementationPlanViewSet, basename="implementation-plan")
router.register("reporting-rounds", ReportingRoundViewSet, basename="reporting-round")
router.register("funding-requests", FundingRequestViewSet, basename="funding-request")
router.register("work-plans", WorkPlanViewSet, basename="work-plan")
router.register("projects", OngoingProjectViewSet, basename="project")
router.register("indicators", IndicatorViewSet, basename="indicator")
router.register("hearings", HearingViewSet, basename="hearing")
router.register("reports", CouncilReportViewSet, basename="report")

urlpatterns = [
    path("schema/", SchemaView.as_view(), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api-v1:schema", template_name="integrations/api_docs.html"
        ),
        name="docs",
    ),
    path(
        "measures/<int:measure_pk>/status-updates/",
        StatusUpdateViewSet.as_view({"get": "list", "post": "create"}),
        name="measure-status-updates",
    ),
    path(
        "hearings/<int:hearing_pk>/responses/",
        HearingResponseViewSet.as_view({"get": "list", "post": "create"}),
        name="hearing-responses",
    ),
    *router.urls,
]
