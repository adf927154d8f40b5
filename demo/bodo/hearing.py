"""Step 5 of the Bodø demo: the hearing of the draft plan and the user-perspective meetings."""

from __future__ import annotations

import datetime as dt

from demo.bodo.common import ILLUSTRATIVE
from demo.bodo.tables import CONSULTEES, MEETINGS, PRESENTATIONS
from demo.dates import aware
from hearings.models import (
    Consultee,
    EngagementMeeting,
    Hearing,
    HearingResponse,
    Invitation,
    ResponsePoint,
)
from plans.models import Plan

# The seed gives December 2013 for the end of the hearing; both days are illustrative, and
# so is the day the invitations went out (the seed says only that they went by e-mail).
STARTS_ON = dt.date(2013, 11, 1)
ENDS_ON = dt.date(2013, 12, 16)


def create_hearing(historic: Plan) -> None:
    hearing = Hearing.objects.create(
        plan=historic,
        title="Høring: Boligpolitisk handlingsplan 2014–2017",
        text="Planen er ikke kommunedelplan og har derfor ikke formelt krav om høringsperiode "
        "etter plan- og bygningsloven. Høringsperioden ble annonsert i lokalavisen, og planen "
        "med vedlegg ble publisert på kommunens nettsider.",
        starts_on=STARTS_ON,
        ends_on=ENDS_ON,
        status=Hearing.Status.CLOSED,
        announcement=ILLUSTRATIVE + "kilden oppgir bare at høringen sluttet i desember 2013. "
        f"Høringsstart {STARTS_ON:%d.%m.%Y}, frist {ENDS_ON:%d.%m.%Y} og datoen invitasjonene "
        f"er registrert sendt ({STARTS_ON:%d.%m.%Y}) er anslått.",
    )
    consultees = [
        Consultee.objects.create(name=row["name"], category=row["category"]) for row in CONSULTEES
    ]
    council = next(c for c in consultees if c.name == "Råd for funksjonshemmede")
    Invitation.objects.bulk_create(
        Invitation(
            hearing=hearing,
            consultee=consultee,
            status=Invitation.Status.ANSWERED if consultee is council else Invitation.Status.SENT,
            sent_at=aware(STARTS_ON),  # illustrative, see the hearing's announcement
        )
        for consultee in consultees
    )
    response = HearingResponse.objects.create(
        hearing=hearing,
        channel=HearingResponse.Channel.MEETING,
        received_on=dt.date(2013, 12, 5),
        sender_name=council.name,
        organisation=council.name,
        sender_category=council.category,
        consultee=council,
        text=ILLUSTRATIVE + "Rådet ber om at boliger for unge med funksjonsnedsettelse får "
        "et eget tiltak.",
        publication=HearingResponse.Publication.PUBLISHED,
    )
    point = ResponsePoint.objects.create(
        response=response,
        number=1,
        text="Eget tiltak for boliger til unge med funksjonsnedsettelse.",
        administration_comment=ILLUSTRATIVE + "Tatt inn som tiltak 2.2.2.",
        outcome=ResponsePoint.Outcome.ACCEPTED,
    )
    point.measures_added.set(historic.measures.filter(code="2.2.2"))
    for i, title in enumerate(MEETINGS):
        EngagementMeeting.objects.create(
            plan=historic,
            held_on=dt.date(2013, 9, 2) + dt.timedelta(days=7 * i),
            title=title,
            participants=title.replace("Brukerperspektivmøte med ", ""),
            summary=ILLUSTRATIVE + "deltakere og dato er anslått; seeden oppgir ti "
            "brukerperspektivmøter.",
            is_illustrative=True,
        )
    for i, row in enumerate(PRESENTATIONS):
        EngagementMeeting.objects.create(
            plan=historic,
            kind=EngagementMeeting.Kind.PRESENTATION,
            held_on=STARTS_ON + dt.timedelta(days=7 * (i + 1)),
            title=row["title"],
            participants=row["participants"],
            summary=ILLUSTRATIVE + "datoen er anslått; seeden oppgir at prosjektleder "
            "presenterte høringsutkastet for utvalget eller rådet.",
            is_illustrative=True,
        )


# An open hearing on a fresh install, so a new user can try the public form: weeks on
# hearing, comfortably above the six-week minimum.
ILLUSTRATIVE_HEARING_WEEKS = 8


def create_illustrative_hearing(current: Plan, today: dt.date) -> Hearing:
    """An illustrative hearing of a revision of the current plan, open from `today`."""
    return Hearing.objects.create(
        plan=current,
        title=f"Høring: revisjon av {current.title} {current.period_start}–{current.period_end}",
        text=ILLUSTRATIVE + "Kommunen foreslår å revidere handlingsplanen midtveis i "
        "perioden. Høringen er laget for å vise løsningen: prøv skjemaet, men innspill her "
        "behandles ikke av kommunen.",
        starts_on=today,
        ends_on=today + dt.timedelta(weeks=ILLUSTRATIVE_HEARING_WEEKS),
        status=Hearing.Status.OPEN,
        announcement=ILLUSTRATIVE + "høringen åpner den dagen demodataene lastes.",
        is_illustrative=True,
    )
