"""Hearings and their responses in the API: reads, and the public response
(POST `hearings/{hearing_pk}/responses/`), which runs the web form's checks through
`hearings.services.submit_public_response`."""

import django_filters
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.response import Response

from bodobolig import permissions
from bodobolig.api import ErrorSerializer
from bodobolig.errors import DomainError
from hearings import selectors, services
from hearings.models import Hearing, HearingResponse
from hearings.serializers import (
    HearingResponseReceiptSerializer,
    HearingResponseSerializer,
    HearingResponseSubmitSerializer,
    HearingSerializer,
)
from hearings.views.public import client_address
from plans.filters import visible_plans

# Refusals of `submit_public_response` that are not bad input: the hearing's state (409)
# and the rate limit per client address (429). Every other DomainError is a 400.
REFUSAL_STATUS = {
    "closed": status.HTTP_409_CONFLICT,
    "rate_limited": status.HTTP_429_TOO_MANY_REQUESTS,
}


class HearingFilter(django_filters.FilterSet):
    plan = django_filters.ModelChoiceFilter(queryset=visible_plans, label=_("Plan"))
    status = django_filters.ChoiceFilter(choices=Hearing.Status.choices, label=_("Status"))

    class Meta:
        model = Hearing
        fields = ["plan", "status"]


class HearingResponseFilter(django_filters.FilterSet):
    sender_category = django_filters.CharFilter(label=_("Avsenderkategori"))
    channel = django_filters.ChoiceFilter(choices=HearingResponse.Channel.choices, label=_("Kanal"))

    class Meta:
        model = HearingResponse
        fields = ["sender_category", "channel"]


class ReadOrRespond(permissions.ReadOnlyForVisible):
    """Reads as everywhere; a response may be sent by anyone, anonymous too. The view
    then loads the hearing with the rule book (404 when the caller may not see it) and
    the service decides the rest (open, honeypot, rate limit, fields, files)."""

    def has_permission(self, request, view) -> bool:
        return view.action == "create" or super().has_permission(request, view)


@extend_schema_view(
    list=extend_schema(summary="Høringer"), retrieve=extend_schema(summary="Én høring")
)
class HearingViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = HearingSerializer
    filterset_class = HearingFilter
    ordering_fields = ["starts_on", "ends_on"]

    def get_queryset(self):
        return selectors.hearings_visible_to(self.request.user).order_by("-starts_on", "pk")


RECEIPT_EXAMPLE = OpenApiExample(
    "Kvittering",
    value={"id": 57, "receipt_number": "H3-00057", "hearing": 3, "received_on": "2026-11-27"},
    response_only=True,
)


def _refusal(description: str, name: str, value: dict) -> OpenApiResponse:
    return OpenApiResponse(
        ErrorSerializer,
        description=description,
        examples=[OpenApiExample(name, value=value, response_only=True)],
    )


@extend_schema_view(
    list=extend_schema(
        summary="Høringsinnspill",
        description="De publiserte innspillene til høringen (ansatte ser alle).",
    ),
    create=extend_schema(
        summary="Send høringsinnspill",
        description=(
            "Sender et innspill mens høringen er åpen, med de samme kontrollene som skjemaet "
            "på høringssiden. Åpent for alle, også uten API-nøkkel. JSON, eller "
            "multipart/form-data når du legger ved filer (`attachments`). Send en egen "
            "`submission_token` (UUID) per innspill: sendes det samme innspillet igjen, "
            "svarer API-et 200 med den første kvitteringen og lagrer ingenting nytt. "
            "En stengt (eller ennå ikke åpnet) høring gir 409; for mange innspill fra samme "
            "adresse den siste timen gir 429."
        ),
        request={
            "application/json": HearingResponseSubmitSerializer,
            "multipart/form-data": HearingResponseSubmitSerializer,
        },
        responses={
            201: OpenApiResponse(
                HearingResponseReceiptSerializer,
                description="Innspillet er mottatt; kvitteringen sendes også på e-post.",
                examples=[RECEIPT_EXAMPLE],
            ),
            200: OpenApiResponse(
                HearingResponseReceiptSerializer,
                description="Samme `submission_token` som et innspill som alt er mottatt: "
                "den første kvitteringen, ingenting nytt lagret.",
                examples=[RECEIPT_EXAMPLE],
            ),
            400: _refusal(
                "Ugyldig innspill: meldingen står under feltet den gjelder.",
                "Feltfeil",
                {
                    "detail": "Skriv innspillet ditt.",
                    "code": "invalid",
                    "field": "text",
                    "text": ["Skriv innspillet ditt."],
                },
            ),
            404: _refusal(
                "Høringen finnes ikke, eller du har ikke lov til å se den.",
                "Ikke funnet",
                {"detail": "Ikke funnet."},
            ),
            409: _refusal(
                "Høringen tar ikke imot innspill (stengt eller ikke åpnet).",
                "Stengt",
                {
                    "detail": "Høringen er stengt. Fristen var 01.12.2026, og nye innspill "
                    "kan ikke sendes her.",
                    "code": "closed",
                },
            ),
            429: _refusal(
                "For mange innspill fra samme adresse den siste timen (eller for mange "
                "forespørsler); prøv igjen etter Retry-After sekunder.",
                "For mange",
                {
                    "detail": "Det er sendt mange innspill fra samme adresse den siste timen. "
                    "Vent litt og prøv igjen, eller send innspillet på e-post.",
                    "code": "rate_limited",
                },
            ),
        },
        examples=[
            OpenApiExample(
                "Innspill",
                value={
                    "sender_name": "Kari Nordmann",
                    "sender_category": "person",
                    "email": "kari@example.org",
                    "text": "Vi trenger flere små boliger i sentrum.",
                    "consent_to_publish_name": False,
                    "submission_token": "6f1c8a52-3a55-4d7e-9a4b-1f0f3c1b2a77",
                },
                request_only=True,
            )
        ],
    ),
)
class HearingResponseViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """`/hearings/{hearing_pk}/responses/`: the published responses (staff: all); POST
    sends a response through `submit_public_response`, as the public form does."""

    serializer_class = HearingResponseSerializer
    filterset_class = HearingResponseFilter
    ordering_fields = ["received_on"]
    permission_classes = [ReadOrRespond]
    parser_classes = [JSONParser, MultiPartParser]
    public_write_actions = {"create"}
    conflict_actions = {"create"}

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator
            return HearingResponse.objects.none()
        hearing = get_object_or_404(
            selectors.hearings_visible_to(self.request.user), pk=self.kwargs["hearing_pk"]
        )
        return (
            selectors.responses_visible_to(self.request.user, hearing)
            .prefetch_related("points")
            .order_by("received_on", "pk")
        )

    def get_serializer_context(self):
        return {
            **super().get_serializer_context(),
            "staff": permissions.is_staff_member(self.request.user),
        }

    def create(self, request, *args, **kwargs):
        hearing = permissions.get_object_for_user(
            Hearing.objects.select_related("plan"), request.user, pk=self.kwargs["hearing_pk"]
        )
        incoming = HearingResponseSubmitSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        files = data.pop("attachments", [])
        try:
            response, created = services.submit_public_response(
                hearing, data=data, files=files, client_address=client_address(request)
            )
        except DomainError as error:
            if error.code not in REFUSAL_STATUS:
                raise  # a 400, with the field (bodobolig.api.exception_handler)
            return self._refused(error)
        return Response(
            HearingResponseReceiptSerializer(response).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )

    @staticmethod
    def _refused(error: DomainError) -> Response:
        headers = {}
        if error.code == "rate_limited":
            headers["Retry-After"] = str(int(services.RATE_LIMIT_WINDOW.total_seconds()))
        return Response(
            {"detail": str(error.message), "code": error.code},
            status=REFUSAL_STATUS[error.code],
            headers=headers,
        )
