"""Factories for test data (factory_boy). Each builds a valid object with the fewest rows."""

import datetime as dt

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from bodobolig.permissions import GROUP_NAMES, Role
from hearings.models import Consultee, ConsulteeCategory, Hearing, HearingResponse
from measures.models import (
    CouncilReport,
    ImplementationActivity,
    ImplementationPlan,
    Measure,
    Notification,
    ReportingRound,
    StatusUpdate,
)
from measures.status import effective_progress
from plans.models import Department, Goal, Plan, Strategy


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="no_NO")
    last_name = factory.Faker("last_name", locale="no_NO")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.no")
    password = factory.django.Password("passord")


def make_user(role: Role | None = None, **kwargs):
    """A user in the group for `role` (None: an authenticated user with no role)."""
    user = UserFactory(**kwargs)
    if role is Role.ADMIN:
        user.is_superuser = True
        user.is_staff = True
        user.save(update_fields=["is_superuser", "is_staff"])
    elif role is not None and role is not Role.PUBLIC:
        user.groups.add(Group.objects.get_or_create(name=GROUP_NAMES[role])[0])
    return user


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    name = factory.Sequence(lambda n: f"Avdeling {n}")


def make_department_with_lead(**kwargs):
    """A department led by a new user in the lead role; returns (department, lead)."""
    lead = make_user(Role.LEAD)
    department = DepartmentFactory(lead=lead, **kwargs)
    department.members.add(lead)
    return department, lead


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    title = "Boligpolitisk handlingsplan"
    slug = factory.Sequence(lambda n: f"plan-{n}")
    municipality = "Testkommune"
    period_start = 2014
    period_end = 2017
    status = Plan.Status.ADOPTED


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    plan = factory.SubFactory(PlanFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Målområde {n}")
    statement = "Et hovedmål."


class StrategyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Strategy

    goal = factory.SubFactory(GoalFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Strategi {n}")


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure

    strategy = factory.SubFactory(StrategyFactory)
    plan = factory.LazyAttribute(lambda m: m.strategy.goal.plan)
    number = factory.Sequence(lambda n: n + 1)
    code = factory.LazyAttribute(
        lambda m: f"{m.strategy.goal.number}.{m.strategy.number}.{m.number}"
    )
    title = factory.Sequence(lambda n: f"Tiltak {n}")
    responsible_department = factory.SubFactory(DepartmentFactory)
    responsible_person = factory.SubFactory(UserFactory)
    status = Measure.Status.IN_PROGRESS
    # Status and progress agree (completed ⇒ 100, not started ⇒ 0; a CHECK constraint).
    progress = factory.LazyAttribute(lambda o: effective_progress(o.status, 40))
    # The owner has accepted the responsibility (set None for one who has not yet).
    owner_confirmed_at = factory.LazyFunction(lambda: dt.datetime.now(dt.UTC))


class ImplementationPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImplementationPlan

    measure = factory.SubFactory(MeasureFactory)
    due_date = factory.LazyFunction(lambda: dt.date.today() + dt.timedelta(days=14))


class ReportingRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportingRound

    plan = factory.SubFactory(PlanFactory)
    name = factory.Sequence(lambda n: f"Runde {n}")
    due_date = factory.LazyFunction(lambda: dt.date.today() + dt.timedelta(days=10))


class StatusUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StatusUpdate

    measure = factory.SubFactory(MeasureFactory)
    status = Measure.Status.IN_PROGRESS
    progress = factory.LazyAttribute(lambda o: effective_progress(o.status, 50))
    text = "Arbeidet går etter planen."
    submitted_at = factory.LazyFunction(lambda: dt.datetime.now(dt.UTC))


class CouncilReportFactory(factory.django.DjangoModelFactory):
    """A report row; `status`/`published_at` as given. No file unless a test renders one."""

    class Meta:
        model = CouncilReport

    plan = factory.SubFactory(PlanFactory)
    title = factory.Sequence(lambda n: f"Statusrapport {n}")
    as_of = factory.LazyFunction(dt.date.today)
    snapshot = factory.LazyFunction(dict)


class ImplementationActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImplementationActivity

    implementation_plan = factory.SubFactory(
        ImplementationPlanFactory, status=ImplementationPlan.Status.APPROVED
    )
    title = factory.Sequence(lambda n: f"Aktivitet {n}")
    due_date = factory.LazyFunction(lambda: dt.date.today() + dt.timedelta(days=30))


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    key = factory.Sequence(lambda n: f"test:{n}")
    kind = Notification.Kind.REMINDER
    recipient = factory.SubFactory(UserFactory)
    subject = "Påminnelse"
    items = factory.LazyFunction(
        lambda: [
            {"type": "measure", "id": 1, "code": "1.1.1", "title": "Tiltak", "url": "http://x/"}
        ]
    )


class HearingFactory(factory.django.DjangoModelFactory):
    """An open hearing: started a week ago, deadline in five weeks."""

    class Meta:
        model = Hearing

    plan = factory.SubFactory(PlanFactory, status=Plan.Status.HEARING)
    title = factory.Sequence(lambda n: f"Høring {n}")
    text = "Forslaget sendes på høring."
    starts_on = factory.LazyFunction(lambda: dt.date.today() - dt.timedelta(days=7))
    ends_on = factory.LazyFunction(lambda: dt.date.today() + dt.timedelta(days=35))
    status = Hearing.Status.OPEN


class ConsulteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consultee

    name = factory.Sequence(lambda n: f"Høringsinstans {n}")
    category = ConsulteeCategory.INTEREST
    email = factory.Sequence(lambda n: f"instans{n}@example.org")


class HearingResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HearingResponse

    hearing = factory.SubFactory(HearingFactory)
    channel = HearingResponse.Channel.EMAIL
    received_on = factory.LazyFunction(dt.date.today)
    sender_name = "Kari Nordmann"
    organisation = "Leieboerforeningen"
    sender_category = ConsulteeCategory.INTEREST
    text = "Vi ber om flere utleieboliger."
    publication = HearingResponse.Publication.PUBLISHED
