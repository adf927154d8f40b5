"""The notification log (one's own, or everyone's for the coordinator), resending a
notice, and the user's e-mail choices."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bodobolig import permissions
from bodobolig.pagination import paginate
from bodobolig.permissions import Action
from measures.models import Notification, NotificationPreference
from measures.notifications import outbox, selectors, services
from measures.notifications.forms import NotificationFilter, NotificationPreferenceForm

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
    page = paginate(request, queryset, PAGE_SIZE)
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
        },
    )


@require_POST
@login_required
def notification_resend(request, pk):
    """The coordinator's "send again" for a failed notice."""
    permissions.check(request.user, Action.RESEND_NOTIFICATION)
    notification = get_object_or_404(Notification, pk=pk)
    if outbox.notification_resend(notification_id=notification.pk):
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
