from rest_framework import viewsets

from measures.register import selectors
from measures.register.serializers import MeasureSerializer


class MeasureViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = MeasureSerializer
    filterset_fields = ["plan", "status", "responsible_department"]

    def get_queryset(self):
        return (
            selectors.measures_visible_to(self.request.user)
            .select_related("strategy__goal", "responsible_department", "responsible_person")
            .order_by("plan", "strategy__goal__number", "strategy__number", "number")
        )
