from rest_framework import viewsets

from plans import selectors
from plans.serializers import PlanSerializer


class PlanViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = PlanSerializer
    filterset_fields = ["status"]

    def get_queryset(self):
        return selectors.plans_visible_to(self.request.user).order_by("-period_start")
