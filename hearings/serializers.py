"""API shapes of hearings and their responses (read only)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from hearings.models import Hearing, HearingResponse, ResponsePoint


class HearingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Hearing
        fields = ["id", "plan", "title", "text", "starts_on", "ends_on", "status", "case_number"]
        read_only_fields = fields


class ResponsePointSerializer(serializers.ModelSerializer):
    class Meta:
        model = ResponsePoint
        fields = ["number", "text", "administration_comment", "outcome"]
        read_only_fields = fields


class HearingResponseSerializer(serializers.ModelSerializer):
    """A response. For readers outside the staff the sender's name is null when the response
    is published without it, and e-mail and archive reference are never shown."""

    sender_name = serializers.SerializerMethodField()
    email = serializers.SerializerMethodField()
    archive_reference = serializers.SerializerMethodField()
    points = ResponsePointSerializer(many=True, read_only=True)

    class Meta:
        model = HearingResponse
        fields = [
            "id",
            "hearing",
            "channel",
            "received_on",
            "sender_name",
            "organisation",
            "sender_category",
            "email",
            "is_late",
            "archive_reference",
            "text",
            "publication",
            "points",
        ]
        read_only_fields = fields

    def _staff(self) -> bool:
        return bool(self.context.get("staff"))

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_sender_name(self, response: HearingResponse) -> str | None:
        if self._staff() or response.publication == HearingResponse.Publication.PUBLISHED:
            return response.sender_name
        return None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_email(self, response: HearingResponse) -> str | None:
        return response.email if self._staff() else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_archive_reference(self, response: HearingResponse) -> str | None:
        return response.archive_reference if self._staff() else None
