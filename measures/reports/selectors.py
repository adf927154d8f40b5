"""Reads of council reports: the ones a user may see."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from bodobolig import permissions
from measures.models import (
    CouncilReport,
)
from plans.models import Plan


def council_reports_visible_to(user) -> QuerySet[CouncilReport]:
    """The reports the user may read (the same rule as `permissions.can_view_report`):
    staff see every report, politicians the published ones, the public the published
    reports of adopted or completed plans. Carries the plan for the list's columns."""
    reports = CouncilReport.objects.select_related("plan")
    if permissions.is_staff_member(user):
        return reports
    reports = reports.filter(published_at__isnull=False)
    if permissions.is_politician(user):
        return reports
    return reports.filter(plan__status__in=[Plan.Status.ADOPTED, Plan.Status.COMPLETED])


def politician_count() -> int:
    """How many active politicians a published report reaches (and e-mails)."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True, groups__name=permissions.GROUP_NAMES[permissions.Role.POLITICIAN]
        )
        .distinct()
        .count()
    )
