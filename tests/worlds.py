"""The data set both permission tables start from (pages: tests/test_view_permissions.py,
API: tests/integrations/test_api_permissions.py): users per role, an adopted plan whose
measures the owner lead's department owns (an implementation plan submitted, one approved,
in an open round), a draft plan with a measure, and two council reports. Each table adds
its own objects in a subclass."""

from __future__ import annotations

from contextlib import contextmanager

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from bodobolig.permissions import Role
from measures.followup.content import implementation_plan_content
from measures.models import CouncilReport, ImplementationPlan, ImplementationPlanVersion
from plans.models import Plan
from tests.factories import (
    CouncilReportFactory,
    GoalFactory,
    ImplementationPlanFactory,
    MeasureFactory,
    PlanFactory,
    ReportingRoundFactory,
    StatusUpdateFactory,
    StrategyFactory,
    make_department_with_lead,
    make_user,
)

ROLES = ["anonymous", "politician", "owner_lead", "other_lead", "coordinator"]


class World:
    """Each attribute is bound once: a name bound twice (a plan document, later a hearing
    document) once sent one model's pk to another model's URL, which failed only where
    the two id sequences had drifted apart (PostgreSQL, after earlier modules)."""

    def __init__(self, **plan_fields):
        self.department, owner_lead = make_department_with_lead(name="Helse og omsorg")
        self.other_department, other_lead = make_department_with_lead(name="Byplan")
        coordinator = make_user(Role.COORDINATOR)
        self.users = {
            "anonymous": None,
            "politician": make_user(Role.POLITICIAN),
            "owner_lead": owner_lead,
            "other_lead": other_lead,
            "coordinator": coordinator,
        }
        self.plan = PlanFactory(**plan_fields)
        self.goal = GoalFactory(plan=self.plan)
        self.strategy = StrategyFactory(goal=self.goal)

        # A measure whose implementation plan is submitted (version 1 pending) and one
        # whose plan is approved, both in the open round; the approved one has answered.
        self.measure = self.owned_measure()
        self.submitted_ip = ImplementationPlanFactory(
            measure=self.measure,
            status=ImplementationPlan.Status.SUBMITTED,
            ordered_by=coordinator,
            expected_result="Seks boliger.",
        )
        self.version = ImplementationPlanVersion.objects.create(
            implementation_plan=self.submitted_ip,
            number=1,
            submitted_by=owner_lead,
            submitted_at=timezone.now(),
            content=implementation_plan_content(self.submitted_ip),
        )
        self.approved_measure = self.owned_measure()
        self.approved_ip = ImplementationPlanFactory(
            measure=self.approved_measure, status=ImplementationPlan.Status.APPROVED
        )
        self.round = ReportingRoundFactory(plan=self.plan, opened_by=coordinator)
        self.round.measures.set([self.measure, self.approved_measure])
        self.update = StatusUpdateFactory(
            measure=self.approved_measure,
            reporting_round=self.round,
            submitted_by=owner_lead,
            risks="Internt: mangler tomt.",
        )

        self.draft_plan = PlanFactory(status=Plan.Status.DRAFT)
        self.draft_goal = GoalFactory(plan=self.draft_plan)
        self.draft_strategy = StrategyFactory(goal=self.draft_goal)
        self.draft_measure = self.owned_measure(self.draft_strategy)

        self.report = CouncilReportFactory(
            plan=self.plan,
            status=CouncilReport.Status.READY,
            file=ContentFile(b"%PDF-1.4 rapport", name="rapport.pdf"),
            page_count=1,
        )
        self.published_report = CouncilReportFactory(
            plan=self.plan,
            status=CouncilReport.Status.READY,
            file=ContentFile(b"%PDF-1.4 publisert", name="publisert.pdf"),
            page_count=1,
            published_at=timezone.now(),
        )

    def owned_measure(self, strategy=None, **fields):
        """A measure of the owner lead's department, with the owner lead responsible."""
        return MeasureFactory(
            strategy=strategy or self.strategy,
            responsible_department=self.department,
            responsible_person=self.users["owner_lead"],
            **fields,
        )

    def __setattr__(self, name, value):
        if name in self.__dict__:
            raise AttributeError(f"World.{name} is already bound: give the new object its own name")
        super().__setattr__(name, value)

    def resolve(self, path: str):
        value = self
        for part in path.split("."):
            value = getattr(value, part)
        return value


@contextmanager
def rolled_back_world(world_class, django_db_blocker):
    """A module's world: built once, rolled back after the module's last test."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield world_class()
        transaction.set_rollback(True)
