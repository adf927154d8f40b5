"""The plan's process page: milestones (Trinn 1–6), meetings and presentations, hearings;
the coordinator adds and edits milestones and meetings."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from bodobolig import permissions
from bodobolig.form_pages import save_and_redirect
from hearings import selectors, services
from hearings.forms import MeetingForm, MilestoneForm
from hearings.views.manage import _form_page
from plans.models import Plan

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


def _edit(request, slug, pk, form_class, save, *, title):
    """A milestone's or a meeting's form page: a new one of the plan (no `pk`) or its own."""
    plan = _plan_for_editing(request, slug)
    model = form_class._meta.model
    instance = get_object_or_404(model, pk=pk, plan=plan) if pk else model(plan=plan)
    form = form_class(request.POST or None, instance=instance)
    done = save_and_redirect(
        request,
        form,
        lambda: save(form.save(commit=False), by=request.user),
        message=_("Lagret."),
        to=_process_url(plan),
    )
    return done or _form_page(request, form, title=title, back=_process_url(plan), plan=plan)


def _process_url(plan):
    return reverse("hearings:process", kwargs={"slug": plan.slug})


def _milestone_save(milestone, *, by):
    return services.milestone_save(milestone=milestone, by=by)


def _meeting_save(meeting, *, by):
    return services.meeting_save(meeting=meeting, by=by)


@login_required
def milestone_create(request, slug):
    return _edit(request, slug, None, MilestoneForm, _milestone_save, title=_("Nytt prosessteg"))


@login_required
def milestone_edit(request, slug, pk):
    return _edit(request, slug, pk, MilestoneForm, _milestone_save, title=_("Endre prosessteg"))


@login_required
def meeting_create(request, slug):
    return _edit(request, slug, None, MeetingForm, _meeting_save, title=_("Nytt møte"))


@login_required
def meeting_edit(request, slug, pk):
    return _edit(request, slug, pk, MeetingForm, _meeting_save, title=_("Endre møte"))
