"""Template helpers of the portal pages (no business rules)."""

from django import template
from django.urls import NoReverseMatch, reverse

register = template.Library()


@register.simple_tag
def optional_url(name: str, *args) -> str:
    """`{% optional_url "hearings:detail" hearing.pk as url %}`: the URL, or "" when the
    name is not (yet) installed, so a link to a page another app may not have degrades
    to plain text instead of a 500."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""
