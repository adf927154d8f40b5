"""The plan's process page: milestones (Trinn 1–6), meetings and presentations, hearings;
the coordinator adds and edits milestones and meetings."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from bodobolig import permissions
from hearings import selectors, services
from hearings.forms import MeetingForm, MilestoneForm
from hearings.models import EngagementMeeting
from hearings.views.manage import _form_page
from plans.models import Milestone, Plan

Action = permissions.Action


@require_GET
def process(request, slug):
    plan = permissions.get_object_for_user(Plan.objects.all(), request.user, slug=slug)
    hearings = selectors.hearings_visible_to(request.user).filter(plan=plan)
    return render(
        request,
        "hearings/process.html",
        {
            "plan": plan,
            "hearings": hearings,
            "may_edit": permissions.can(request.user, Action.EDIT_PLAN, plan),
            **selectors.process_page(plan),
        },
    )


def _plan_for_editing(request, slug) -> Plan:
    return permissions.get_object_for_user(
        Plan.objects.all(), request.user, Action.EDIT_PLAN, slug=slug
    )


def _edit(request, plan, form, save, *, title):
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        obj.plan = plan
        save(obj)
        messages.success(request, _("Lagret."))
        return redirect("hearings:process", slug=plan.slug)
    return _form_page(request, form, title=title, back=_process_url(plan), plan=plan)


def _process_url(plan):
    return reverse("hearings:process", kwargs={"slug": plan.slug})


@login_required
def milestone_create(request, slug):
    plan = _plan_for_editing(request, slug)
    form = MilestoneForm(request.POST or None, instance=Milestone(plan=plan))
    return _edit(
        request,
        plan,
        form,
        lambda m: services.milestone_save(milestone=m, by=request.user),
        title=_("Nytt prosessteg"),
    )


@login_required
def milestone_edit(request, slug, pk):
    plan = _plan_for_editing(request, slug)
    form = MilestoneForm(
        request.POST or None, instance=get_object_or_404(Milestone, pk=pk, plan=plan)
    )
    return _edit(
        request,
        plan,
        form,
        lambda m: services.milestone_save(milestone=m, by=request.user),
        title=_("Endre prosessteg"),
    )


@login_required
def meeting_create(request, slug):
    plan = _plan_for_editing(request, slug)
    form = MeetingForm(request.POST or None, instance=EngagementMeeting(plan=plan))
    return _edit(
        request,
        plan,
        form,
        lambda m: services.meeting_save(meeting=m, by=request.user),
        title=_("Nytt møte"),
    )


@login_required
def meeting_edit(request, slug, pk):
    plan = _plan_for_editing(request, slug)
    meeting = get_object_or_404(EngagementMeeting, pk=pk, plan=plan)
    form = MeetingForm(request.POST or None, instance=meeting)
    return _edit(
        request,
        plan,
        form,
        lambda m: services.meeting_save(meeting=m, by=request.user),
        title=_("Endre møte"),
    )
