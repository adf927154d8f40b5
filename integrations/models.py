"""What outside systems hold of a user: API tokens and the secret calendar address.

Both belong to one person and are made, shown and revoked on the user's
"Integrasjoner" page (and by the administrator in the admin).
"""

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def hash_token(key: str) -> str:
    """The stored form of a token: SHA-256 of the 256-bit random key (no salt needed for a
    random key; a slow hash would only slow every API request)."""
    return hashlib.sha256(key.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    """A named key an integration sends as `Authorization: Token <key>`.

    The key is shown once when it is made; only its hash is stored. `prefix` (the
    first characters) tells the user's tokens apart on the page.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bruker"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("navn"), max_length=100)
    prefix = models.CharField(_("begynner med"), max_length=12)
    key_hash = models.CharField(_("hash av nøkkelen"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("sist brukt"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("trukket tilbake"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API-nøkkel")
        verbose_name_plural = _("API-nøkler")
        ordering = ["-created_at"]
        constraints = [
            # A user cannot have two live tokens of the same name (the page lists them by name).
            models.UniqueConstraint(
                fields=["user", "name"],
                condition=Q(revoked_at__isnull=True),
                name="api_token_name_unique_while_active",
                violation_error_message=_("Du har allerede en aktiv nøkkel med dette navnet."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class CalendarFeed(models.Model):
    """A user's secret calendar address; a new secret makes the old address a 404."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bruker"),
        on_delete=models.CASCADE,
        related_name="calendar_feed",
    )
    # Stored as is (not hashed): the page shows the address again, like Google's and
    # Outlook's "secret address in iCal format".
    secret = models.CharField(_("hemmelig nøkkel"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("opprettet"), auto_now=True)

    class Meta:
        verbose_name = _("kalenderadresse")
        verbose_name_plural = _("kalenderadresser")

    def __str__(self) -> str:
        return str(self.user)
