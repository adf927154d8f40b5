"""The notification log, the user's e-mail preferences and the coordinator's reminder settings."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bodobolig import permissions
from bodobolig.errors import DomainError, add_to_form
from bodobolig.permissions import Action
from measures import notices, selectors, services
from measures.models import FollowUpSettings, Notification, NotificationPreference
from measures.notification_forms import (
    FollowUpSettingsForm,
    NotificationFilter,
    NotificationPreferenceForm,
)

PAGE_SIZE = 50


@login_required
def notification_list(request):
    """The log: kind, recipient, what it is about, when, delivery state and error."""
    permissions.check(request.user, Action.VIEW_NOTIFICATION_LOG)
    sees_all = permissions.can(request.user, Action.VIEW_ALL_NOTIFICATIONS)
    notification_filter = NotificationFilter(
        request.GET or None,
        queryset=selectors.notifications_visible_to(request.user),
        show_recipient=sees_all,
    )
    queryset = (
        notification_filter.qs
        if notification_filter.is_bound and notification_filter.is_valid()
        else notification_filter.queryset
    )
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("side"))
    query = request.GET.copy()
    query.pop("side", None)
    return render(
        request,
        "measures/notification_list.html",
        {
            "filter": notification_filter,
            "form": notification_filter.form,
            "page": page,
            "notifications": page.object_list,
            "sees_all": sees_all,
            "may_resend": permissions.can(request.user, Action.RESEND_NOTIFICATION),
            "query": query.urlencode(),
        },
    )


@require_POST
@login_required
def notification_resend(request, pk):
    """The coordinator's "send again" for a failed notice."""
    permissions.check(request.user, Action.RESEND_NOTIFICATION)
    notification = get_object_or_404(Notification, pk=pk)
    if notices.notification_resend(notification_id=notification.pk):
        messages.success(request, _("Varselet er lagt i kø for ny sending."))
    else:
        messages.warning(
            request, _("Varselet ble ikke sendt på nytt: det er ikke lenger merket som feilet.")
        )
    return redirect("measures:notification_list")


@login_required
def notification_preferences(request):
    """The user's own choice: the weekly digest on or off."""
    preference = NotificationPreference.objects.filter(user=request.user).first()
    initial = {"digest_opt_out": preference.digest_opt_out if preference else False}
    form = NotificationPreferenceForm(
        request.POST if request.method == "POST" else None, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        services.notification_preference_update(
            user=request.user, digest_opt_out=form.cleaned_data["digest_opt_out"]
        )
        messages.success(request, _("Valget ditt er lagret."))
        return redirect("measures:notification_preferences")
    return render(request, "measures/notification_preferences.html", {"form": form})


@login_required
def follow_up_settings(request):
    """The coordinator's reminder settings: N, M, K, stale days and the digest weekday."""
    permissions.check(request.user, Action.EDIT_FOLLOW_UP_SETTINGS)
    current = FollowUpSettings.load()
    initial = {
        name: getattr(current, name)
        for name in (
            "due_soon_days",
            "overdue_repeat_days",
            "escalate_after_days",
            "stale_after_days",
            "digest_weekday",
        )
    }
    form = FollowUpSettingsForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.follow_up_settings_update(**form.cleaned_data)
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Innstillingene for oppfølging er lagret."))
            return redirect("measures:follow_up_settings")
    return render(request, "measures/follow_up_settings.html", {"form": form})
