"""Pages of the project itself, not of an app."""

from django.conf import settings
from django.shortcuts import render

from bodobolig import accessibility


def accessibility_statement(request):
    """The accessibility statement (tilgjengelighetserklæring), public."""
    return render(
        request,
        "bodobolig/accessibility_statement.html",
        {
            "checked_pages": accessibility.CHECKED_PAGES,
            "widths": accessibility.WIDTHS,
            "axe_standard": accessibility.AXE_STANDARD,
            "deviations": accessibility.KNOWN_DEVIATIONS,
            "last_reviewed": accessibility.LAST_REVIEWED,
            "contact_email": settings.ACCESSIBILITY_CONTACT_EMAIL,
        },
    )
