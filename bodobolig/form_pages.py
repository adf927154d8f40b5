"""A form page's POST, shared by the create and edit pages of every app: save through a
service, show a refusal of the rules on the form, or say it is done and go on."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect

from bodobolig.errors import DomainError, add_to_form


def save_and_redirect(
    request, form, save: Callable[[], object], *, message, to: str | Callable[[object], str]
) -> HttpResponse | None:
    """On a POST whose form is valid: `save()`, then `message` and a redirect `to` (a URL
    or URL name, or a function of what `save` returned). A `DomainError` goes onto the form
    instead. None when the page is to be shown (again): a GET, bad input, a refusal."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = save()
    except DomainError as error:
        add_to_form(form, error)
        return None
    messages.success(request, message)
    return redirect(to(result) if callable(to) else to)
