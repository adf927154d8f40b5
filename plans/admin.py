from django.contrib import admin

from plans.models import (
    Department,
    Goal,
    LegalBasis,
    Milestone,
    Plan,
    PlanDocument,
    PlanGroupMember,
    PlanTargetDateChange,
    Strategy,
    WorkPlan,
)


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "parent", "lead", "is_external"]
    list_filter = ["is_external", "parent"]
    search_fields = ["name", "short_name", "lead__username", "lead__last_name"]
    autocomplete_fields = ["parent", "lead"]
    filter_horizontal = ["members"]


class GoalInline(admin.StackedInline):
    model = Goal
    extra = 0


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["title", "period_start", "period_end", "status", "adopted_on", "case_number"]
    list_filter = ["status", "is_illustrative"]
    search_fields = ["title", "case_number", "municipality"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [GoalInline, MilestoneInline]


@admin.register(Goal)
class GoalAdmin(admin.ModelAdmin):
    list_display = ["__str__", "plan"]
    list_filter = ["plan"]
    search_fields = ["title", "statement"]


@admin.register(Strategy)
class StrategyAdmin(admin.ModelAdmin):
    list_display = ["__str__", "goal"]
    list_filter = ["goal__plan"]
    search_fields = ["title", "description"]
    list_select_related = ["goal"]


@admin.register(Milestone)
class MilestoneAdmin(admin.ModelAdmin):
    list_display = ["plan", "step", "date", "title"]
    list_filter = ["plan", "step"]
    search_fields = ["title", "step_title"]


@admin.register(LegalBasis)
class LegalBasisAdmin(admin.ModelAdmin):
    list_display = ["short_name", "section", "law"]
    search_fields = ["law", "short_name", "section", "summary"]


@admin.register(WorkPlan)
class WorkPlanAdmin(admin.ModelAdmin):
    list_display = ["title", "plan", "year"]
    list_filter = ["plan", "year"]
    search_fields = ["title"]


@admin.register(PlanGroupMember)
class PlanGroupMemberAdmin(admin.ModelAdmin):
    list_display = ["name", "group", "plan", "department", "role"]
    list_filter = ["group", "plan"]
    search_fields = ["name", "role"]


@admin.register(PlanTargetDateChange)
class PlanTargetDateChangeAdmin(admin.ModelAdmin):
    list_display = ["plan", "decided_on", "previous_date", "new_date"]
    list_filter = ["plan"]
    search_fields = ["reason"]


@admin.register(PlanDocument)
class PlanDocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "plan", "document_date"]
    list_filter = ["kind", "plan"]
    search_fields = ["title"]
