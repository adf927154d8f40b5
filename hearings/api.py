"""Hearings and their responses in the API (read only).

Submitting a response (POST `hearings/{id}/responses/`) is not here yet: it must run the
web form's checks through `hearings.services.submit_public_response` (issue 9).
"""

import django_filters
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets

from bodobolig import permissions
from hearings import selectors
from hearings.models import Hearing, HearingResponse
from hearings.serializers import HearingResponseSerializer, HearingSerializer
from plans.filters import visible_plans


class HearingFilter(django_filters.FilterSet):
    plan = django_filters.ModelChoiceFilter(queryset=visible_plans, label=_("Plan"))
    status = django_filters.ChoiceFilter(choices=Hearing.Status.choices, label=_("Status"))

    class Meta:
        model = Hearing
        fields = ["plan", "status"]


class HearingResponseFilter(django_filters.FilterSet):
    sender_category = django_filters.CharFilter(label=_("Avsenderkategori"))
    channel = django_filters.ChoiceFilter(choices=HearingResponse.Channel.choices, label=_("Kanal"))

    class Meta:
        model = HearingResponse
        fields = ["sender_category", "channel"]


@extend_schema_view(
    list=extend_schema(summary="Høringer"), retrieve=extend_schema(summary="Én høring")
)
class HearingViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = HearingSerializer
    filterset_class = HearingFilter
    ordering_fields = ["starts_on", "ends_on"]

    def get_queryset(self):
        return selectors.hearings_visible_to(self.request.user).order_by("-starts_on", "pk")


@extend_schema_view(list=extend_schema(summary="Høringsinnspill"))
class HearingResponseViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """`/hearings/{hearing_id}/responses/`: the published responses (staff: all)."""

    serializer_class = HearingResponseSerializer
    filterset_class = HearingResponseFilter
    ordering_fields = ["received_on"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator
            return HearingResponse.objects.none()
        hearing = get_object_or_404(
            selectors.hearings_visible_to(self.request.user), pk=self.kwargs["hearing_pk"]
        )
        return (
            selectors.responses_visible_to(self.request.user, hearing)
            .prefetch_related("points")
            .order_by("received_on", "pk")
        )

    def get_serializer_context(self):
        return {
            **super().get_serializer_context(),
            "staff": permissions.is_staff_member(self.request.user),
        }
