from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Max
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _

from bodobolig import permissions
from bodobolig.errors import DomainError, add_to_form
from plans import selectors, services
from plans.forms import GoalForm, StrategyForm
from plans.models import Goal, Plan, Strategy


def home(request):
    """Open the current plan; with none visible, the list of plans (it says why it is empty)."""
    plan = selectors.current_plan(request.user)
    if plan is not None:
        return redirect(plan)
    return redirect("plan_list")


def plan_list(request):
    plans = selectors.plans_visible_to(request.user).select_related("predecessor")
    return render(
        request,
        "plans/plan_list.html",
        {
            "plans": plans,
            "can_edit_plans": permissions.can(request.user, permissions.Action.EDIT_PLAN),
        },
    )


def _plan_for_editing(request, slug) -> Plan:
    plan = get_object_or_404(Plan, slug=slug)
    permissions.check(request.user, permissions.Action.EDIT_PLAN, plan)
    return plan


def _form_page(request, form, plan, title, status=None):
    return render(
        request,
        "plans/plan_part_form.html",
        {"form": form, "plan": plan, "title": title},
        status=status or (400 if form.errors else 200),
    )


def _save(request, form, plan, service, redirect_to, success):
    """Run `service` with the form's data; a DomainError lands next to its field."""
    try:
        service(**form.cleaned_data)
    except DomainError as error:
        add_to_form(form, error)
        return None
    messages.success(request, success)
    return redirect(redirect_to)


@login_required
def goal_create(request, slug):
    plan = _plan_for_editing(request, slug)
    next_number = (plan.goals.aggregate(n=Max("number"))["n"] or 0) + 1
    form = GoalForm(request.POST or None, initial={"number": next_number})
    if request.method == "POST" and form.is_valid():
        response = _save(
            request,
            form,
            plan,
            lambda **data: services.goal_create(plan=plan, by=request.user, **data),
            plan,
            _("Målområdet er opprettet."),
        )
        if response:
            return response
    return _form_page(request, form, plan, _("Nytt målområde"))


@login_required
def goal_edit(request, slug, pk):
    plan = _plan_for_editing(request, slug)
    goal = get_object_or_404(Goal, pk=pk, plan=plan)
    form = GoalForm(request.POST or None, instance=goal)
    if request.method == "POST" and form.is_valid():
        response = _save(
            request,
            form,
            plan,
            lambda **data: services.goal_update(goal_id=goal.pk, by=request.user, **data),
            plan,
            _("Målområdet er lagret."),
        )
        if response:
            return response
    return _form_page(request, form, plan, _("Endre målområde %(n)s") % {"n": goal.number})


@login_required
def strategy_create(request, slug):
    plan = _plan_for_editing(request, slug)
    form = StrategyForm(request.POST or None, plan=plan, initial={"goal": request.GET.get("goal")})
    if request.method == "POST" and form.is_valid():
        response = _save(
            request,
            form,
            plan,
            lambda **data: services.strategy_create(by=request.user, **data),
            plan,
            _("Strategien er opprettet."),
        )
        if response:
            return response
    return _form_page(request, form, plan, _("Ny strategi"))


@login_required
def strategy_edit(request, slug, pk):
    plan = _plan_for_editing(request, slug)
    strategy = get_object_or_404(Strategy.objects.select_related("goal"), pk=pk, goal__plan=plan)
    form = StrategyForm(request.POST or None, instance=strategy, plan=plan)
    if request.method == "POST" and form.is_valid():
        response = _save(
            request,
            form,
            plan,
            lambda **data: services.strategy_update(
                strategy_id=strategy.pk, by=request.user, **data
            ),
            plan,
            _("Strategien er lagret."),
        )
        if response:
            return response
    return _form_page(request, form, plan, _("Endre strategi %(code)s") % {"code": strategy.code})
