from rest_framework import serializers

from measures.models import Measure


class MeasureSerializer(serializers.ModelSerializer):
    strategy_code = serializers.CharField(source="strategy.code", read_only=True)
    responsible_department_name = serializers.CharField(
        source="responsible_department.name", read_only=True
    )
    responsible_person_name = serializers.CharField(
        source="responsible_person.get_full_name", read_only=True
    )

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
        ]
