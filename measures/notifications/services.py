"""Changes a user makes to their own notification choices."""

from __future__ import annotations

from django.db import transaction

from measures.models import (
    NotificationPreference,
)


@transaction.atomic
def notification_preference_update(*, user, digest_opt_out: bool) -> NotificationPreference:
    """Save the user's choice about the weekly digest (the only optional e-mail)."""
    preference, _created = NotificationPreference.objects.select_for_update().get_or_create(
        user=user
    )
    preference.digest_opt_out = digest_opt_out
    preference.save(update_fields=["digest_opt_out"])
    return preference
