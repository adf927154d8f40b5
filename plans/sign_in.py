"""Signing in: local passwords, the municipality's OpenID Connect provider, login throttling.

* `LocalPasswordBackend`: Django's password check, limited by the LOCAL_LOGIN setting
  ("all" for the demo, "admins" for superusers only, "off").
* `MunicipalOIDCBackend` (mozilla-django-oidc): a person signed in at the municipality's
  identity provider (Entra ID, ADFS, ...) is found by OIDC_USERNAME_CLAIM, created on the
  first sign-in, and on every sign-in gets their name, e-mail, role (from the groups claim,
  OIDC_ROLE_GROUPS) and department (OIDC_DEPARTMENT_CLAIM, matched by name or short name)
  from the claims. A person in none of the configured groups is refused.
* `provider_logout_url`: signing out of the app also signs a person who came through the
  provider out there (its end-session endpoint, OIDC_OP_LOGOUT_ENDPOINT); a local-password
  user just signs out here.
* django-axes hooks (`lockout_response`, `client_ip`) and the coordinator's page that
  lists and lifts lockouts.
"""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.models import Group
from django.contrib.auth.views import LoginView
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render, resolve_url
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
    OIDCLogoutView,
)

from bodobolig import permissions
from bodobolig.audit import log_action
from bodobolig.permissions import GROUP_NAMES, Action, Role
from plans.models import Department

logger = logging.getLogger(__name__)


# --- local passwords --------------------------------------------------------------


class LocalPasswordBackend(ModelBackend):
    """User name and password, as far as LOCAL_LOGIN allows."""

    def user_can_authenticate(self, user) -> bool:
        if settings.LOCAL_LOGIN == "off":
            return False
        if settings.LOCAL_LOGIN == "admins" and not user.is_superuser:
            return False
        return super().user_can_authenticate(user)


def sign_in_context() -> dict:
    return {
        "local_login": settings.LOCAL_LOGIN,
        "oidc_enabled": settings.OIDC_ENABLED,
        "lockout_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }


class SignInView(LoginView):
    """Django's login page, with the provider's button and the local form as configured."""

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **sign_in_context()}


# --- OpenID Connect -------------------------------------------------------------


def roles_from_groups(groups: list[str]) -> list[Role]:
    """The roles the identity provider's groups give, strongest first."""
    given = set(groups)
    return [
        Role(role)
        for role, provider_groups in settings.OIDC_ROLE_GROUPS.items()
        if given.intersection(provider_groups)
    ]


class MunicipalOIDCBackend(OIDCAuthenticationBackend):
    """Find, create and update the person the provider vouches for (see the module doc)."""

    def authenticate(self, request, **kwargs):
        if not settings.OIDC_ENABLED:
            return None
        return super().authenticate(request, **kwargs)

    def get_userinfo(self, access_token, id_token, payload):
        # Entra ID sends groups (and optional claims such as department) in the ID token,
        # not at its userinfo endpoint: read both, userinfo winning where both have a claim.
        return {**payload, **super().get_userinfo(access_token, id_token, payload)}

    def _username(self, claims) -> str:
        return str(claims.get(settings.OIDC_USERNAME_CLAIM) or "").strip()[:150]

    def _groups(self, claims) -> list[str]:
        value = claims.get(settings.OIDC_GROUPS_CLAIM) or []
        return [value] if isinstance(value, str) else [str(group) for group in value]

    def verify_claims(self, claims) -> bool:
        if not self._username(claims):
            logger.warning("OIDC sign-in refused: no %s claim", settings.OIDC_USERNAME_CLAIM)
            return False
        if not roles_from_groups(self._groups(claims)):
            logger.warning(
                "OIDC sign-in refused for %s: in none of the configured groups",
                self._username(claims),
            )
            if self.request is not None:
                messages.error(
                    self.request,
                    _(
                        "Du er logget inn hos kommunen, men har ikke tilgang til Bodø bolig. "
                        "Be boligkoordinatoren eller IT om å legge deg i riktig gruppe."
                    ),
                )
            return False
        return True

    def filter_users_by_claims(self, claims):
        return self.UserModel.objects.filter(username__iexact=self._username(claims))

    def describe_user_by_claims(self, claims) -> str:
        return f"{settings.OIDC_USERNAME_CLAIM} {self._username(claims)}"

    @transaction.atomic
    def create_user(self, claims):
        user = self.UserModel(username=self._username(claims))
        user.set_unusable_password()  # signs in through the provider only
        return self.update_user(user, claims)

    @transaction.atomic
    def update_user(self, user, claims):
        user.email = claims.get("email") or user.email
        user.first_name = (claims.get("given_name") or user.first_name)[:150]
        user.last_name = (claims.get("family_name") or user.last_name)[:150]
        user.save()
        self._set_roles(user, roles_from_groups(self._groups(claims)))
        self._set_department(user, claims.get(settings.OIDC_DEPARTMENT_CLAIM))
        return user

    @staticmethod
    def _set_roles(user, roles: list[Role]) -> None:
        # The provider is the truth for the role: groups it no longer gives are removed.
        role_groups = {
            role: Group.objects.get_or_create(name=name)[0] for role, name in GROUP_NAMES.items()
        }
        user.groups.remove(*[group for role, group in role_groups.items() if role not in roles])
        user.groups.add(*[role_groups[role] for role in roles])

    @staticmethod
    def _set_department(user, name) -> None:
        if not name:
            return
        department = Department.objects.filter(
            Q(name__iexact=name) | Q(short_name__iexact=name)
        ).first()
        if department is None:
            logger.info("OIDC department claim %r matches no department", name)
            return
        department.members.add(user)


def oidc_authenticate(request):
    """Start signing in at the provider (404 when OIDC is not configured)."""
    if not settings.OIDC_ENABLED:
        raise Http404
    return OIDCAuthenticationRequestView.as_view()(request)


def oidc_callback(request):
    """The provider sends the person back here with a code."""
    if not settings.OIDC_ENABLED:
        raise Http404
    return OIDCAuthenticationCallbackView.as_view()(request)


# Signing out (POST only): mozilla-django-oidc's view, which asks `provider_logout_url`
# where to go, ends the session and redirects there.
sign_out = OIDCLogoutView.as_view()


def provider_logout_url(request) -> str:
    """Where signing out sends the person (mozilla-django-oidc's OIDC_OP_LOGOUT_URL_METHOD,
    called while the session still holds the ID token the callback stored).

    Someone who signed in at the provider goes on to its end-session endpoint with the ID
    token as hint and the app's front page to come back to, so that on a shared PC the
    next person is not signed in at the provider (and so in the app) with one click. Local
    password users, and installations without OIDC_OP_LOGOUT_ENDPOINT, go to the front page.
    """
    after_logout = resolve_url(settings.LOGOUT_REDIRECT_URL)
    id_token = request.session.get("oidc_id_token")
    if not (settings.OIDC_ENABLED and settings.OIDC_OP_LOGOUT_ENDPOINT and id_token):
        return after_logout
    query = urlencode(
        {
            "id_token_hint": id_token,
            "post_logout_redirect_uri": request.build_absolute_uri(after_logout),
            "client_id": settings.OIDC_RP_CLIENT_ID,
        }
    )
    separator = "&" if "?" in settings.OIDC_OP_LOGOUT_ENDPOINT else "?"
    return f"{settings.OIDC_OP_LOGOUT_ENDPOINT}{separator}{query}"


# --- login throttling (django-axes) --------------------------------------------


def client_ip(request) -> str:
    """The client's address; behind the proxy the one it appended to X-Forwarded-For."""
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def lockout_response(request, original_response=None, credentials=None):
    """The login page again, with the reason, as 429 Too Many Requests."""
    return render(
        request,
        "registration/login.html",
        {"form": AuthenticationForm(request), "locked_out": True, **sign_in_context()},
        status=429,
    )


def locked_attempts():
    """Lockouts still in force: enough failures, inside the cool-off time."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    return AccessAttempt.objects.filter(
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT, attempt_time__gte=since
    ).order_by("-attempt_time")


@login_required
def lockout_list(request):
    """The coordinator's list of user names and addresses that may not sign in just now."""
    permissions.check(request.user, Action.UNLOCK_SIGN_IN)
    return render(
        request,
        "registration/lockout_list.html",
        {"attempts": locked_attempts(), **sign_in_context()},
    )


@require_POST
@login_required
def lockout_unlock(request):
    """Lift the lockout of one user name and/or address; one audit entry."""
    permissions.check(request.user, Action.UNLOCK_SIGN_IN)
    username = request.POST.get("username", "").strip()[:150]
    ip_address = request.POST.get("ip_address", "").strip()[:45]
    if not username and not ip_address:
        messages.error(request, _("Velg en sperre å oppheve."))
        return redirect("login_lockouts")
    with transaction.atomic():
        removed = 0
        if username:
            removed += axes_reset(username=username)
        if ip_address:
            removed += axes_reset(ip=ip_address)
        target = get_user_model().objects.filter(username=username).first() if username else None
        log_action(
            "sign_in.unlocked",
            actor=request.user,
            target=target,
            text=" ".join(part for part in [username, ip_address] if part),
        )
    if removed:
        messages.success(request, _("Sperren er opphevet. Innlogging kan prøves igjen nå."))
    else:
        messages.info(request, _("Det var ingen sperre å oppheve."))
    return redirect("login_lockouts")
