"""API shapes of hearings and their responses, and of a public response sent in."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from hearings.models import Hearing, HearingResponse, ResponsePoint
from hearings.services import PUBLIC_CATEGORIES


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


class HearingResponseSubmitSerializer(serializers.Serializer):
    """A response sent in, as on the public form: shape only (types). Every rule (required
    fields, lengths, category, e-mail, files) is checked by `submit_public_response`, so the
    API and the page give the same Norwegian messages."""

    sender_name = serializers.CharField(
        required=False, allow_blank=True, help_text="Påkrevd. Navnet ditt (høyst 200 tegn)."
    )
    organisation = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="Påkrevd når du svarer for en organisasjon eller virksomhet (høyst 200 tegn).",
    )
    sender_category = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="Påkrevd. Hvem du svarer som: "
        + ", ".join(f"`{c.value}` ({c.label})" for c in PUBLIC_CATEGORIES)
        + ".",
    )
    email = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="Påkrevd. Kvitteringen sendes hit; adressen publiseres ikke.",
    )
    text = serializers.CharField(
        required=False, allow_blank=True, help_text="Påkrevd. Innspillet (høyst 50 000 tegn)."
    )
    consent_to_publish_name = serializers.BooleanField(
        required=False, default=False, help_text="Navnet kan publiseres sammen med innspillet."
    )
    website = serializers.CharField(
        required=False, allow_blank=True, help_text="La stå tomt (fanger automatiske innsendinger)."
    )
    submission_token = serializers.UUIDField(
        required=False,
        allow_null=True,
        help_text="En UUID du lager per innspill: sendes det samme innspillet to ganger, "
        "lagres det én gang (svaret er da 200 med den første kvitteringen).",
    )
    attachments = serializers.ListField(
        child=serializers.FileField(allow_empty_file=True, use_url=False),
        required=False,
        help_text="Bare multipart/form-data: PDF, DOCX, ODT, JPEG eller PNG, høyst 5 filer på "
        "inntil 20 MB. Filene sjekkes etter innholdet, ikke navnet.",
    )


class HearingResponseReceiptSerializer(serializers.ModelSerializer):
    """The receipt of a response sent in: the number to quote, nothing about the sender."""

    receipt_number = serializers.CharField(read_only=True)

    class Meta:
        model = HearingResponse
        fields = ["id", "receipt_number", "hearing", "received_on"]
        read_only_fields = fields
