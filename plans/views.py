from django.shortcuts import redirect, render

from plans import selectors


def home(request):
    """Open the current plan; with none visible, the list of plans (it says why it is empty)."""
    plan = selectors.current_plan(request.user)
    if plan is not None:
        return redirect(plan)
    return redirect("plan_list")


def plan_list(request):
    plans = selectors.plans_visible_to(request.user).select_related("predecessor")
    return render(request, "plans/plan_list.html", {"plans": plans})
