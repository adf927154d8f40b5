"""Paging and throttling of every API list and request (settings point here; this module
must not import DRF's views, which read these settings when they are defined)."""

from django.conf import settings
from django.core.paginator import Page
from django.db.models import Count, Subquery, Value
from rest_framework import pagination, throttling


class Pagination(pagination.PageNumberPagination):
    """`?page=N&page_size=M` (at most 100) on every list."""

    page_size_query_param = "page_size"
    max_page_size = 100


class OneQueryPagination(Pagination):
    """The same paging, with `paginate_in_one_query`: the page's ids and the total count in
    one query instead of a COUNT and a page query. For the measure list's short road
    (`MeasureViewSet._plan_page`), which must know that a page is empty before it answers;
    one round trip to the database instead of two (on SQLite the CPU is the same)."""

    def paginate_in_one_query(self, queryset, request) -> list | None:
        """The primary keys of the requested page of `queryset`, read with the total in one
        query, or None when that cannot answer: a page number that is not a plain number,
        or an empty page (no rows, or past the end), where the count has no row to ride
        on. The caller then takes the usual `paginate_queryset` path, which answers
        these (an empty first page, or 404) exactly as every other list does."""
        self.request = request
        page_size = self.get_page_size(request)
        number = request.query_params.get(self.page_query_param) or "1"
        if not page_size or not (number.isascii() and number.isdigit()) or len(number) > 9:
            return None
        number = int(number)
        if number < 1:
            return None
        offset = (number - 1) * page_size
        # The count rides along as a scalar subquery, which the database runs once. (A
        # `COUNT(*) OVER ()` window reads the same, but makes SQLite buffer every row
        # before the LIMIT: 2.1 ms instead of 0.9 for a page of 2,000 measures.)
        total = queryset.order_by().values(_all=Value(1)).annotate(n=Count("*")).values("n")
        counted = queryset.annotate(_total=Subquery(total)).values_list("pk", "_total")
        rows = list(counted[offset : offset + page_size])
        if not rows:
            return None
        paginator = self.django_paginator_class([], page_size)
        paginator.count = rows[0][1]  # a cached_property: the count is known, no query
        self.page = Page([pk for pk, _total in rows], number, paginator)
        self.display_page_controls = paginator.num_pages > 1 and self.template is not None
        return self.page.object_list


class _SettingsRate:
    """Read the rate from `settings.API_THROTTLE_RATES` when asked (so tests can change it)."""

    def get_rate(self):
        return settings.API_THROTTLE_RATES.get(self.scope)


class AnonThrottle(_SettingsRate, throttling.AnonRateThrottle):
    pass


class UserThrottle(_SettingsRate, throttling.UserRateThrottle):
    pass
