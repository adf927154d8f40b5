"""DRF authentication by the user's API tokens (`Authorization: Token <key>` or `Bearer <key>`)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from integrations.models import ApiToken, hash_token

KEYWORDS = {"token", "bearer"}
# "Last used" is written at most this often per token (not on every request).
LAST_USED_RESOLUTION = dt.timedelta(minutes=5)


class TokenAuthentication(authentication.BaseAuthentication):
    """A request with a valid, unrevoked token of an active user acts as that user.

    A wrong or revoked token is a 401 (never silently anonymous): an integration
    must learn that its key no longer works.
    """

    keyword = "Token"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].decode(errors="replace").lower() not in KEYWORDS:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Ugyldig API-nøkkel."))
        try:
            key = header[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed(_("Ugyldig API-nøkkel.")) from None
        token = (
            ApiToken.objects.active()
            .select_related("user")
            .filter(key_hash=hash_token(key))
            .first()
        )
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Ugyldig eller tilbaketrukket API-nøkkel."))
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request):
        return self.keyword


class TokenScheme(OpenApiAuthenticationExtension):
    """The token in the OpenAPI schema (`Authorization: Token <key>`)."""

    target_class = TokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Token <nøkkel>`: nøkler lages under «Integrasjoner» i appen.",
        }
