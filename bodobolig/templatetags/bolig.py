"""Presentation helpers for the templates (no business rules)."""

import datetime as dt
from urllib.parse import urlsplit, urlunsplit

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

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


@register.simple_tag
def progress_bar(value: int, label: str = ""):
    """A meter with the per cent written beside it (a tag, not an included template: a
    list draws one per row)."""
    value = value or 0
    name = f"{label}: {_('framdrift')}" if label else _("framdrift")
    shown = percent(value)
    return format_html(
        '<span class="progress"><meter min="0" max="100" value="{}" aria-label="{}">{}</meter>'
        " <span>{}</span></span>",
        value,
        name,
        shown,
        shown,
    )


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
def day(value) -> str:
    """`{{ measure.planned_end|day }}` → "31.12.2017": `date:"d.m.Y"` for a list's rows,
    where the general filter's format lookups were a sixth of the rows' rendering. A
    datetime is shown in local time, as `date` shows it; nothing gives ""."""
    if not value:
        return ""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{value.day:02d}.{value.month:02d}.{value.year}"


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


@register.simple_tag(takes_context=True)
def page_query(context, param: str, number) -> str:
    """The current query string with `param` set to `number`: the link to one page of a
    list when a page has two paginated lists (templates/includes/pagination.html)."""
    query = context["request"].GET.copy()
    query[param] = number
    return f"?{query.urlencode()}"
