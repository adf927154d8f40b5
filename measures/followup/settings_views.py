"""The coordinator's follow-up settings page (reminder and stale-measure rules)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from bodobolig import permissions
from bodobolig.errors import DomainError, add_to_form
from bodobolig.permissions import Action
from measures.followup import services
from measures.followup.forms import FollowUpSettingsForm
from measures.models import FollowUpSettings


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
            services.follow_up_settings_update(by=request.user, **form.cleaned_data)
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Innstillingene for oppfølging er lagret."))
            return redirect("measures:follow_up_settings")
    return render(request, "measures/follow_up_settings.html", {"form": form})
