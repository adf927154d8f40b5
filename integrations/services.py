"""Changes of state of the integrations: tokens made and revoked, calendar addresses renewed."""

from __future__ import annotations

import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bodobolig.audit import log_action
from bodobolig.errors import DomainError
from integrations.models import ApiToken, CalendarFeed, hash_token

TOKEN_NAME_MAX_LENGTH = ApiToken._meta.get_field("name").max_length
PREFIX_LENGTH = 8


@transaction.atomic
def api_token_create(*, user, name: str) -> tuple[ApiToken, str]:
    """Make a named token for `user`; returns the row and the key (shown once, never stored).

    Raises DomainError (field "name") for an empty or too long name, or one the user
    already has on an active token.
    """
    name = (name or "").strip()
    if not name:
        raise DomainError(
            _("Gi nøkkelen et navn, for eksempel systemet som skal bruke den."), field="name"
        )
    if len(name) > TOKEN_NAME_MAX_LENGTH:
        raise DomainError(
            _("Navnet kan være høyst %(n)s tegn.") % {"n": TOKEN_NAME_MAX_LENGTH}, field="name"
        )
    if ApiToken.objects.active().filter(user=user, name=name).exists():
        raise DomainError(_("Du har allerede en aktiv nøkkel med dette navnet."), field="name")
    key = secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name, prefix=key[:PREFIX_LENGTH], key_hash=hash_token(key))
    try:
        with transaction.atomic():
            token.save()
    except IntegrityError:  # a double submit raced past the check
        raise DomainError(
            _("Du har allerede en aktiv nøkkel med dette navnet."), field="name"
        ) from None
    log_action("api_token.created", actor=user, target=token)
    return token, key


@transaction.atomic
def api_token_revoke(*, token: ApiToken, by) -> ApiToken:
    """Revoke the token (idempotent: a revoked token stays revoked at its first time)."""
    updated = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    token.refresh_from_db()
    if updated:
        log_action("api_token.revoked", actor=by, target=token)
    return token


def _new_secret() -> str:
    return secrets.token_urlsafe(32)


def calendar_feed_for(user) -> CalendarFeed:
    """The user's calendar address, made the first time it is asked for."""
    feed, _created = CalendarFeed.objects.get_or_create(
        user=user, defaults={"secret": _new_secret()}
    )
    return feed


@transaction.atomic
def calendar_feed_regenerate(*, user) -> CalendarFeed:
    """Give the user a new secret address; the old one answers 404 from now on."""
    feed = calendar_feed_for(user)
    feed.secret = _new_secret()
    feed.save(update_fields=["secret", "created_at"])
    log_action("calendar_feed.regenerated", actor=user, target=feed)
    return feed
