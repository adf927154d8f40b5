from django.utils import timezone
from rest_framework import viewsets

from measures.models import FollowUpSettings
from measures.register import selectors
from measures.register.serializers import MeasureSerializer


class MeasureViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = MeasureSerializer
    filterset_fields = ["plan", "status", "responsible_department"]

    def get_queryset(self):
        return (
            selectors.measures_visible_to(self.request.user)
            .select_related("strategy__goal", "responsible_department", "responsible_person")
            .with_last_reported()
            .order_by("plan", "strategy__goal__number", "strategy__number", "number")
        )

    def get_serializer_context(self):
        # One settings read per request, one "now" for every row of the page.
        return {
            **super().get_serializer_context(),
            "now": timezone.now(),
            "stale_after_days": FollowUpSettings.stale_after_days_setting(),
        }
