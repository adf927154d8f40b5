"""API shapes of the plan's life: yearly work plans with their lines, and ongoing projects."""

from __future__ import annotations

from rest_framework import serializers

from measures.followup.serializers import NamedSerializer, PersonSerializer
from measures.models import OngoingProject, WorkPlanItem
from plans.models import WorkPlan


class WorkPlanItemSerializer(serializers.ModelSerializer):
    measure_code = serializers.CharField(source="measure.code", read_only=True)
    responsible = PersonSerializer(read_only=True, allow_null=True)

    class Meta:
        model = WorkPlanItem
        fields = [
            "id",
            "measure",
            "measure_code",
            "target",
            "responsible",
            "quarter",
            "due_date",
            "state",
        ]
        read_only_fields = fields


class WorkPlanSerializer(serializers.ModelSerializer):
    """A year's work plan and its lines (the measures chosen for the year)."""

    items = WorkPlanItemSerializer(many=True, read_only=True)

    class Meta:
        model = WorkPlan
        fields = ["id", "plan", "year", "title", "description", "published_at", "items"]
        read_only_fields = fields


class OngoingProjectSerializer(serializers.ModelSerializer):
    """A project or service already running in a department, and the measures it serves."""

    department = NamedSerializer(read_only=True)
    contact = PersonSerializer(read_only=True, allow_null=True)

    class Meta:
        model = OngoingProject
        fields = ["id", "name", "department", "start", "end", "contact", "description", "measures"]
        read_only_fields = fields
