"""Filters the API's lists share (knows no app)."""

import datetime as dt

import django_filters
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class SinceFilter(django_filters.IsoDateTimeFilter):
    """An ISO 8601 date and time, compared in UTC. Any offset ISO allows is accepted
    (PostgreSQL refuses offsets beyond ±15:59 as they are); a moment outside the years
    1–9999 once in UTC is a 400, never a 500."""

    def filter(self, qs, value):
        if value:
            try:
                value = value.astimezone(dt.UTC)
            except OverflowError:
                raise ValidationError(
                    {self.field_name: [_("Tidspunktet er utenfor gyldig område.")]}
                ) from None
        return super().filter(qs, value)
