"""Admin for the shared core: the audit trail, read-only (entries are written by services)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from bodobolig.audit import describe
from bodobolig.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor_name", "action", "target_label", "plan", "measure"]
    list_filter = ["action", "plan", ("created_at", admin.DateFieldListFilter)]
    search_fields = ["actor_name", "action", "target_label", "text", "measure__code"]
    list_select_related = ["plan", "measure"]
    date_hierarchy = "created_at"
    readonly_fields = ["sentence"]
    fields = [
        "sentence",
        "created_at",
        "actor",
        "actor_name",
        "action",
        "target_type",
        "target_id",
        "target_label",
        "plan",
        "measure",
        "changes",
        "text",
        "data",
    ]

    @admin.display(description=_("beskrivelse"))
    def sentence(self, entry: AuditEntry) -> str:
        return describe(entry)

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
