"""Reads of hearings for a user: what the public, politicians and staff may see."""

from __future__ import annotations

from django.db.models import QuerySet

from bodobolig import permissions
from hearings.models import Hearing, HearingResponse
from plans.selectors import plans_visible_to

PUBLIC_HEARING_STATUSES = (Hearing.Status.OPEN, Hearing.Status.CLOSED)
PUBLISHED = (HearingResponse.Publication.PUBLISHED, HearingResponse.Publication.ANONYMISED)


def hearings_visible_to(user) -> QuerySet[Hearing]:
    """Staff see every hearing of the plans they see; others the open and closed ones
    (a planned hearing is not announced yet)."""
    hearings = Hearing.objects.filter(plan__in=plans_visible_to(user))
    if permissions.is_staff_member(user):
        return hearings
    return hearings.filter(status__in=PUBLIC_HEARING_STATUSES)


def responses_visible_to(user, hearing: Hearing) -> QuerySet[HearingResponse]:
    """Staff see every response; others only the published ones (anonymised ones without
    the sender's name: the serializer leaves it out)."""
    responses = hearing.responses.all()
    if permissions.is_staff_member(user):
        return responses
    return responses.filter(publication__in=PUBLISHED)
