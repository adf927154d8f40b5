from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from measures.models import (
    Comment,
    CouncilReport,
    FollowUpSettings,
    FundingRequest,
    ImplementationActivity,
    ImplementationPlan,
    ImplementationPlanVersion,
    Measure,
    Notification,
    NotificationPreference,
    OngoingProject,
    PlanRevision,
    ReportingRound,
    StatusUpdate,
    WhoDoesWhatPdf,
    WorkPlanItem,
)
from measures.planning.services import funding_values, log_funding_decision


@admin.register(Measure)
class MeasureAdmin(SimpleHistoryAdmin):
    list_display = [
        "code",
        "title",
        "plan",
        "responsible_department",
        "responsible_person",
        "status",
        "progress",
    ]
    list_filter = ["plan", "status", "responsible_department", "is_illustrative"]
    search_fields = ["code", "title", "description"]
    list_select_related = ["plan", "responsible_department", "responsible_person"]
    autocomplete_fields = [
        "strategy",
        "responsible_department",
        "responsible_person",
        "reporting_delegate",
        "carried_over_from",
    ]
    filter_horizontal = ["contributing_departments", "legal_bases", "challenges"]
    readonly_fields = ["version", "last_reported_at"]
    # Fifty rows a page and no second count of the whole table: the admin's change list
    # draws each cell through its own machinery, and 100 rows cost 15× the login page at
    # 2,000 measures (benchmarks/pages.py).
    list_per_page = 50
    show_full_result_count = False
    # No bulk actions: the only one, "delete selected", would delete measures by the
    # dozen with their follow-up, unseen by the audit trail; and each row's checkbox
    # rendered through the form templates cost 40 % of the list.
    actions = None

    def get_queryset(self, request):
        return super().get_queryset(request).with_last_reported()

    @admin.display(description=_("sist rapportert"), ordering="last_reported_at")
    def last_reported_at(self, obj):
        return obj.last_reported_at


class ActivityInline(admin.TabularInline):
    model = ImplementationActivity
    extra = 0


@admin.register(ImplementationPlan)
class ImplementationPlanAdmin(SimpleHistoryAdmin):
    list_display = ["measure", "status", "due_date", "submitted_at", "approved_at"]
    list_filter = ["status", "measure__plan"]
    search_fields = ["measure__code", "measure__title"]
    list_select_related = ["measure"]
    raw_id_fields = ["measure"]
    inlines = [ActivityInline]


@admin.register(ImplementationActivity)
class ImplementationActivityAdmin(admin.ModelAdmin):
    list_display = ["title", "implementation_plan", "responsible", "due_date", "completed_at"]
    list_filter = ["implementation_plan__measure__plan"]
    search_fields = ["title", "implementation_plan__measure__code"]
    raw_id_fields = ["implementation_plan", "responsible"]


@admin.register(ImplementationPlanVersion)
class ImplementationPlanVersionAdmin(admin.ModelAdmin):
    list_display = ["implementation_plan", "number", "submitted_at", "outcome"]
    list_filter = ["outcome"]
    search_fields = ["implementation_plan__measure__code", "implementation_plan__measure__title"]
    raw_id_fields = ["implementation_plan"]


@admin.register(FundingRequest)
class FundingRequestAdmin(admin.ModelAdmin):
    list_display = ["measure", "year", "amount", "granted_amount", "source", "status"]
    list_filter = ["status", "source", "year"]
    search_fields = ["measure__code", "measure__title", "decision_case_number"]
    raw_id_fields = ["measure", "implementation_plan"]

    # The political decision on a request: the coordinator records it in the browser
    # (measures.planning); an administrator's correction here writes the same audit entry.
    DECISION_FIELDS = (
        "status",
        "granted_amount",
        "decision_case_number",
        "decision_body",
        "decided_on",
        "in_economy_plan",
    )

    def save_model(self, request, obj, form, change):
        decided = [name for name in self.DECISION_FIELDS if name in form.changed_data]
        before = None
        if change and decided:
            before = funding_values(FundingRequest.objects.get(pk=obj.pk))
        super().save_model(request, obj, form, change)
        if before is not None:
            log_funding_decision(obj, by=request.user, before=before)


@admin.register(ReportingRound)
class ReportingRoundAdmin(admin.ModelAdmin):
    list_display = ["name", "plan", "due_date", "status"]
    list_filter = ["status", "plan"]
    search_fields = ["name"]
    filter_horizontal = ["measures"]


@admin.register(StatusUpdate)
class StatusUpdateAdmin(SimpleHistoryAdmin):
    list_display = ["measure", "reporting_round", "status", "progress", "submitted_at", "is_late"]
    list_filter = ["status", "is_late", "reporting_round"]
    search_fields = ["measure__code", "measure__title", "text"]
    raw_id_fields = ["measure"]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["measure", "author", "created_at"]
    search_fields = ["text", "measure__code"]
    raw_id_fields = ["measure"]


@admin.register(WorkPlanItem)
class WorkPlanItemAdmin(admin.ModelAdmin):
    list_display = ["work_plan", "measure"]
    list_filter = ["work_plan"]
    search_fields = ["measure__code", "measure__title"]
    raw_id_fields = ["measure"]


@admin.register(FollowUpSettings)
class FollowUpSettingsAdmin(admin.ModelAdmin):
    list_display = ["__str__", "due_soon_days", "overdue_repeat_days", "escalate_after_days"]


@admin.register(PlanRevision)
class PlanRevisionAdmin(admin.ModelAdmin):
    """Read only: the token is replaced by the app (measures.revisions)."""

    list_display = ["plan", "changed_at", "token"]
    list_filter = ["plan"]
    search_fields = ["plan__title"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "digest_opt_out"]
    list_filter = ["digest_opt_out"]
    search_fields = ["user__username"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["kind", "recipient", "state", "attempts", "created_at", "sent_at"]
    list_filter = ["kind", "state"]
    search_fields = ["recipient__username", "subject", "key", "error"]
    raw_id_fields = ["recipient", "measures"]


@admin.register(CouncilReport)
class CouncilReportAdmin(admin.ModelAdmin):
    list_display = ["title", "plan", "as_of", "status", "published_at"]
    list_filter = ["status", "plan"]
    search_fields = ["title", "case_number", "committee"]
    readonly_fields = ["snapshot", "error"]


@admin.register(WhoDoesWhatPdf)
class WhoDoesWhatPdfAdmin(admin.ModelAdmin):
    """Renders of the "Hvem gjør hva" PDF: made by the worker, read here; a failed or stale
    one may be deleted (the next request renders afresh)."""

    list_display = ["plan", "status", "page_count", "requested_by", "requested_at", "rendered_at"]
    list_filter = ["status", "plan"]
    search_fields = ["plan__title", "error"]
    readonly_fields = ["fingerprint", "snapshot", "error", "file", "page_count", "rendered_at"]
    raw_id_fields = ["requested_by"]

    def has_add_permission(self, request):
        return False


@admin.register(OngoingProject)
class OngoingProjectAdmin(admin.ModelAdmin):
    list_display = ["name", "department", "start", "end", "contact"]
    list_filter = ["department"]
    search_fields = ["name", "description"]
    raw_id_fields = ["contact"]
    filter_horizontal = ["measures"]
