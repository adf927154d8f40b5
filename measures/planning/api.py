"""The plan's life resources of the API, read only: yearly work plans (staff read every
one, politicians the published ones, as the pages) and ongoing projects (staff, as the
pages). Funding decisions are the decision fields of `funding-requests`."""

from __future__ import annotations

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import NotAuthenticated, PermissionDenied

from bodobolig import permissions
from measures.models import WorkPlanItem
from measures.planning import filters, selectors
from measures.planning.serializers import OngoingProjectSerializer, WorkPlanSerializer


@extend_schema_view(
    list=extend_schema(
        summary="Arbeidsplaner",
        description="Årets arbeidsplaner med linjene sine. Ansatte ser alle, folkevalgte de "
        "publiserte; andre ingen.",
    ),
    retrieve=extend_schema(summary="Én arbeidsplan"),
)
class WorkPlanViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = WorkPlanSerializer
    filterset_class = filters.WorkPlanFilter
    ordering_fields = ["year", "title"]

    def get_queryset(self):
        items = WorkPlanItem.objects.select_related("measure", "responsible").order_by(
            "measure__strategy__goal__number", "measure__strategy__number", "measure__number"
        )
        return (
            selectors.work_plans_readable_by(self.request.user)
            .prefetch_related(Prefetch("items", queryset=items))
            .order_by("plan", "-year")
        )


@extend_schema_view(
    list=extend_schema(
        summary="Pågående prosjekter (ansatte)",
        description="Prosjekter og tjenester som allerede går i virksomhetene, med tiltakene "
        "de tjener.",
    ),
    retrieve=extend_schema(summary="Ett pågående prosjekt (ansatte)"),
)
class OngoingProjectViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = OngoingProjectSerializer
    filterset_class = filters.OngoingProjectFilter
    ordering_fields = ["name", "start", "end"]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not permissions.can(request.user, permissions.Action.VIEW_FOLLOW_UP):
            raise NotAuthenticated if not request.user.is_authenticated else PermissionDenied

    def get_queryset(self):
        return selectors.ongoing_projects().order_by("name", "pk")
