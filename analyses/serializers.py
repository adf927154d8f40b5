"""API shapes of the indicators and their values."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from analyses.models import Indicator, IndicatorValue


def indicator_value_for_reader(value: IndicatorValue, *, user) -> dict:
    """The one place an indicator value leaves the API: every value the API shows is passed
    through here, so a disclosure rule (small-count protection: suppress a count below the
    threshold and show SSB's ":" instead) applies to all of them at once.

    Today it shows the stored value and symbol as they are.
    """
    return {"value": value.value, "symbol": value.symbol}


class IndicatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Indicator
        fields = [
            "id",
            "code",
            "name",
            "unit",
            "description",
            "source",
            "ssb_table",
            "source_note",
            "direction",
            "goal",
            "compare_with",
            "is_key",
            "is_illustrative",
        ]
        read_only_fields = fields


class IndicatorValueSerializer(serializers.ModelSerializer):
    """A value for a year (and a breakdown such as a district; "" is the whole municipality).
    `value` is null when SSB's `symbol` tells why it is missing (".." ":" "-")."""

    value = serializers.SerializerMethodField()
    symbol = serializers.SerializerMethodField()

    class Meta:
        model = IndicatorValue
        fields = ["id", "indicator", "year", "breakdown", "value", "symbol", "note"]
        read_only_fields = fields

    def _shown(self, value: IndicatorValue) -> dict:
        cache = self.context.setdefault("_shown_values", {})
        if value.pk not in cache:
            request = self.context.get("request")
            cache[value.pk] = indicator_value_for_reader(value, user=getattr(request, "user", None))
        return cache[value.pk]

    @extend_schema_field(serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True))
    def get_value(self, value: IndicatorValue):
        shown = self._shown(value)["value"]
        return None if shown is None else str(shown)

    def get_symbol(self, value: IndicatorValue) -> str:
        return self._shown(value)["symbol"]
