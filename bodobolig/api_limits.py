"""Paging and throttling of every API list and request (settings point here; this module
must not import DRF's views, which read these settings when they are defined)."""

from django.conf import settings
from rest_framework import pagination, throttling


class Pagination(pagination.PageNumberPagination):
    """`?page=N&page_size=M` (at most 100) on every list."""

    page_size_query_param = "page_size"
    max_page_size = 100


class _SettingsRate:
    """Read the rate from `settings.API_THROTTLE_RATES` when asked (so tests can change it)."""

    def get_rate(self):
        return settings.API_THROTTLE_RATES.get(self.scope)


class AnonThrottle(_SettingsRate, throttling.AnonRateThrottle):
    pass


class UserThrottle(_SettingsRate, throttling.UserRateThrottle):
    pass
