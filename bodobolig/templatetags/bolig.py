"""Presentation helpers for the templates (no business rules)."""

from django import template
from django.utils.html import format_html

from bodobolig.people import display_name
from bodobolig.permissions import can
from measures import status

register = template.Library()


@register.simple_tag
def status_tag(value: str, label: str):
    """A coloured tag; the text carries the meaning, the colour only repeats it."""
    return format_html(
        '<span class="ds-tag" data-color="{}">{}</span>',
        status.color(value),
        label,
    )


@register.inclusion_tag("includes/progress.html")
def progress_bar(value: int, label: str = ""):
    return {"value": value or 0, "label": label}


@register.filter
def may(user, action: str) -> bool:
    """`{% if user|may:"view_dashboard" %}`: asks bodobolig.permissions (no rule here)."""
    return can(user, action)


@register.filter
def person(user) -> str:
    """`{{ measure.responsible_person|person }}`: the one way a person is named."""
    return display_name(user)
