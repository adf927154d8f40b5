from rest_framework import serializers

from plans.models import Plan


class PlanSerializer(serializers.ModelSerializer):
    class Meta:
        model = Plan
        fields = [
            "id",
            "slug",
            "title",
            "municipality",
            "period_start",
            "period_end",
            "status",
            "adopted_on",
            "adopted_by",
            "case_number",
            "predecessor",
        ]
