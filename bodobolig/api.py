"""Shared pieces of the REST API: the error mapping."""

from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from bodobolig.errors import DomainError


def exception_handler(exc, context):
    """Answer domain refusals as 400 (or 409 for conflicts) with the user-facing message."""
    if isinstance(exc, DomainError):
        body = {"detail": str(exc.message), "code": exc.code}
        if exc.field:
            body["field"] = exc.field
        return Response(body, status=exc.status_code)
    return drf_exception_handler(exc, context)
