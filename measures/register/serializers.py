from django.utils import timezone
from rest_framework import serializers

from bodobolig.people import display_name
from measures import status
from measures.models import FollowUpSettings, Measure


class MeasureSerializer(serializers.ModelSerializer):
    """A measure for the API. Expects `Measure.objects.with_last_reported()`; the view
    gives `now` and `stale_after_days` in the context (else they are looked up once)."""

    strategy_code = serializers.CharField(source="strategy.code", read_only=True)
    responsible_department_name = serializers.CharField(
        source="responsible_department.name", read_only=True
    )
    responsible_person_name = serializers.SerializerMethodField()
    # Derived from the status updates, never stored.
    last_reported_at = serializers.DateTimeField(read_only=True)
    is_stale = serializers.SerializerMethodField()

    class Meta:
        model = Measure
        fields = [
            "id",
            "plan",
            "code",
            "title",
            "description",
            "strategy",
            "strategy_code",
            "responsible_department",
            "responsible_department_name",
            "responsible_person",
            "responsible_person_name",
            "status",
            "progress",
            "planned_start",
            "planned_end",
            "cost_estimate",
            "last_reported_at",
            "is_stale",
        ]

    def _stale_rule(self) -> tuple:
        if "stale_after_days" not in self.context:
            self.context["stale_after_days"] = FollowUpSettings.stale_after_days_setting()
        return self.context.get("now") or timezone.now(), self.context["stale_after_days"]

    def get_responsible_person_name(self, measure: Measure) -> str:
        return display_name(measure.responsible_person)

    def get_is_stale(self, measure: Measure) -> bool:
        """The one stale rule (`measures.status.is_stale`) on the day of the request."""
        now, days = self._stale_rule()
        return status.is_stale(
            status=measure.status,
            last_reported_at=measure.last_reported_at,
            created_at=measure.created_at,
            as_of=now,
            stale_after_days=days,
        )
