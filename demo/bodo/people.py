"""Step 1 of the Bodø demo: users, departments and the legal bases measures cite."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from bodobolig.permissions import GROUP_NAMES, Role
from demo.bodo.common import DEMO_PASSWORD
from demo.bodo.tables import DEPARTMENTS, LEGAL_BASES, USERS
from plans.models import Department, LegalBasis


def create_users() -> dict:
    """The demo users by username, each in the group of their role."""
    User = get_user_model()
    groups = {role: Group.objects.get_or_create(name=name)[0] for role, name in GROUP_NAMES.items()}
    users = {}
    for row in USERS:
        user = User(
            username=row["username"],
            first_name=row["first_name"],
            last_name=row["last_name"],
            email=f"{row['username']}@demo.bodo.kommune.no",
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
        user.groups.add(groups[Role(row["role"])])
        users[row["username"]] = user
    return users


def create_departments(users: dict) -> dict:
    """The departments by key, with their members and leads."""
    departments = {}
    for row in DEPARTMENTS:
        departments[row["key"]] = Department.objects.create(
            name=row["name"],
            short_name=row["short_name"],
            parent=departments.get(row.get("parent")),
            is_external=row["external"],
        )
    for row in USERS:
        if "department" not in row:
            continue
        department = departments[row["department"]]
        department.members.add(users[row["username"]])
        if row["leads"]:
            department.lead = users[row["username"]]
            department.save(update_fields=["lead"])
    return departments


def upsert_legal_bases() -> dict:
    """The legal bases by section; shared with other plans, so updated rather than replaced."""
    bases = {}
    for row in LEGAL_BASES:
        basis, _ = LegalBasis.objects.update_or_create(
            law=row["law"],
            section=row["section"],
            defaults={"short_name": row["short_name"], "summary": row["summary"]},
        )
        bases[row["section"]] = basis
    return bases
