"""Reads of plans, filtered for the user who asks."""

from django.db.models import QuerySet

from bodobolig import permissions
from plans.models import Plan


def plans_visible_to(user) -> QuerySet[Plan]:
    """The plans the user may read: staff see drafts, politicians all but drafts, the public
    the plans on hearing, adopted or completed."""
    plans = Plan.objects.all()
    if permissions.is_staff_member(user):
        return plans
    if permissions.is_politician(user):
        return plans.exclude(status=Plan.Status.DRAFT)
    return plans.filter(
        status__in=[Plan.Status.HEARING, Plan.Status.ADOPTED, Plan.Status.COMPLETED]
    )


def current_plan(user) -> Plan | None:
    """The plan the home page opens: the newest adopted one the user may read, else the newest."""
    visible = plans_visible_to(user)
    return (
        visible.filter(status=Plan.Status.ADOPTED).order_by("-period_start").first()
        or visible.order_by("-period_start").first()
    )
