"""The API's own pages: the schema download and the move of the first API to /api/v1/."""

from django.http import HttpResponseRedirect
from drf_spectacular.utils import extend_schema, extend_schema_view
from drf_spectacular.views import SpectacularAPIView


@extend_schema_view(get=extend_schema(exclude=True))
class SchemaView(SpectacularAPIView):
    """The OpenAPI document, downloaded under a plain ASCII file name (the title has an "ø",
    which a Content-Disposition header cannot carry raw)."""

    def _get_filename(self, request, version):
        suffix = self.perform_content_negotiation(request, force=True)[0].format
        return f"bodobolig-api.{suffix}"


def moved_to_v1(request, rest: str = ""):
    """The first API lived at /api/; it answers from /api/v1/ now (308 keeps the method)."""
    location = f"/api/v1/{rest}"
    if request.META.get("QUERY_STRING"):
        location += "?" + request.META["QUERY_STRING"]
    response = HttpResponseRedirect(location)
    response.status_code = 308
    return response
