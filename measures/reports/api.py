"""Council reports in the API: request one (202 + its id), follow its state, fetch the PDF."""

from __future__ import annotations

import json

from django.http import FileResponse, Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import mixins, renderers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.reverse import reverse

from bodobolig import permissions
from measures.models import CouncilReport
from measures.reports import rendering, selectors, services
from measures.reports.serializers import (
    AcceptedSerializer,
    CouncilReportRequestSerializer,
    CouncilReportSerializer,
)
from plans.selectors import plans_visible_to


class PdfRenderer(renderers.BaseRenderer):
    """Lets a client ask for `application/pdf`; an error answer is still JSON text."""

    media_type = "application/pdf"
    format = "pdf"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, bytes):
            return data
        return json.dumps(data).encode()


@extend_schema_view(
    list=extend_schema(summary="Statusrapporter til bystyret"),
    retrieve=extend_schema(
        summary="Én statusrapport",
        description="`status` går fra `queued` via `rendering` til `ready` (eller `failed`); "
        "`file` lenker til PDF-en når den er klar.",
    ),
    create=extend_schema(
        summary="Bestill statusrapport",
        description="Koordinatoren bestiller en rapport. Svaret er 202 med rapportens id; "
        "PDF-en lages i bakgrunnen.",
        request=CouncilReportRequestSerializer,
        responses={202: AcceptedSerializer},
        examples=[
            OpenApiExample(
                "Bestilling",
                value={"plan": 1, "as_of": "2026-11-01", "case_number": "26/1234"},
                request_only=True,
            ),
            OpenApiExample(
                "Mottatt",
                value={
                    "id": 9,
                    "status": "queued",
                    "url": "https://bolig.kommune.no/api/v1/reports/9/",
                },
                response_only=True,
                status_codes=["202"],
            ),
        ],
    ),
    pdf=extend_schema(
        summary="Rapportens PDF",
        responses={(200, "application/pdf"): OpenApiTypes.BINARY},
    ),
)
class CouncilReportViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Staff see every report; politicians the published ones; the public the published
    reports of adopted and completed plans."""

    serializer_class = CouncilReportSerializer
    filterset_fields = ["plan", "status"]
    ordering_fields = ["requested_at", "as_of"]
    permission_action = permissions.Action.REQUEST_REPORT

    def get_queryset(self):
        return selectors.council_reports_visible_to(self.request.user).order_by(
            "-requested_at", "-pk"
        )

    def create(self, request, *args, **kwargs):
        incoming = CouncilReportRequestSerializer(
            data=request.data, context={"visible_plans": plans_visible_to(request.user)}
        )
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        plan = data.pop("plan")
        permissions.check(request.user, permissions.Action.REQUEST_REPORT, plan)
        report = services.council_report_request(plan=plan, user=request.user, **data)
        url = reverse("api-v1:report-detail", args=[report.pk], request=request)
        body = {"id": report.pk, "status": report.status, "url": url}
        return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": url})

    @action(
        detail=True,
        methods=["get"],
        renderer_classes=[renderers.JSONRenderer, PdfRenderer],
    )
    def pdf(self, request, pk=None):
        report = self.get_object()
        if report.status != CouncilReport.Status.READY or not report.file:
            raise Http404
        return FileResponse(
            report.file.open("rb"),
            as_attachment=True,
            filename=rendering.report_file_name(report),
            content_type="application/pdf",
        )
