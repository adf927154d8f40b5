"""Reads of the notification log."""

from __future__ import annotations

from django.db.models import QuerySet

from bodobolig import permissions
from measures.models import (
    Notification,
)


def notifications_visible_to(user) -> QuerySet[Notification]:
    """The coordinator sees every notice; anyone else their own. With the recipient joined."""
    queryset = Notification.objects.select_related("recipient").order_by("-created_at", "-pk")
    if permissions.can(user, permissions.Action.VIEW_ALL_NOTIFICATIONS):
        return queryset
    return queryset.filter(recipient=user)
