"""Indicators and their values in the API (read only)."""

import django_filters
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action

from analyses.models import Indicator, IndicatorValue
from analyses.serializers import IndicatorSerializer, IndicatorValueSerializer
from plans.filters import visible_goals, visible_plans
from plans.selectors import plans_visible_to


class IndicatorFilter(django_filters.FilterSet):
    plan = django_filters.ModelChoiceFilter(
        queryset=visible_plans, field_name="goal__plan", label=_("Plan")
    )
    goal = django_filters.ModelChoiceFilter(queryset=visible_goals, label=_("Målområde"))
    source = django_filters.ChoiceFilter(choices=Indicator.Source.choices, label=_("Kilde"))
    is_key = django_filters.BooleanFilter(label=_("Nøkkeltall"))

    class Meta:
        model = Indicator
        fields = ["plan", "goal", "source", "is_key"]


class IndicatorValueFilter(django_filters.FilterSet):
    year_from = django_filters.NumberFilter(field_name="year", lookup_expr="gte", label=_("Fra år"))
    year_to = django_filters.NumberFilter(field_name="year", lookup_expr="lte", label=_("Til år"))
    breakdown = django_filters.CharFilter(label=_("Inndeling (tom: hele kommunen)"))

    class Meta:
        model = IndicatorValue
        fields = ["year_from", "year_to", "breakdown"]


@extend_schema_view(
    list=extend_schema(
        summary="Indikatorer",
        examples=[
            OpenApiExample(
                "Indikator",
                value={
                    "id": 1,
                    "code": "fullforte-boliger",
                    "name": "Fullførte boliger",
                    "unit": "boliger",
                    "description": "",
                    "source": "ssb",
                    "ssb_table": "05940",
                    "source_note": "SSB tabell 05940",
                    "direction": "up",
                    "goal": 3,
                    "compare_with": None,
                    "is_key": True,
                    "is_illustrative": False,
                },
                response_only=True,
            )
        ],
    ),
    retrieve=extend_schema(summary="Én indikator"),
    values=extend_schema(
        summary="Indikatorens verdier",
        filters=True,
        responses=IndicatorValueSerializer(many=True),
    ),
)
class IndicatorViewSet(viewsets.ReadOnlyModelViewSet):
    """Indicators of the plans the user may read, and the municipality's key indicators
    (those without a goal)."""

    serializer_class = IndicatorSerializer
    filterset_class = IndicatorFilter
    ordering_fields = ["name", "code"]

    def _indicators(self):
        visible = plans_visible_to(self.request.user)
        return Indicator.objects.filter(Q(goal__isnull=True) | Q(goal__plan__in=visible))

    def get_queryset(self):
        if self.action == "values":
            return IndicatorValue.objects.filter(indicator__in=self._indicators())
        return self._indicators().order_by("name", "pk")

    def get_serializer_class(self):
        if self.action == "values":
            return IndicatorValueSerializer
        return IndicatorSerializer

    @action(
        detail=True, methods=["get"], filterset_class=IndicatorValueFilter, ordering_fields=["year"]
    )
    def values(self, request, pk=None):
        indicator = get_object_or_404(self._indicators(), pk=pk)
        values = self.filter_queryset(
            self.get_queryset().filter(indicator=indicator).order_by("breakdown", "year", "pk")
        )
        page = self.paginate_queryset(values)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)
