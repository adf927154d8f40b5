"""Presentation helpers for the templates (no business rules)."""

from urllib.parse import urlsplit, urlunsplit

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


NO_BREAK_SPACE = "\u00a0"


@register.filter
def unit(value, unit_text: str) -> str:
    """`{{ amount|unit:"kr" }}` → "1 200 kr" with a no-break space: a number and its
    unit never end up on two lines. Empty values stay empty."""
    if value is None or value == "":
        return ""
    return f"{value}{NO_BREAK_SPACE}{unit_text}"


@register.filter
def percent(value) -> str:
    """`{{ measure.progress|percent }}` → "60 %" (Norwegian spacing, never split)."""
    return unit(value, "%")


@register.filter
def site_relative(url: str) -> str:
    """`{{ item.url|site_relative }}`: a link stored for an e-mail (absolute, with the
    e-mail base address) as a path on the site the reader is on now."""
    parts = urlsplit(url or "")
    if parts.scheme not in {"http", "https"}:
        return url
    return urlunsplit(("", "", parts.path or "/", parts.query, parts.fragment))


@register.filter
def may(user, action: str) -> bool:
    """`{% if user|may:"view_dashboard" %}`: asks bodobolig.permissions (no rule here)."""
    return can(user, action)


@register.filter
def person(user) -> str:
    """`{{ measure.responsible_person|person }}`: the one way a person is named."""
    return display_name(user)
