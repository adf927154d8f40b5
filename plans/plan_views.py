"""Pages of a plan's life: creating and editing it, its status and adoption, postponements,
its organisation (network and steering groups) and its documents."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from bodobolig import permissions
from bodobolig.form_pages import save_and_redirect
from bodobolig.permissions import Action
from plans import selectors, services
from plans.forms import (
    GroupMemberForm,
    PlanDocumentForm,
    PlanForm,
    PlanStatusForm,
    TargetDateForm,
)
from plans.models import Plan, PlanDocument, PlanGroupMember


def _form_page(request, form, title, plan=None, *, submit_label=None, files=False, intro=""):
    return render(
        request,
        "plans/plan_form.html",
        {
            "form": form,
            "plan": plan,
            "title": title,
            "submit_label": submit_label,
            "files": files,
            "intro": intro,
        },
        status=400 if form.errors else 200,
    )


def _about_url(plan) -> str:
    return reverse("plans:plan_about", kwargs={"slug": plan.slug})


def _plan_for_editing(request, slug) -> Plan:
    plan = get_object_or_404(Plan, slug=slug)
    permissions.check(request.user, Action.EDIT_PLAN, plan)
    return plan


@login_required
def plan_create(request):
    """The coordinator starts a new plan, in draft."""
    permissions.check(request.user, Action.EDIT_PLAN, None)
    form = PlanForm(request.POST or None)
    done = save_and_redirect(
        request,
        form,
        lambda: services.plan_create(by=request.user, **form.cleaned_data),
        message=_("Planen er opprettet som utkast."),
        to=_about_url,
    )
    return done or _form_page(request, form, _("Ny handlingsplan"))


@login_required
def plan_edit(request, slug):
    plan = _plan_for_editing(request, slug)
    initial = {
        name: getattr(plan, name)
        for name in ("title", "period_start", "period_end", "summary", "project_leader")
    }
    form = PlanForm(request.POST or None, initial=initial, creating=False)
    done = save_and_redirect(
        request,
        form,
        lambda: services.plan_update(plan_id=plan.pk, by=request.user, **form.cleaned_data),
        message=_("Planen er lagret."),
        to=_about_url(plan),
    )
    return done or _form_page(request, form, _("Endre planen"), plan)


def plan_about(request, slug):
    """The plan's life: status, adoption, target date and its history, organisation,
    process steps and documents. Public for what the plan's readers may see."""
    plan = get_object_or_404(
        Plan.objects.select_related("predecessor", "project_leader"), slug=slug
    )
    permissions.check(request.user, Action.VIEW, plan)
    return render(
        request,
        "plans/plan_about.html",
        {
            "plan": plan,
            "can_edit": permissions.can(request.user, Action.EDIT_PLAN, plan),
            "target_date_changes": plan.target_date_changes.select_related("changed_by"),
            "groups": selectors.plan_groups(plan),
            "milestones": plan.milestones.all(),
            "documents": selectors.documents_visible_to(request.user, plan),
            "successors": plan.successors.all(),
        },
    )


@login_required
def plan_status(request, slug):
    """Move the plan to its next status; adopting records body, date and case number."""
    plan = _plan_for_editing(request, slug)
    form = PlanStatusForm(request.POST or None, plan=plan)
    if not form.fields["status"].choices:
        messages.info(request, _("Planen er avsluttet og kan ikke få ny status."))
        return redirect("plans:plan_about", slug=plan.slug)
    done = save_and_redirect(
        request,
        form,
        lambda: services.plan_change_status(plan_id=plan.pk, by=request.user, **form.cleaned_data),
        message=_("Planens status er endret."),
        to=_about_url(plan),
    )
    return done or _form_page(
        request,
        form,
        _("Endre status for planen"),
        plan,
        submit_label=_("Endre status"),
        intro=_("Nåværende status: %(status)s.") % {"status": plan.get_status_display()},
    )


@login_required
def plan_target_date(request, slug):
    """Postpone (or advance) the planned completion, with the reason kept."""
    plan = _plan_for_editing(request, slug)
    form = TargetDateForm(request.POST or None, initial={"decided_on": timezone.localdate()})
    done = save_and_redirect(
        request,
        form,
        lambda: services.plan_change_target_date(
            plan_id=plan.pk, by=request.user, **form.cleaned_data
        ),
        message=_("Ny dato for sluttføring er registrert."),
        to=_about_url(plan),
    )
    return done or _form_page(request, form, _("Endre planlagt sluttføring"), plan)


@login_required
def plan_group_member_add(request, slug):
    plan = _plan_for_editing(request, slug)
    form = GroupMemberForm(request.POST or None, initial={"group": request.GET.get("gruppe")})
    done = save_and_redirect(
        request,
        form,
        lambda: services.plan_group_member_add(plan=plan, by=request.user, **form.cleaned_data),
        message=_("Medlemmet er lagt til."),
        to=_about_url(plan),
    )
    return done or _form_page(request, form, _("Nytt medlem i prosjektorganisasjonen"), plan)


@login_required
@require_POST
def plan_group_member_remove(request, slug, pk):
    plan = _plan_for_editing(request, slug)
    member = get_object_or_404(PlanGroupMember, pk=pk, plan=plan)
    services.plan_group_member_remove(member_id=member.pk, by=request.user)
    messages.success(request, _("%(name)s er fjernet.") % {"name": member.name})
    return redirect("plans:plan_about", slug=plan.slug)


@login_required
def plan_document_upload(request, slug):
    plan = _plan_for_editing(request, slug)
    form = PlanDocumentForm(request.POST or None, request.FILES or None)
    done = save_and_redirect(
        request,
        form,
        lambda: services.plan_document_upload(plan=plan, by=request.user, **form.cleaned_data),
        message=_("Dokumentet er lastet opp."),
        to=f"{_about_url(plan)}#documents",
    )
    return done or _form_page(
        request, form, _("Last opp plandokument"), plan, submit_label=_("Last opp"), files=True
    )


def plan_document_download(request, slug, pk):
    """A plan document, through the permission check (never a public media URL)."""
    plan = get_object_or_404(Plan, slug=slug)
    permissions.check(request.user, Action.VIEW, plan)
    document = get_object_or_404(selectors.documents_visible_to(request.user, plan), pk=pk)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=document.file.name.rsplit("/", 1)[-1])


@login_required
@require_POST
def plan_document_delete(request, slug, pk):
    plan = _plan_for_editing(request, slug)
    document = get_object_or_404(PlanDocument, pk=pk, plan=plan)
    services.plan_document_delete(document_id=document.pk, by=request.user)
    messages.success(request, _("Dokumentet er slettet."))
    return redirect(f"{plan.get_absolute_url()}om/#documents")
