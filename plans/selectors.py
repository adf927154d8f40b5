"""Reads of plans, filtered for the user who asks."""

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from bodobolig import permissions
from plans.models import Department, Plan, PlanDocument, PlanGroupMember


def plans_visible_to(user) -> QuerySet[Plan]:
    """The plans the user may read: staff see drafts, politicians all but drafts, the public
    the plans on hearing, adopted or completed."""
    plans = Plan.objects.all()
    if permissions.is_staff_member(user):
        return plans
    if permissions.is_politician(user):
        return plans.exclude(status=Plan.Status.DRAFT)
    return plans.filter(
        status__in=[Plan.Status.HEARING, Plan.Status.ADOPTED, Plan.Status.COMPLETED]
    )


def current_plan(user) -> Plan | None:
    """The plan the home page opens: the newest adopted one the user may read, else the newest."""
    visible = plans_visible_to(user)
    return (
        visible.filter(status=Plan.Status.ADOPTED).order_by("-period_start").first()
        or visible.order_by("-period_start").first()
    )


def department_with_children_ids(department_ids: Iterable[int]) -> set[int]:
    """The departments and every unit below them (avdeling → kontor → …)."""
    found = set(department_ids)
    frontier = set(found)
    while frontier:
        frontier = (
            set(Department.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
            - found
        )
        found |= frontier
    return found


def department_users(department: Department) -> QuerySet:
    """Members and leads of the department and of its units: who can take on an activity."""
    ids = department_with_children_ids([department.pk])
    return (
        get_user_model()
        .objects.filter(Q(departments__in=ids) | Q(led_departments__in=ids), is_active=True)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def plan_groups(plan: Plan) -> list[tuple[str, str, list]]:
    """(group value, group label, members) for the network and the steering group."""
    members = list(plan.group_members.select_related("department"))
    return [
        (value, label, [m for m in members if m.group == value])
        for value, label in PlanGroupMember.Group.choices
    ]


def documents_visible_to(user, plan: Plan) -> QuerySet[PlanDocument]:
    """Staff see every document; politicians those of plans past draft; the public those
    of adopted and completed plans."""
    documents = plan.documents.select_related("uploaded_by")
    if permissions.is_staff_member(user):
        return documents
    if permissions.is_politician(user) and plan.status != Plan.Status.DRAFT:
        return documents
    if plan.status in {Plan.Status.ADOPTED, Plan.Status.COMPLETED}:
        return documents
    return documents.none()


def department_tree() -> list[tuple[Department, int]]:
    """The municipality's own departments as (department, depth), avdeling → kontor."""
    departments = list(
        Department.objects.filter(is_external=False)
        .select_related("lead")
        .prefetch_related("members")
        .order_by("name")
    )
    children: dict[int | None, list[Department]] = {}
    for department in departments:
        children.setdefault(department.parent_id, []).append(department)
    known = {d.pk for d in departments}
    roots = [d for d in departments if d.parent_id is None or d.parent_id not in known]
    tree: list[tuple[Department, int]] = []

    def walk(department, depth):
        tree.append((department, depth))
        for child in children.get(department.pk, []):
            walk(child, depth + 1)

    for root in roots:
        walk(root, 0)
    return tree


def external_partners() -> QuerySet[Department]:
    return (
        Department.objects.filter(is_external=True)
        .select_related("lead")
        .prefetch_related("members")
        .order_by("name")
    )
