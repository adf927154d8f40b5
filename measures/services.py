"""Changes of state in measures and their follow-up (STYLE.md: `<entity>_<action>`)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from bodobolig.errors import DomainError
from measures.models import FollowUpSettings, NotificationPreference


@transaction.atomic
def follow_up_settings_update(
    *,
    due_soon_days: int,
    overdue_repeat_days: int,
    escalate_after_days: int,
    stale_after_days: int,
    digest_weekday: int,
) -> FollowUpSettings:
    """Save the coordinator's reminder settings (N, M, K, stale days, digest weekday).

    Raises DomainError for values the sweep cannot work with. The next sweep
    uses the new values; nothing is queued.
    """
    if overdue_repeat_days < 1:
        raise DomainError(_("Purring må gjentas minst hver dag."), field="overdue_repeat_days")
    if escalate_after_days < 1:
        raise DomainError(
            _("Eskalering kan tidligst skje første dag etter fristen."),
            field="escalate_after_days",
        )
    if not 0 <= digest_weekday <= 6:
        raise DomainError(_("Velg en ukedag fra listen."), field="digest_weekday")
    settings = FollowUpSettings.objects.select_for_update().get(pk=FollowUpSettings.load().pk)
    settings.due_soon_days = due_soon_days
    settings.overdue_repeat_days = overdue_repeat_days
    settings.escalate_after_days = escalate_after_days
    settings.stale_after_days = stale_after_days
    settings.digest_weekday = digest_weekday
    settings.save(
        update_fields=[
            "due_soon_days",
            "overdue_repeat_days",
            "escalate_after_days",
            "stale_after_days",
            "digest_weekday",
        ]
    )
    return settings


@transaction.atomic
def notification_preference_update(*, user, digest_opt_out: bool) -> NotificationPreference:
    """Save the user's choice about the weekly digest (the only optional e-mail)."""
    preference, _created = NotificationPreference.objects.select_for_update().get_or_create(
        user=user
    )
    preference.digest_opt_out = digest_opt_out
    preference.save(update_fields=["digest_opt_out"])
    return preference
