"""Shared pieces of the REST API: the error mapping, paging, throttling and the schema's
error answers. Knows no app: the resources live in each app's `api.py`."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiExample, OpenApiResponse
from rest_framework import serializers
from rest_framework.permissions import SAFE_METHODS
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from bodobolig.errors import DomainError


def exception_handler(exc, context):
    """Domain refusals as 400 (409 for conflicts) with the user-facing message, also under
    the field it belongs to; a model's `ValidationError` as a 400 with field messages.
    Everything else the DRF way (401, 403, 404, 405, 429 with Retry-After)."""
    if isinstance(exc, DomainError):
        body = {"detail": str(exc.message), "code": exc.code}
        if exc.field:
            body["field"] = exc.field
            body[exc.field] = [str(exc.message)]
        return Response(body, status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            body = {
                field: [str(m) for m in messages] for field, messages in exc.message_dict.items()
            }
        else:
            body = {"detail": " ".join(str(m) for m in exc.messages)}
        return Response(body, status=400)
    return drf_exception_handler(exc, context)


class ErrorSerializer(serializers.Serializer):
    """An error answer: `detail` (Norwegian), `code`, and for a field error the field's
    name in `field` and its messages under the field's own name."""

    detail = serializers.CharField(required=False)
    code = serializers.CharField(required=False)
    field = serializers.CharField(required=False)


def _error(description, example_name, value) -> OpenApiResponse:
    return OpenApiResponse(
        ErrorSerializer,
        description=description,
        examples=[OpenApiExample(example_name, value=value, response_only=True)],
    )


ERROR_RESPONSES = {
    "400": _error(
        _("Ugyldig forespørsel: meldingen står under feltet den gjelder."),
        "Feltfeil",
        {"due_date": ["Fristen kan ikke være tilbake i tid."]},
    ),
    "401": _error(
        _("Mangler eller ugyldig API-nøkkel."),
        "Ugyldig nøkkel",
        {"detail": "Ugyldig eller tilbaketrukket API-nøkkel."},
    ),
    "403": _error(
        _("Rollen din har ikke lov til dette."),
        "Ikke tilgang",
        {"detail": "Du har ikke tillatelse til å utføre denne handlingen."},
    ),
    "404": _error(
        _("Finnes ikke, eller du har ikke lov til å se det."),
        "Ikke funnet",
        {"detail": "Ikke funnet."},
    ),
    "409": _error(
        _("Konflikt: objektet er i feil tilstand, eller noen endret det etter at du hentet det."),
        "Feil tilstand",
        {"detail": "Bare en levert plan kan godkjennes. Planen er under arbeid.", "code": "state"},
    ),
    "429": _error(
        _("For mange forespørsler; prøv igjen etter Retry-After sekunder."),
        "Strupet",
        {"detail": "Forespørselen ble strupet."},
    ),
}


class Schema(AutoSchema):
    """drf-spectacular's schema with the project's error answers on every operation, and
    anonymous access allowed for reads (the rules then decide what is shown).

    A view lists the actions that can answer 409 in `conflict_actions`, and the writes
    open to anonymous callers (a public hearing response) in `public_write_actions`.
    """

    def get_auth(self):
        auths = super().get_auth()
        public_write = getattr(self.view, "action", None) in getattr(
            self.view, "public_write_actions", ()
        )
        if (self.method in SAFE_METHODS or public_write) and {} not in auths:
            auths.append({})
        return auths

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        codes = ["400", "401", "403", "404", "429"]
        if getattr(self.view, "action", None) in getattr(self.view, "conflict_actions", ()):
            codes.append("409")
        for code in codes:
            if code not in responses:
                responses[code] = self._get_response_for_code(
                    ERROR_RESPONSES[code], code, direction=direction
                )
        return responses
