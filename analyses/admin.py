from django.contrib import admin

from analyses.models import (
    Analysis,
    Challenge,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    Region,
    StatisticsImport,
)


@admin.register(Analysis)
class AnalysisAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "year", "plan"]
    list_filter = ["kind", "year"]
    search_fields = ["title", "summary", "author"]


class IndicatorValueInline(admin.TabularInline):
    model = IndicatorValue
    extra = 0


class IndicatorTargetInline(admin.TabularInline):
    model = IndicatorTarget
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "unit", "source", "ssb_table", "is_key", "is_illustrative"]
    list_filter = ["source", "is_key", "is_illustrative", "direction"]
    search_fields = ["name", "code", "ssb_table", "description"]
    inlines = [IndicatorValueInline, IndicatorTargetInline]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(admin.ModelAdmin):
    list_display = ["indicator", "year", "breakdown", "value", "symbol"]
    list_filter = ["indicator", "year"]
    search_fields = ["indicator__name", "breakdown"]


@admin.register(IndicatorTarget)
class IndicatorTargetAdmin(admin.ModelAdmin):
    list_display = ["indicator", "year", "value"]
    list_filter = ["indicator"]
    search_fields = ["indicator__name"]


@admin.register(Challenge)
class ChallengeAdmin(admin.ModelAdmin):
    list_display = ["title", "area", "goal"]
    list_filter = ["area", "goal__plan"]
    search_fields = ["title", "evidence"]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "sort_order"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]


@admin.register(StatisticsImport)
class StatisticsImportAdmin(admin.ModelAdmin):
    list_display = ["file_name", "status", "rows", "created", "updated", "requested_at"]
    list_filter = ["status"]
    search_fields = ["file_name"]
    readonly_fields = [f.name for f in StatisticsImport._meta.fields]
