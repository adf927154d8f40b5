from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from hearings.models import (
    Consultee,
    EngagementMeeting,
    Hearing,
    HearingDocument,
    HearingResponse,
    Invitation,
    ResponseAttachment,
    ResponsePoint,
)


class DocumentInline(admin.TabularInline):
    model = HearingDocument
    extra = 0


@admin.register(Hearing)
class HearingAdmin(admin.ModelAdmin):
    list_display = ["title", "plan", "starts_on", "ends_on", "status"]
    list_filter = ["status", "plan"]
    search_fields = ["title", "case_number"]
    inlines = [DocumentInline]


@admin.register(HearingDocument)
class HearingDocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "hearing"]
    list_filter = ["hearing"]
    search_fields = ["title"]


class AttachmentFields:
    """Attachments are private files: uploaded only through the checked form, and
    downloaded through the permission-checked view, never by a media URL."""

    fields = ["title", "download", "content_type", "size"]
    readonly_fields = ["download", "content_type", "size"]

    @admin.display(description=_("fil"))
    def download(self, obj):
        if not obj.pk:
            return "–"
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), obj.file.name)

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ResponseAttachment)
class ResponseAttachmentAdmin(AttachmentFields, admin.ModelAdmin):
    list_display = ["title", "response"]
    search_fields = ["title", "response__sender_name"]


@admin.register(Consultee)
class ConsulteeAdmin(admin.ModelAdmin):
    list_display = ["name", "category", "email", "is_active"]
    list_filter = ["category", "is_active"]
    search_fields = ["name", "email", "contact_person"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["consultee", "hearing", "status", "sent_at"]
    list_filter = ["status", "hearing"]
    search_fields = ["consultee__name"]
    raw_id_fields = ["notification"]


class PointInline(admin.StackedInline):
    model = ResponsePoint
    extra = 0
    filter_horizontal = ["measures_added", "measures_changed", "measures_rejected"]


class AttachmentInline(AttachmentFields, admin.TabularInline):
    model = ResponseAttachment
    extra = 0


@admin.register(HearingResponse)
class HearingResponseAdmin(admin.ModelAdmin):
    list_display = ["__str__", "hearing", "channel", "sender_category", "is_late", "publication"]
    list_filter = ["hearing", "channel", "sender_category", "is_late", "publication"]
    search_fields = ["sender_name", "organisation", "text", "archive_reference"]
    raw_id_fields = ["receipt"]
    inlines = [PointInline, AttachmentInline]


@admin.register(ResponsePoint)
class ResponsePointAdmin(admin.ModelAdmin):
    list_display = ["response", "number", "outcome"]
    list_filter = ["outcome"]
    search_fields = ["text", "administration_comment"]


@admin.register(EngagementMeeting)
class EngagementMeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "plan", "held_on", "is_illustrative"]
    list_filter = ["plan", "is_illustrative"]
    search_fields = ["title", "participants", "summary"]
