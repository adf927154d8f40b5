import time

from django.conf import settings
from django.utils.cache import patch_cache_control


class NorwegianFirstMiddleware:
    """Bokmål unless the user picked English with the language switch.

    A municipality's pages are Norwegian first, so the browser's
    Accept-Language is not used to choose; the switch sets Django's language
    cookie, which LocaleMiddleware honours. Runs before LocaleMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """Permissions-Policy on every answer; pages for a signed-in person are never stored.

    Municipal PCs are shared: `Cache-Control: private, no-store` keeps a signed-in page
    (or an unpublished report PDF) out of the browser's disk cache and any proxy, so the
    next person at the desk cannot open it from history after the session ended.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
            response.headers.pop("Expires", None)
        return response


class SessionIdleMiddleware:
    """Sliding idle timeout: a signed-in session lives SESSION_COOKIE_AGE after its last use.

    Renewing the session on every request would write it on every page view; once a
    minute is precise enough for an idle limit counted in tens of minutes.
    """

    KEY = "_last_renewed"
    RENEW_AFTER_SECONDS = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            if now - request.session.get(self.KEY, 0) >= self.RENEW_AFTER_SECONDS:
                request.session[self.KEY] = now  # modified: saved with a new expiry
        return self.get_response(request)


def session_renewed_at_login(sender, request, user, **kwargs) -> None:
    """Signing in saves the session anyway: count it as the first renewal (user_logged_in)."""
    if request is not None and hasattr(request, "session"):
        request.session[SessionIdleMiddleware.KEY] = int(time.time())
