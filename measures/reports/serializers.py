"""API shapes of council reports: the request, and the report with its state and file link."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from bodobolig import permissions
from measures.models import CouncilReport, ReportingRound
from plans.models import Plan


class CouncilReportSerializer(serializers.ModelSerializer):
    """A report: `status` queued → rendering → ready (or failed); `file` links to the PDF
    when it is ready. `error` is for the staff only (null for others)."""

    file = serializers.SerializerMethodField()
    error = serializers.SerializerMethodField()
    is_published = serializers.BooleanField(read_only=True)

    class Meta:
        model = CouncilReport
        fields = [
            "id",
            "plan",
            "title",
            "as_of",
            "reporting_round",
            "case_number",
            "committee",
            "meeting_date",
            "status",
            "error",
            "page_count",
            "requested_at",
            "rendered_at",
            "published_at",
            "is_published",
            "file",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_file(self, report: CouncilReport) -> str | None:
        if report.status != CouncilReport.Status.READY or not report.file:
            return None
        return reverse("api-v1:report-pdf", args=[report.pk], request=self.context.get("request"))

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_error(self, report: CouncilReport) -> str | None:
        request = self.context.get("request")
        if request is not None and permissions.is_staff_member(request.user):
            return report.error
        return None


class CouncilReportRequestSerializer(serializers.Serializer):
    """What the coordinator gives when requesting a report (the form's fields)."""

    plan = serializers.PrimaryKeyRelatedField(queryset=Plan.objects.none())
    as_of = serializers.DateField()
    reporting_round = serializers.PrimaryKeyRelatedField(
        queryset=ReportingRound.objects.all(), required=False, allow_null=True, default=None
    )
    title = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    introduction = serializers.CharField(
        max_length=20_000, required=False, allow_blank=True, default=""
    )
    case_number = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    committee = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    meeting_date = serializers.DateField(required=False, allow_null=True, default=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A plan the user may not see is refused like one that does not exist.
        self.fields["plan"].queryset = self.context.get("visible_plans", Plan.objects.none())


class AcceptedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    url = serializers.URLField()
