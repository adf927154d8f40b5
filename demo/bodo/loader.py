"""`load_demo`: replace the Bodø demo with a fresh copy, step by step."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from analyses.models import Analysis, Indicator
from demo.bodo.analyses import create_analyses
from demo.bodo.common import CURRENT_SLUG, HISTORIC_SLUG
from demo.bodo.current import create_current_plan
from demo.bodo.hearing import create_hearing, create_illustrative_hearing
from demo.bodo.historic import create_historic_plan
from demo.bodo.people import create_departments, create_users, upsert_legal_bases
from demo.bodo.plan_life import add_plan_life, delete_plan_life
from demo.bodo.tables import ANALYSES, CONSULTEES, DEPARTMENTS, INDICATORS, USERS
from demo.trail import delete_audit_trail, write_audit_trail
from hearings.models import Consultee
from measures.models import FollowUpSettings, Measure, ReportingRound, StatusUpdate
from plans.models import Department, Plan

# Usernames of earlier versions of the demo, removed on load so a reload leaves no orphans.
RETIRED_USERNAMES = ["demo-helse-radgiver"]


@dataclass
class DemoResult:
    plans: int
    measures: int
    users: int


@transaction.atomic
def load_demo(*, today: dt.date | None = None) -> DemoResult:
    """Replace the demo data with a fresh copy; other data is left alone."""
    today = today or timezone.localdate()
    delete_demo()
    users = create_users()
    departments = create_departments(users)
    bases = upsert_legal_bases()
    historic = create_historic_plan(users, departments, bases)
    current = create_current_plan(historic, users, departments, today)
    add_plan_life(historic, current, users, departments)
    create_analyses(historic)
    create_hearing(historic)
    create_illustrative_hearing(current, today)
    write_audit_trail([historic, current], coordinator=users["koordinator"])
    FollowUpSettings.load()
    return DemoResult(
        plans=2,
        measures=Measure.objects.filter(plan__in=[historic, current]).count(),
        users=len(users),
    )


def delete_demo() -> None:
    User = get_user_model()
    plans = Plan.objects.filter(slug__in=[CURRENT_SLUG, HISTORIC_SLUG])
    delete_audit_trail(plans)
    delete_plan_life(plans)
    # The successor first: it points at the historic plan and carries its measures over.
    for slug in (CURRENT_SLUG, HISTORIC_SLUG):
        for plan in plans.filter(slug=slug):
            plan.council_reports.all().delete()
            StatusUpdate.objects.filter(measure__plan=plan).delete()
            ReportingRound.objects.filter(plan=plan).delete()
            Measure.objects.filter(plan=plan).delete()
            plan.delete()
    Analysis.objects.filter(title__in=[row["title"] for row in ANALYSES]).delete()
    Indicator.objects.filter(code__in=[row["code"] for row in INDICATORS]).delete()
    Consultee.objects.filter(name__in=[row["name"] for row in CONSULTEES]).delete()
    usernames = [row["username"] for row in USERS] + RETIRED_USERNAMES
    User.objects.filter(username__in=usernames).delete()
    names = [row["name"] for row in DEPARTMENTS]
    Department.objects.filter(name__in=names, parent__isnull=False).delete()
    Department.objects.filter(name__in=names).delete()
