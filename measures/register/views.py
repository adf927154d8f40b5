"""Pages of the measure register: the plan's tree, a measure's page, creating, editing,
reassigning a measure and commenting on it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import models
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from bodobolig import permissions
from bodobolig.errors import ConflictError, DomainError, add_to_form
from bodobolig.pagination import paginate
from bodobolig.permissions import Action
from measures import revisions
from measures.models import (
    ImplementationPlan,
    Measure,
)
from measures.register import scorecard, selectors, services
from measures.register.filters import PublicMeasureFilter
from measures.register.forms import CommentForm, MeasureForm, MeasureReassignForm
from plans.models import Plan
from plans.selectors import current_plan

MEASURES_PER_PAGE = 50


def plan_detail(request, slug):
    """The plan page: the scorecard, then goals → strategies → measures. A big plan shows
    its strategies collapsed (each opened with ?strategi=<id>); the whole plan is its own
    page (`plan_full`)."""
    plan = _plan_to_read(request, slug)
    expand = [int(pk) for pk in request.GET.getlist("strategi") if pk.isdigit()]
    board = scorecard.plan_board(plan, expand=expand)
    return _plan_page(request, plan, board, "plans/plan_detail.html")


def plan_full(request, slug):
    """The whole plan on one page, every measure shown: for reading through and printing."""
    plan = _plan_to_read(request, slug)
    board = scorecard.plan_board(plan, show_all=True)
    return _plan_page(request, plan, board, "plans/plan_full.html")


def _plan_to_read(request, slug) -> Plan:
    plan = get_object_or_404(Plan.objects.select_related("predecessor"), slug=slug)
    permissions.check(request.user, permissions.Action.VIEW, plan)
    return plan


def _plan_page(request, plan, board, template):
    return render(
        request,
        template,
        {
            "plan": plan,
            "board": board,
            "goals": board.goals,
            "rollup": board.card.rollup,
            "can_edit": permissions.can(request.user, Action.EDIT_PLAN, plan),
            "funding_years": revisions.counted(
                plan.pk,
                "funding",
                lambda: selectors.plan_funding_by_year(plan),
                today=timezone.localdate(),
            ),
        },
    )


def public_measure_list(request):
    """The measures anyone may read, filtered by plan, goal, department, status and text."""
    data = request.GET.copy()
    if "plan" not in data:
        plan = current_plan(request.user)
        data["plan"] = str(plan.pk) if plan else ""
    measure_filter = PublicMeasureFilter(
        data,
        queryset=selectors.public_measure_list(request.user).order_by(
            "-plan__period_start", "strategy__goal__number", "strategy__number", "number", "pk"
        ),
        request=request,
    )
    return render(
        request,
        "measures/public_measure_list.html",
        {
            "filter": measure_filter,
            "page": paginate(request, measure_filter.qs, MEASURES_PER_PAGE, ids_first=True),
            "staff_list": permissions.can(request.user, Action.VIEW_MEASURE_LIST),
        },
    )


def measure_detail(request, pk):
    measure = selectors.measure_for_page(request.user, pk)
    return _measure_page(request, measure)


def _measure_page(request, measure, comment_form=None, status=200):
    """The measure page; internals (timeline beyond status updates, comments) by permission."""
    user = request.user
    show_internal = permissions.can(user, Action.VIEW_INTERNAL, measure)
    timeline = selectors.measure_timeline(measure, internal=show_internal)
    can_comment = show_internal and permissions.can(user, Action.COMMENT, measure)
    return render(
        request,
        "measures/measure_detail.html",
        {
            "measure": measure,
            "timeline": timeline,
            "show_internal": show_internal,
            "comment_form": comment_form or (CommentForm() if can_comment else None),
            "can_edit": permissions.can(user, Action.EDIT_MEASURE, measure),
            "can_reassign": permissions.can(user, Action.REASSIGN_OWNER, measure),
            "followup_links": _followup_links(user, measure),
            "can_decide_funding": permissions.can(user, Action.DECIDE_FUNDING, measure),
            "can_confirm_ownership": measure.owner_confirmed_at is None
            and permissions.can(user, Action.CONFIRM_OWNERSHIP, measure),
            "lists": selectors.measure_lists(measure),
        },
        status=status,
    )


@login_required
@require_POST
def comment_add(request, pk):
    """Post a message in the measure's thread (coordinator and the owner side)."""
    measure = selectors.measure_for_page(request.user, pk)
    permissions.check(request.user, Action.COMMENT, measure)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.comment_add(
                measure=measure, author=request.user, text=form.cleaned_data["text"]
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Kommentaren er lagret."))
            return redirect(f"{measure.get_absolute_url()}#comments")
    return _measure_page(request, measure, comment_form=form, status=400)


@login_required
@require_POST
def measure_confirm_ownership(request, pk):
    """The named owner accepts the responsibility for the measure."""
    measure = selectors.measure_for_page(request.user, pk)
    permissions.check(request.user, Action.CONFIRM_OWNERSHIP, measure)
    try:
        services.measure_confirm_ownership(measure_id=measure.pk, user=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Takk! Du har bekreftet hovedansvaret for tiltaket."))
    return redirect(measure)


@login_required
def measure_create(request, slug):
    """The coordinator adds a measure to a plan, with its one owner."""
    plan = get_object_or_404(Plan, slug=slug)
    permissions.check(request.user, Action.EDIT_MEASURE, plan)
    form = MeasureForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            measure = services.measure_create(plan=plan, user=request.user, **form.service_kwargs())
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Tiltaket er opprettet."))
            return redirect(measure)
    return render(
        request,
        "measures/measure_form.html",
        {"form": form, "plan": plan, "title": _("Nytt tiltak")},
        status=400 if form.errors else 200,
    )


@login_required
def measure_edit(request, pk):
    """The coordinator edits a measure; a save over someone else's is refused, text kept."""
    measure = selectors.measure_for_page(request.user, pk)
    permissions.check(request.user, Action.EDIT_MEASURE, measure)
    data = request.POST.copy() if request.method == "POST" else None
    form = MeasureForm(data, instance=measure, plan=measure.plan, editing=True)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.measure_update(
                measure_id=measure.pk,
                version=form.cleaned_data["version"],
                user=request.user,
                **form.service_kwargs(),
            )
        except ConflictError as error:
            changes, who = error.current
            conflict = {"message": error.message, "changes": changes, "who": who}
            # Fields only the other person changed take their saved value; fields the
            # user changed keep the user's text. Saving again is then "mine over theirs"
            # only where both changed, knowingly: the form takes the current version.
            current = Measure.objects.get(pk=measure.pk)
            _keep_changes_the_user_did_not_touch(data, form, changes, current)
            data["version"] = str(current.version)
            form = MeasureForm(data, instance=measure, plan=measure.plan, editing=True)
            form.is_valid()
            form.add_error(None, error.message)
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Endringene er lagret."))
            return redirect(measure)
    return render(
        request,
        "measures/measure_form.html",
        {
            "form": form,
            "plan": measure.plan,
            "measure": measure,
            "conflict": conflict,
            "title": _("Endre tiltak %(code)s") % {"code": measure.code},
        },
        status=409 if conflict else 400 if form.errors else 200,
    )


def _keep_changes_the_user_did_not_touch(data, form, changes, current: Measure) -> None:
    """Put the saved value into `data` for each field someone else changed and the user
    left as it was when they opened the form."""
    for change in changes:
        if change.field not in form.fields or change.field not in form.cleaned_data:
            continue
        submitted = form.cleaned_data[change.field]
        started = change.old
        if isinstance(submitted, models.Model):
            submitted = str(submitted)
        if (submitted or "") != (started or ""):
            continue  # the user changed it too: keep their text, the page shows theirs
        value = getattr(current, f"{change.field}_id", None)
        if value is None:
            value = getattr(current, change.field)
        data[change.field] = "" if value is None else str(value)


@login_required
def measure_reassign(request, pk):
    """Give the measure a new owner: its own action, with a reason kept in the history."""
    measure = selectors.measure_for_page(request.user, pk)
    permissions.check(request.user, Action.REASSIGN_OWNER, measure)
    form = MeasureReassignForm(
        request.POST or None,
        initial={
            "department": measure.responsible_department,
            "person": measure.responsible_person,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.measure_reassign(
                measure_id=measure.pk,
                user=request.user,
                department=form.cleaned_data["department"],
                person=form.cleaned_data["person"],
                reason=form.cleaned_data["reason"],
            )
        except DomainError as error:
            if error.field == "responsible_person":
                error.field = "person"
            add_to_form(form, error)
        else:
            messages.success(request, _("Tiltaket har fått ny hovedansvarlig."))
            return redirect(measure)
    return render(
        request,
        "measures/measure_form.html",
        {
            "form": form,
            "plan": measure.plan,
            "measure": measure,
            "title": _("Ny hovedansvarlig for %(code)s") % {"code": measure.code},
            "submit_label": _("Bytt hovedansvarlig"),
        },
        status=400 if form.errors else 200,
    )


def _followup_links(user, measure) -> list[tuple[str, str]]:
    """Links from the measure page to its implementation plan and delegation, by permission."""
    links = []
    try:
        ip = measure.implementation_plan  # joined by selectors.measure_for_page
    except ImplementationPlan.DoesNotExist:
        ip = None
    if ip is not None:
        if permissions.can(user, permissions.Action.VIEW, ip):
            links.append(
                (
                    _("Gjennomføringsplan (%(status)s)")
                    % {"status": ip.get_status_display().lower()},
                    ip.get_absolute_url(),
                )
            )
    elif permissions.can(user, permissions.Action.ORDER_IMPLEMENTATION_PLAN, measure):
        url = reverse("measures:implementation_plan_order", kwargs={"slug": measure.plan.slug})
        links.append((_("Bestill gjennomføringsplan"), f"{url}?tiltak={measure.pk}"))
    if permissions.can(user, permissions.Action.DELEGATE_REPORTING, measure):
        links.append(
            (
                _("Deleger rapporteringen"),
                reverse("measures:measure_delegate", kwargs={"pk": measure.pk}),
            )
        )
    return links
