"""One data set for the API tests: every object the rules tell apart, users per role with
their API tokens."""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.utils import timezone

from analyses.models import Indicator, IndicatorValue
from bodobolig.permissions import Role
from hearings.models import Hearing, HearingResponse
from integrations.services import api_token_create
from measures.followup.content import implementation_plan_content
from measures.models import (
    CouncilReport,
    FundingRequest,
    ImplementationPlan,
    ImplementationPlanVersion,
    OngoingProject,
    ReportingRound,
    WorkPlanItem,
)
from plans.models import Plan, WorkPlan
from tests.factories import (
    CouncilReportFactory,
    GoalFactory,
    ImplementationActivityFactory,
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


class ApiWorld:
    def __init__(self):
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
        self.owner_lead = owner_lead
        self.tokens = {
            role: api_token_create(user=user, name="test")[1]
            for role, user in self.users.items()
            if user is not None
        }
        self.plan = PlanFactory(period_start=2024, period_end=2028, case_number="24/1234")
        self.goal = GoalFactory(plan=self.plan)
        self.strategy = StrategyFactory(goal=self.goal)

        def owned(strategy=None, **kwargs):
            return MeasureFactory(
                strategy=strategy or self.strategy,
                responsible_department=self.department,
                responsible_person=owner_lead,
                **kwargs,
            )

        # submitted (version 1 pending), approved, draft (ready to submit), none ordered yet
        self.measure = owned()
        self.submitted_ip = ImplementationPlanFactory(
            measure=self.measure,
            status=ImplementationPlan.Status.SUBMITTED,
            ordered_by=coordinator,
            expected_result="Seks boliger.",
        )
        ImplementationPlanVersion.objects.create(
            implementation_plan=self.submitted_ip,
            number=1,
            submitted_by=owner_lead,
            submitted_at=timezone.now(),
            content=implementation_plan_content(self.submitted_ip),
        )
        self.approved_measure = owned()
        self.approved_ip = ImplementationPlanFactory(
            measure=self.approved_measure, status=ImplementationPlan.Status.APPROVED
        )
        self.draft_ip_measure = owned()
        self.draft_ip = ImplementationPlanFactory(
            measure=self.draft_ip_measure,
            status=ImplementationPlan.Status.DRAFT,
            expected_result="Et resultat.",
        )
        ImplementationActivityFactory(implementation_plan=self.draft_ip, responsible=owner_lead)
        self.unplanned_measure = owned()
        self.funding = FundingRequest.objects.create(
            measure=self.measure,
            implementation_plan=self.submitted_ip,
            year=2025,
            amount=100_000,
            source=FundingRequest.Source.OPERATING,
        )
        self.approved_funding = FundingRequest.objects.create(
            measure=self.approved_measure,
            implementation_plan=self.approved_ip,
            year=2025,
            amount=50_000,
            source=FundingRequest.Source.HUSBANKEN,
        )
        self.round = ReportingRoundFactory(plan=self.plan, opened_by=coordinator)
        self.closed_round = ReportingRoundFactory(
            plan=self.plan,
            opened_by=coordinator,
            status=ReportingRound.Status.CLOSED,
            closed_at=timezone.now(),
        )
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
        self.draft_measure = owned(self.draft_strategy)

        self.indicator = Indicator.objects.create(
            code="fullforte", name="Fullførte boliger", unit="boliger", source="ssb", goal=self.goal
        )
        self.value = IndicatorValue.objects.create(indicator=self.indicator, year=2024, value=160)
        self.draft_indicator = Indicator.objects.create(
            code="utkast", name="Utkast", unit="stk", source="internal", goal=self.draft_goal
        )

        today = timezone.localdate()
        self.hearing = Hearing.objects.create(
            plan=self.plan,
            title="Høring av boligplanen",
            starts_on=today - dt.timedelta(days=10),
            ends_on=today + dt.timedelta(days=30),
            status=Hearing.Status.OPEN,
            case_number="24/1234",
        )
        self.planned_hearing = Hearing.objects.create(
            plan=self.plan,
            title="Neste høring",
            starts_on=today + dt.timedelta(days=60),
            ends_on=today + dt.timedelta(days=120),
        )
        self.published_response = HearingResponse.objects.create(
            hearing=self.hearing,
            channel=HearingResponse.Channel.WEB,
            received_on=today,
            sender_name="Boligbyggelaget",
            organisation="Boligbyggelaget",
            sender_category="interest",
            email="post@bbl.example",
            text="Vi støtter planen.",
            publication=HearingResponse.Publication.PUBLISHED,
        )
        self.pending_response = HearingResponse.objects.create(
            hearing=self.hearing,
            channel=HearingResponse.Channel.WEB,
            received_on=today,
            sender_name="Ola Privat",
            sender_category="person",
            email="ola@example.no",
            text="Et innspill.",
        )

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

        # a work plan being drafted (staff only) and a published one; a running project
        self.work_plan = WorkPlan.objects.create(
            plan=self.plan, year=2025, title="Arbeidsplan 2025"
        )
        WorkPlanItem.objects.create(
            work_plan=self.work_plan, measure=self.measure, responsible=owner_lead
        )
        self.published_work_plan = WorkPlan.objects.create(
            plan=self.plan, year=2024, title="Arbeidsplan 2024", published_at=timezone.now()
        )
        WorkPlanItem.objects.create(
            work_plan=self.published_work_plan, measure=self.measure, target="Tre boliger."
        )
        self.project = OngoingProject.objects.create(
            name="Bolig Nu", department=self.department, contact=owner_lead
        )
        self.project.measures.add(self.measure)

    def resolve(self, path: str):
        value = self
        for part in path.split("."):
            value = getattr(value, part)
        return value

    def auth(self, role: str) -> dict:
        """Headers of a request with the role's token (none for the anonymous)."""
        token = self.tokens.get(role)
        return {"HTTP_AUTHORIZATION": f"Token {token}"} if token else {}
