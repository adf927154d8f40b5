"""The API tests' data set: the permission tables' shared world (tests/worlds.py) with
every further object the API's rules tell apart, and each role's API token."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from analyses.models import Indicator, IndicatorValue
from hearings.models import Hearing, HearingResponse
from integrations.services import api_token_create
from measures.models import (
    FundingRequest,
    ImplementationPlan,
    OngoingProject,
    ReportingRound,
    WorkPlanItem,
)
from plans.models import WorkPlan
from tests import worlds
from tests.factories import (
    ImplementationActivityFactory,
    ImplementationPlanFactory,
    ReportingRoundFactory,
)

ROLES = worlds.ROLES


class ApiWorld(worlds.World):
    def __init__(self):
        super().__init__(period_start=2024, period_end=2028, case_number="24/1234")
        owner_lead = self.users["owner_lead"]
        self.owner_lead = owner_lead
        self.tokens = {
            role: api_token_create(user=user, name="test")[1]
            for role, user in self.users.items()
            if user is not None
        }
        # Beside the submitted and the approved one: a draft (ready to submit), none yet.
        self.draft_ip_measure = self.owned_measure()
        self.draft_ip = ImplementationPlanFactory(
            measure=self.draft_ip_measure,
            status=ImplementationPlan.Status.DRAFT,
            expected_result="Et resultat.",
        )
        ImplementationActivityFactory(implementation_plan=self.draft_ip, responsible=owner_lead)
        self.unplanned_measure = self.owned_measure()
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
        self.closed_round = ReportingRoundFactory(
            plan=self.plan,
            opened_by=self.users["coordinator"],
            status=ReportingRound.Status.CLOSED,
            closed_at=timezone.now(),
        )
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

    def auth(self, role: str) -> dict:
        """Headers of a request with the role's token (none for the anonymous)."""
        token = self.tokens.get(role)
        return {"HTTP_AUTHORIZATION": f"Token {token}"} if token else {}
