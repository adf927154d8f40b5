"""The audit trail in the admin: read only, for looking up who did what and when."""

from django.contrib import admin

from bodobolig.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor_name", "action", "target_label", "plan", "measure"]
    list_filter = ["action", "plan", "target_type", "created_at"]
    search_fields = ["actor_name", "action", "target_label", "text", "measure__code"]
    date_hierarchy = "created_at"
    list_select_related = ["plan", "measure"]
    raw_id_fields = ["actor", "plan", "measure"]

    # The trail is written only by the services (bodobolig.audit.log_action).
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
