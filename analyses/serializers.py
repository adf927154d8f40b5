"""API shapes of the indicators and their values."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from analyses.models import Indicator, IndicatorValue
from analyses.selectors import shown_values_by_id


def indicator_value_for_reader(value: IndicatorValue, *, user, cache: dict) -> dict:
    """The one place an indicator value leaves the API: small counts of persons and
    households are protected for politicians and the public exactly as on the pages
    (analyses.selectors.protected_values: below the threshold, with secondary suppression
    within the value's region and period), shown as SSB's ":" without a number. `cache`
    holds the indicator's values already worked out (one query per indicator)."""
    if value.pk not in cache:
        cache.update(shown_values_by_id(value.indicator_id, user=user))
    row = cache[value.pk]
    if row["suppressed"]:
        return {"value": None, "symbol": ":"}
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
        request = self.context.get("request")
        return indicator_value_for_reader(value, user=getattr(request, "user", None), cache=cache)

    @extend_schema_field(serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True))
    def get_value(self, value: IndicatorValue):
        shown = self._shown(value)["value"]
        return None if shown is None else str(shown)

    def get_symbol(self, value: IndicatorValue) -> str:
        return self._shown(value)["symbol"]
