"""Step 4 of the Bodø demo: the plans' life around the measures.

Sourced (seed: Veiviseren, «Helhetlig boligpolitisk handlingsplan», Trinn 2–6): the target
date for finishing the plan was postponed three times — in Feb. 13 to Sep. 13, in May 13 to
Dec. 13 and in Sep. 13 to Feb. 14 — and the plan was adopted in Feb. 14; NEBOS, the network
group, had members from byplankontor, boligkontor, oppvekst- og kulturavdeling, helse- og
omsorgsavdeling, samfunnskontor and Husbanken; the project leader sat at the boligkontor;
"alle hovedansvarlige har ... samtykket til sitt hovedansvar"; the work plan of 2014 (Apr. 14).
Illustrative: the people's names, the days inside a month, the work plan's lines, the plan
document's placeholder file and the one owner of the successor who has not confirmed yet.
"""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.db.models import F

from demo.bodo.common import ILLUSTRATIVE
from demo.dates import aware
from measures.models import Measure, OngoingProject, WorkPlanItem
from plans.models import PlanDocument, PlanGroupMember, PlanTargetDateChange

# (decided on, previous target, new target, the seed's words). Months only: the 1st is stored.
POSTPONEMENTS = [
    (
        dt.date(2013, 2, 1),
        dt.date(2013, 2, 1),
        dt.date(2013, 9, 1),
        "Utsatt sluttføring av boligpolitisk handlingsplan til sep. 13 (saksbeskrivelsen, trinn 4).",
    ),
    (
        dt.date(2013, 5, 1),
        dt.date(2013, 9, 1),
        dt.date(2013, 12, 1),
        "Ny utsatt sluttføring av boligpolitisk handlingsplan til des. 13 (saksbeskrivelsen, trinn 4).",
    ),
    (
        dt.date(2013, 9, 1),
        dt.date(2013, 12, 1),
        dt.date(2014, 2, 1),
        "Ytterligere utsatt sluttføring av boligpolitisk handlingsplan til feb. 14 "
        "(saksbeskrivelsen, trinn 4).",
    ),
]
NEBOS = ["byplankontoret", "boligkontoret", "oppvekst", "helse", "samfunnskontoret", "husbanken"]
NEBOS_ROLE = "Medlem av NEBOS (nettverksgruppe for boligpolitiske spørsmål)"
UNCONFIRMED_TITLE = "Bostøtteveiledning i NAV og servicetorget"
BOLIG_NU_START = dt.date(2014, 5, 5)  # sourced: Veiviseren, «Bolig Nu, Bodø»


def add_plan_life(historic, current, users: dict, departments: dict) -> None:
    _postponements(historic)
    _organisation(historic, departments)
    _owners_confirmed(historic, current)
    _work_plan_2014(historic)
    _documents(historic)
    _ongoing_projects(current, departments)


def _postponements(plan) -> None:
    PlanTargetDateChange.objects.bulk_create(
        PlanTargetDateChange(
            plan=plan, decided_on=decided, previous_date=old, new_date=new, reason=reason
        )
        for decided, old, new, reason in POSTPONEMENTS
    )
    plan.target_date = POSTPONEMENTS[-1][2]
    plan.save(update_fields=["target_date"])


def _organisation(plan, departments) -> None:
    plan.project_leader = departments["boligkontoret"].lead
    plan.save(update_fields=["project_leader"])
    PlanGroupMember.objects.bulk_create(
        PlanGroupMember(
            plan=plan,
            group=PlanGroupMember.Group.NETWORK,
            name=departments[key].lead.get_full_name(),
            department=departments[key],
            role=NEBOS_ROLE,
        )
        for key in NEBOS
    )


def _owners_confirmed(historic, current) -> None:
    # The seed: every owner consented to the responsibility before the plan was adopted.
    Measure.objects.filter(plan=historic).update(owner_confirmed_at=aware(dt.date(2014, 2, 1)))
    # The successor's owners confirmed when their measure was carried over, but one.
    Measure.objects.filter(plan=current).exclude(title=UNCONFIRMED_TITLE).update(
        owner_confirmed_at=F("created_at")
    )
    Measure.objects.filter(plan=current, title=UNCONFIRMED_TITLE).update(owner_confirmed_at=None)


def _work_plan_2014(plan) -> None:
    work_plan = plan.work_plans.get(year=2014)
    work_plan.published_at = aware(dt.date(2014, 4, 30))
    work_plan.description = (
        "Boligpolitisk arbeidsplan 2014 (saksbeskrivelsen, trinn 6: apr. 14). "
        + ILLUSTRATIVE
        + "linjene under, med ansvarlig, kvartal og tilstand."
    )
    work_plan.save(update_fields=["published_at", "description"])
    items = list(work_plan.items.select_related("measure"))
    for n, item in enumerate(items):
        item.responsible_id = item.measure.responsible_person_id
        item.quarter = n % 4 + 1
        item.state = WorkPlanItem.State.DONE if n % 3 else WorkPlanItem.State.IN_PROGRESS
    WorkPlanItem.objects.bulk_update(items, ["responsible", "quarter", "state"])


def _documents(plan) -> None:
    document = PlanDocument(
        plan=plan,
        title="Boligpolitisk handlingsplan 2014–2017 (vedtatt av bystyret 13.02.2014)",
        kind=PlanDocument.Kind.PLAN_TEXT,
        document_date=dt.date(2014, 2, 13),
    )
    document.file.save(
        "boligpolitisk-handlingsplan-2014-2017.txt",
        ContentFile(
            (
                ILLUSTRATIVE + "plandokumentet selv er ikke lastet opp i demoen. Planen ble "
                "vedtatt av bystyret 13. februar 2014 (Veiviseren, «Helhetlig boligpolitisk "
                "handlingsplan»).\n"
            ).encode()
        ),
        save=True,
    )


def _ongoing_projects(current, departments) -> None:
    project = OngoingProject.objects.create(
        name="Bolig Nu (tjeneste i drift)",
        department=departments["nav"],
        start=BOLIG_NU_START,
        contact=departments["nav"].lead,
        description="Midlertidig bolig med oppfølging, i drift siden 5. mai 2014 "
        "(Veiviseren, «Bolig Nu, Bodø»).",
    )
    project.measures.set(Measure.objects.filter(plan=current, title__startswith="Bolig Nu"))


def delete_plan_life(plans) -> None:
    """What the plans' cascade leaves: the demo's project (it protects its department) and
    the stored files of the plan documents."""
    OngoingProject.objects.filter(name="Bolig Nu (tjeneste i drift)").delete()
    for document in PlanDocument.objects.filter(plan__in=plans):
        document.file.delete(save=False)
