from django.conf import settings

from bodobolig import permissions


def site(request):
    """The municipality's name and the user's role, for every template."""
    user = getattr(request, "user", None)
    return {
        "MUNICIPALITY_NAME": settings.MUNICIPALITY_NAME,
        "user_role": permissions.role_of(user) if user is not None else None,
    }
