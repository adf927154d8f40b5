"""Presentation helpers for the templates (no business rules)."""

from django import template
from django.utils.html import format_html

register = template.Library()

# Designsystemet colours for measure and implementation-plan states.
_STATUS_COLORS = {
    "not_started": "neutral",
    "planned": "info",
    "in_progress": "accent",
    "completed": "success",
    "postponed": "warning",
    "cancelled": "danger",
    "ordered": "warning",
    "draft": "info",
    "submitted": "accent",
    "returned": "danger",
    "approved": "success",
}


@register.simple_tag
def status_tag(value: str, label: str):
    """A coloured tag; the text carries the meaning, the colour only repeats it."""
    return format_html(
        '<span class="ds-tag" data-color="{}">{}</span>',
        _STATUS_COLORS.get(value, "neutral"),
        label,
    )


@register.inclusion_tag("includes/progress.html")
def progress_bar(value: int, label: str = ""):
    return {"value": value or 0, "label": label}


@register.filter
def may(user, action: str) -> bool:
    """`{% if user|may:"view_dashboard" %}`: asks bodobolig.permissions (no rule here)."""
    from bodobolig.permissions import can

    return can(user, action)
