from django.contrib import admin

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


@admin.register(ResponseAttachment)
class ResponseAttachmentAdmin(admin.ModelAdmin):
    list_display = ["title", "response"]
    search_fields = ["title", "response__sender_name"]
    raw_id_fields = ["response"]


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


class PointInline(admin.StackedInline):
    model = ResponsePoint
    extra = 0
    filter_horizontal = ["measures_added", "measures_changed", "measures_rejected"]


class AttachmentInline(admin.TabularInline):
    model = ResponseAttachment
    extra = 0


@admin.register(HearingResponse)
class HearingResponseAdmin(admin.ModelAdmin):
    list_display = ["__str__", "hearing", "channel", "sender_category", "is_late", "publication"]
    list_filter = ["hearing", "channel", "sender_category", "is_late", "publication"]
    search_fields = ["sender_name", "organisation", "text", "archive_reference"]
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
