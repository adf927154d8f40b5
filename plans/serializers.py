from rest_framework import serializers

from plans.models import Department, Goal, Plan, Strategy


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
            "summary",
            "adopted_on",
            "adopted_by",
            "case_number",
            "predecessor",
            "is_illustrative",
            "updated_at",
        ]


class GoalSerializer(serializers.ModelSerializer):
    code = serializers.CharField(read_only=True)

    class Meta:
        model = Goal
        fields = ["id", "plan", "number", "code", "title", "statement"]


class StrategySerializer(serializers.ModelSerializer):
    """Expects the goal loaded (`select_related("goal")`) for `code` and `plan`."""

    code = serializers.CharField(read_only=True)
    plan = serializers.IntegerField(source="goal.plan_id", read_only=True)

    class Meta:
        model = Strategy
        fields = ["id", "plan", "goal", "number", "code", "title", "description"]


class DepartmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Department
        fields = ["id", "name", "short_name", "parent", "is_external"]
