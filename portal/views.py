"""The front page, the plan list, and where a user lands after logging in."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from bodobolig.permissions import Role, role_of
from plans.selectors import current_plan
from plans.sign_in import SignInView
from portal import selectors


def front_page(request):
    """What the service is, the plans with their state, the latest published council
    report, key figures, an open hearing, and — logged in — the user's next deadlines."""
    user = request.user
    cards = selectors.plan_cards(user)
    current = next((card.plan for card in cards if card.is_current), None)
    return render(
        request,
        "portal/front_page.html",
        {
            "cards": cards,
            "current": current,
            "report": selectors.latest_published_report(user),
            "figures": selectors.headline_figures(current),
            "hearing": selectors.open_hearing(user),
            "deadlines": selectors.next_deadlines(user, timezone.localdate()),
            "today": timezone.localdate(),
        },
    )


def plan_list(request):
    """Every plan the user may read, with its period, status and measures by status."""
    return render(request, "portal/plan_list.html", {"cards": selectors.plan_cards(request.user)})


def landing_url(user) -> str:
    """Where a user starts after logging in: the coordinator at the follow-up dashboard,
    a department lead at "Mine tiltak", a politician at the current plan's scorecard,
    everyone else at the front page."""
    role = role_of(user)
    if role in {Role.COORDINATOR, Role.ADMIN}:
        return reverse("measures:dashboard")
    if role == Role.LEAD:
        return reverse("measures:my_measures")
    if role == Role.POLITICIAN and (plan := current_plan(user)) is not None:
        return reverse("plan_detail", kwargs={"slug": plan.slug}) + "#resultattavle"
    return reverse("home")


class LoginView(SignInView):
    """The sign-in page (local password and/or the municipality's OIDC provider); without a
    safe `next` the user lands by role."""

    def get_default_redirect_url(self):
        return landing_url(self.request.user)
