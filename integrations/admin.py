from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from integrations import services
from integrations.models import ApiToken, CalendarFeed


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """The administrator sees every token (never a key: only its hash is stored) and can
    revoke them."""

    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "user__username", "prefix"]
    readonly_fields = [
        "user",
        "name",
        "prefix",
        "key_hash",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False  # a token is made by its user, who alone sees the key

    @admin.action(description=_("Trekk tilbake valgte nøkler"))
    def revoke(self, request, queryset):
        for token in queryset.filter(revoked_at__isnull=True):
            services.api_token_revoke(token=token, by=request.user)
        self.message_user(request, _("Nøklene er trukket tilbake."), messages.SUCCESS)


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    readonly_fields = ["user", "secret", "created_at"]

    def has_add_permission(self, request):
        return False
