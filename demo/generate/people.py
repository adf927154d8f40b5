"""Generator step 1: staff, coordinators and politicians; departments with their members."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from bodobolig.permissions import GROUP_NAMES, Role
from demo.generate.base import PASSWORD, Run
from demo.generate.tables import ASCII, AVDELINGER, EXTERNAL, FIRST_NAMES, KONTOR, LAST_NAMES
from plans.models import Department


def users(run: Run, *, owners: int, departments: int) -> None:
    rng = run.rng
    User = get_user_model()
    password = make_password(PASSWORD)  # hashed once: hashing per user would dominate
    coordinators = max(2, owners // 100)
    politicians = max(3, owners // 20)
    people = []
    for index in range(owners + coordinators + politicians):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        username = f"{run.label}-{first}.{last}{index}".lower().translate(ASCII)
        people.append(
            User(
                username=username,
                first_name=first,
                last_name=last,
                email=f"{username}@generert.example.no",
                password=password,
            )
        )
    people = run.bulk(User, people, "brukere")
    run.staff = people[:owners]
    run.coordinators = people[owners : owners + coordinators]
    run.politicians = people[owners + coordinators :]
    groups = {role: Group.objects.get_or_create(name=name)[0] for role, name in GROUP_NAMES.items()}
    # Everyone on the owner side is in the lead group: the app's owner-side actions
    # (status updates, implementation plans) need that role, not only the department lead.
    Through = User.groups.through
    links = [Through(user_id=u.pk, group_id=groups[Role.LEAD].pk) for u in run.staff]
    links += [Through(user_id=u.pk, group_id=groups[Role.COORDINATOR].pk) for u in run.coordinators]
    links += [Through(user_id=u.pk, group_id=groups[Role.POLITICIAN].pk) for u in run.politicians]
    run.bulk(Through, links, "gruppemedlemskap")


def departments(run: Run, *, count: int) -> None:
    """Avdelinger (a quarter) with kontor under them, and some external partners."""
    rng = run.rng
    external = max(1, count // 10) if count >= 3 else 0
    top = max(1, (count - external) // 4)
    office = count - external - top

    def name(base_list, index):
        base = base_list[index % len(base_list)]
        round_ = index // len(base_list)
        return f"{base}{f' {round_ + 1}' if round_ else ''} ({run.label})"

    leads = iter(run.staff)
    tops = [
        Department(name=name(AVDELINGER, i), short_name=f"AVD{i + 1}", lead=next(leads))
        for i in range(top)
    ]
    tops += [
        Department(
            name=name(EXTERNAL, i), short_name=f"EXT{i + 1}", is_external=True, lead=next(leads)
        )
        for i in range(external)
    ]
    tops = run.bulk(Department, tops, "virksomheter")
    avdelinger = tops[:top]
    offices = run.bulk(
        Department,
        [
            Department(
                name=name(KONTOR, i),
                short_name=f"KTR{i + 1}",
                parent=avdelinger[i % len(avdelinger)],
                lead=next(leads),
            )
            for i in range(office)
        ],
        "virksomheter",
    )
    run.all_departments = tops + offices
    # The rest of the staff are members spread over the departments; leads are members too.
    members = {d.pk: [d.lead] for d in run.all_departments}
    for user in leads:
        members[rng.choice(run.all_departments).pk].append(user)
    run.members = members
    Through = Department.members.through
    run.bulk(
        Through,
        [Through(department_id=d, user_id=u.pk) for d, users in members.items() for u in users],
        "medlemskap",
    )
