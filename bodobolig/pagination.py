"""One way to paginate a list page: `?page=N`, rendered by templates/includes/pagination.html."""

from __future__ import annotations

from django.core.paginator import Page, Paginator


def paginate(request, items, per_page: int, *, param: str = "page") -> Page:
    """The page the query string asks for (`?<param>=N`); a missing, bad or too high number
    gives a valid page."""
    return Paginator(items, per_page).get_page(request.GET.get(param))
