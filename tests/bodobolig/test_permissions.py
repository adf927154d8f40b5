"""The permission matrix of `bodobolig.permissions.can`: every Action × every role ×
every object the rules tell apart, with the expected answer written out as tables.

Each table is one kind of object; its columns are the object's states, its rows every
Action, and each cell names the roles that may (codes in ALLOWED). A new Action without
a row in every table fails `test_every_table_has_a_row_for_every_action`.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils import timezone

from bodobolig.permissions import Action, Role, can, role_of
from measures.models import CouncilReport, ImplementationPlan
from plans.models import Plan
from tests.factories import (
    CouncilReportFactory,
    DepartmentFactory,
    GoalFactory,
    ImplementationPlanFactory,
    MeasureFactory,
    PlanFactory,
    StrategyFactory,
    make_department_with_lead,
    make_user,
)

ROLES = [
    "public",
    "politician",
    "owner_lead",  # lead of the department that owns the measure (and its named owner)
    "member",  # a colleague in the owning department (lead role, not the department's lead)
    "delegate",  # the measure's reporting delegate, from another department
    "other_lead",  # lead of another department
    "coordinator",
    "admin",
]


def build_world():
    """Returns (users by role, objects by kind → column → object)."""
    own_department, owner_lead = make_department_with_lead()
    member = make_user(Role.LEAD)
    own_department.members.add(member)
    _other_department, other_lead = make_department_with_lead()
    delegate = make_user(Role.LEAD)
    DepartmentFactory().members.add(delegate)
    users = {
        "public": AnonymousUser(),
        "politician": make_user(Role.POLITICIAN),
        "owner_lead": owner_lead,
        "member": member,
        "delegate": delegate,
        "other_lead": other_lead,
        "coordinator": make_user(Role.COORDINATOR),
        "admin": make_user(Role.ADMIN),
    }

    plans = {status: PlanFactory(status=status) for status in Plan.Status.values}

    def measure_in(plan):
        return MeasureFactory(
            strategy=StrategyFactory(goal=GoalFactory(plan=plan)),
            responsible_department=own_department,
            responsible_person=owner_lead,
            reporting_delegate=delegate,
        )

    adopted = plans[Plan.Status.ADOPTED]
    objects = {
        "plan": {"none": None, **plans},
        "measure": {
            "adopted": measure_in(adopted),
            "draft_plan": measure_in(plans[Plan.Status.DRAFT]),
        },
        "implementation_plan": {
            status: ImplementationPlanFactory(measure=measure_in(adopted), status=status)
            for status in ImplementationPlan.Status.values
        },
        "council_report": {
            "unpublished": CouncilReportFactory(plan=adopted, status=CouncilReport.Status.READY),
            "published": _published_report(adopted),
            "published_on_hearing": _published_report(plans[Plan.Status.HEARING]),
        },
    }
    return users, objects


def _published_report(plan):
    return CouncilReportFactory(
        plan=plan, status=CouncilReport.Status.READY, published_at=timezone.now()
    )


# Who a code in the tables stands for.
ALLOWED = {
    "ALL": set(ROLES),
    "USERS": set(ROLES) - {"public"},  # anyone logged in with an active account
    "STAFF": {"owner_lead", "member", "delegate", "other_lead", "coordinator", "admin"},
    "OWNER": {"owner_lead", "member", "delegate", "coordinator", "admin"},  # owner side
    "LEADS": {"owner_lead", "member", "coordinator", "admin"},  # owner side, not the delegate
    "CO": {"coordinator", "admin"},
    "NAMED": {"owner_lead"},  # the measure's named owner only
    "-": set(),
}


def table(text: str) -> dict[str, dict[Action, str]]:
    """Parse a table: a header of columns, then `ACTION_NAME code code …` per row."""
    header, *rows = [line.split() for line in text.strip().splitlines()]
    parsed: dict[str, dict[Action, str]] = {column: {} for column in header}
    for name, *codes in rows:
        assert len(codes) == len(header), f"row {name} has {len(codes)} cells, not {len(header)}"
        for column, code in zip(header, codes, strict=True):
            assert code in ALLOWED, f"unknown code {code} in row {name}"
            parsed[column][Action[name]] = code
    return parsed


# A plan (and no object at all: the app-wide questions such as "may see the dashboard").
PLAN = table("""
                             none    draft   hearing adopted completed
VIEW                         ALL     STAFF   ALL     ALL     ALL
VIEW_INTERNAL                CO      CO      CO      CO      CO
VIEW_FOLLOW_UP               STAFF   STAFF   STAFF   STAFF   STAFF
EDIT_MEASURE                 CO      CO      CO      CO      CO
REASSIGN_OWNER               CO      CO      CO      CO      CO
DELEGATE_REPORTING           -       -       -       -       -
ORDER_IMPLEMENTATION_PLAN    CO      CO      CO      CO      CO
SUBMIT_IMPLEMENTATION_PLAN   CO      CO      CO      CO      CO
APPROVE_IMPLEMENTATION_PLAN  CO      CO      CO      CO      CO
SUBMIT_STATUS_UPDATE         CO      CO      CO      CO      CO
COMMENT                      CO      CO      CO      CO      CO
EDIT_PLAN                    CO      CO      CO      CO      CO
MANAGE_ROUNDS                CO      CO      CO      CO      CO
REOPEN_STATUS_UPDATE         CO      CO      CO      CO      CO
MANAGE_HEARING               CO      CO      CO      CO      CO
REQUEST_REPORT               CO      CO      CO      CO      CO
PUBLISH_REPORT               CO      CO      CO      CO      CO
VIEW_NOTIFICATION_LOG        USERS   USERS   USERS   USERS   USERS
VIEW_ALL_NOTIFICATIONS       CO      CO      CO      CO      CO
RESEND_NOTIFICATION          CO      CO      CO      CO      CO
EDIT_FOLLOW_UP_SETTINGS      CO      CO      CO      CO      CO
VIEW_DASHBOARD               CO      CO      CO      CO      CO
VIEW_MEASURE_LIST            STAFF   STAFF   STAFF   STAFF   STAFF
UNLOCK_SIGN_IN               CO      CO      CO      CO      CO
MANAGE_STATISTICS            CO      CO      CO      CO      CO
VIEW_EXACT_COUNTS            STAFF   STAFF   STAFF   STAFF   STAFF
CONFIRM_OWNERSHIP            -       -       -       -       -
DECIDE_FUNDING               CO      CO      CO      CO      CO
MANAGE_DEPARTMENTS           CO      CO      CO      CO      CO
VIEW_HEARING_RESPONSE_FILES  CO      CO      CO      CO      CO
MANAGE_INTEGRATIONS          USERS   USERS   USERS   USERS   USERS
EXPORT_ARCHIVE               CO      CO      CO      CO      CO
""")

# A measure of the owning department, in an adopted plan and in a draft plan.
MEASURE = table("""
                             adopted draft_plan
VIEW                         ALL     STAFF
VIEW_INTERNAL                OWNER   OWNER
VIEW_FOLLOW_UP               STAFF   STAFF
EDIT_MEASURE                 CO      CO
REASSIGN_OWNER               CO      CO
DELEGATE_REPORTING           LEADS   LEADS
ORDER_IMPLEMENTATION_PLAN    CO      CO
SUBMIT_IMPLEMENTATION_PLAN   OWNER   OWNER
APPROVE_IMPLEMENTATION_PLAN  CO      CO
SUBMIT_STATUS_UPDATE         OWNER   OWNER
COMMENT                      OWNER   OWNER
EDIT_PLAN                    CO      CO
MANAGE_ROUNDS                CO      CO
REOPEN_STATUS_UPDATE         CO      CO
MANAGE_HEARING               CO      CO
REQUEST_REPORT               CO      CO
PUBLISH_REPORT               CO      CO
VIEW_NOTIFICATION_LOG        USERS   USERS
VIEW_ALL_NOTIFICATIONS       CO      CO
RESEND_NOTIFICATION          CO      CO
EDIT_FOLLOW_UP_SETTINGS      CO      CO
VIEW_DASHBOARD               CO      CO
VIEW_MEASURE_LIST            STAFF   STAFF
UNLOCK_SIGN_IN               CO      CO
MANAGE_STATISTICS            CO      CO
VIEW_EXACT_COUNTS            STAFF   STAFF
CONFIRM_OWNERSHIP            NAMED   NAMED
DECIDE_FUNDING               CO      CO
MANAGE_DEPARTMENTS           CO      CO
VIEW_HEARING_RESPONSE_FILES  CO      CO
MANAGE_INTEGRATIONS          USERS   USERS
EXPORT_ARCHIVE               CO      CO
""")

# An implementation plan of a measure in an adopted plan, in each status. Only an
# approved one is public; every other action is asked of its measure.
IMPLEMENTATION_PLAN = table("""
                             ordered draft   submitted returned approved
VIEW                         OWNER   OWNER   OWNER   OWNER   ALL
VIEW_INTERNAL                OWNER   OWNER   OWNER   OWNER   OWNER
VIEW_FOLLOW_UP               STAFF   STAFF   STAFF   STAFF   STAFF
EDIT_MEASURE                 CO      CO      CO      CO      CO
REASSIGN_OWNER               CO      CO      CO      CO      CO
DELEGATE_REPORTING           LEADS   LEADS   LEADS   LEADS   LEADS
ORDER_IMPLEMENTATION_PLAN    CO      CO      CO      CO      CO
SUBMIT_IMPLEMENTATION_PLAN   OWNER   OWNER   OWNER   OWNER   OWNER
APPROVE_IMPLEMENTATION_PLAN  CO      CO      CO      CO      CO
SUBMIT_STATUS_UPDATE         OWNER   OWNER   OWNER   OWNER   OWNER
COMMENT                      OWNER   OWNER   OWNER   OWNER   OWNER
EDIT_PLAN                    CO      CO      CO      CO      CO
MANAGE_ROUNDS                CO      CO      CO      CO      CO
REOPEN_STATUS_UPDATE         CO      CO      CO      CO      CO
MANAGE_HEARING               CO      CO      CO      CO      CO
REQUEST_REPORT               CO      CO      CO      CO      CO
PUBLISH_REPORT               CO      CO      CO      CO      CO
VIEW_NOTIFICATION_LOG        USERS   USERS   USERS   USERS   USERS
VIEW_ALL_NOTIFICATIONS       CO      CO      CO      CO      CO
RESEND_NOTIFICATION          CO      CO      CO      CO      CO
EDIT_FOLLOW_UP_SETTINGS      CO      CO      CO      CO      CO
VIEW_DASHBOARD               CO      CO      CO      CO      CO
VIEW_MEASURE_LIST            STAFF   STAFF   STAFF   STAFF   STAFF
UNLOCK_SIGN_IN               CO      CO      CO      CO      CO
MANAGE_STATISTICS            CO      CO      CO      CO      CO
VIEW_EXACT_COUNTS            STAFF   STAFF   STAFF   STAFF   STAFF
CONFIRM_OWNERSHIP            NAMED   NAMED   NAMED   NAMED   NAMED
DECIDE_FUNDING               CO      CO      CO      CO      CO
MANAGE_DEPARTMENTS           CO      CO      CO      CO      CO
VIEW_HEARING_RESPONSE_FILES  CO      CO      CO      CO      CO
MANAGE_INTEGRATIONS          USERS   USERS   USERS     USERS    USERS
EXPORT_ARCHIVE               CO      CO      CO        CO       CO
""")

# A council report of an adopted plan, unpublished and published, and a published one
# of a plan on hearing (politicians read it, the public not yet). On a report only
# VIEW and the coordinator's actions are answered yes.
COUNCIL_REPORT = table("""
                             unpublished published published_on_hearing
VIEW                         STAFF   ALL     USERS
VIEW_INTERNAL                -       -       -
VIEW_FOLLOW_UP               -       -       -
EDIT_MEASURE                 CO      CO      CO
REASSIGN_OWNER               CO      CO      CO
DELEGATE_REPORTING           -       -       -
ORDER_IMPLEMENTATION_PLAN    CO      CO      CO
SUBMIT_IMPLEMENTATION_PLAN   -       -       -
APPROVE_IMPLEMENTATION_PLAN  CO      CO      CO
SUBMIT_STATUS_UPDATE         -       -       -
COMMENT                      -       -       -
EDIT_PLAN                    CO      CO      CO
MANAGE_ROUNDS                CO      CO      CO
REOPEN_STATUS_UPDATE         CO      CO      CO
MANAGE_HEARING               CO      CO      CO
REQUEST_REPORT               CO      CO      CO
PUBLISH_REPORT               CO      CO      CO
VIEW_NOTIFICATION_LOG        -       -       -
VIEW_ALL_NOTIFICATIONS       CO      CO      CO
RESEND_NOTIFICATION          CO      CO      CO
EDIT_FOLLOW_UP_SETTINGS      CO      CO      CO
VIEW_DASHBOARD               CO      CO      CO
VIEW_MEASURE_LIST            -       -       -
UNLOCK_SIGN_IN               CO      CO      CO
MANAGE_STATISTICS            CO      CO      CO
VIEW_EXACT_COUNTS            -       -       -
CONFIRM_OWNERSHIP            -       -       -
DECIDE_FUNDING               CO      CO      CO
MANAGE_DEPARTMENTS           CO      CO      CO
VIEW_HEARING_RESPONSE_FILES  CO      CO      CO
MANAGE_INTEGRATIONS          -       -       -
EXPORT_ARCHIVE               CO      CO      CO
""")

TABLES = {
    "plan": PLAN,
    "measure": MEASURE,
    "implementation_plan": IMPLEMENTATION_PLAN,
    "council_report": COUNCIL_REPORT,
}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """One data set for the module, rolled back after its last test."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


@pytest.mark.parametrize("kind", list(TABLES))
def test_every_table_has_a_row_for_every_action(kind):
    for column, rows in TABLES[kind].items():
        missing = sorted(a.name for a in set(Action) - set(rows))
        assert not missing, f"{kind} table, column {column}: no row for {missing}"


@pytest.mark.django_db
@pytest.mark.parametrize("kind", list(TABLES))
def test_every_table_has_a_column_for_every_object(world, kind):
    _users, objects = world
    assert list(TABLES[kind]) == list(objects[kind])


@pytest.mark.django_db
@pytest.mark.parametrize("action", list(Action), ids=str)
@pytest.mark.parametrize("kind", list(TABLES))
def test_can_answers_as_the_table_says(world, kind, action):
    users, objects = world
    wrong = []
    for column, code in ((c, rows[action]) for c, rows in TABLES[kind].items()):
        obj = objects[kind][column]
        for role in ROLES:
            expected = role in ALLOWED[code]
            if can(users[role], action, obj) is not expected:
                wrong.append(f"{role} on {kind}:{column} expected {expected}")
    assert not wrong, f"can(…, {action.name}, …): " + "; ".join(wrong)


# --- Who counts as the owner side: the cases the tables do not spell out ------------


@pytest.mark.django_db
def test_named_owner_outside_the_department_may_report():
    lead = make_user(Role.LEAD)
    measure = MeasureFactory(responsible_person=lead, responsible_department=DepartmentFactory())
    assert can(lead, Action.SUBMIT_STATUS_UPDATE, measure)
    assert not can(lead, Action.APPROVE_IMPLEMENTATION_PLAN, measure)


@pytest.mark.django_db
def test_lead_of_parent_unit_counts_as_owner_side():
    parent, parent_lead = make_department_with_lead()
    office = DepartmentFactory(parent=parent)
    measure = MeasureFactory(responsible_department=office)
    assert can(parent_lead, Action.SUBMIT_STATUS_UPDATE, measure)


@pytest.mark.django_db
def test_the_delegate_may_not_delegate_further():
    department, lead = make_department_with_lead()
    measure = MeasureFactory(responsible_department=department, reporting_delegate=lead)
    assert can(lead, Action.SUBMIT_STATUS_UPDATE, measure)
    assert not can(lead, Action.DELEGATE_REPORTING, measure)


@pytest.mark.django_db
def test_inactive_user_has_no_role():
    user = make_user(Role.COORDINATOR)
    user.is_active = False
    assert role_of(user) is Role.PUBLIC
    assert not can(user, Action.EDIT_MEASURE, MeasureFactory(plan=PlanFactory()))
    assert not can(user, Action.VIEW_NOTIFICATION_LOG)
