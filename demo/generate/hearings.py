"""Generator step 4: consultees, hearings with invitations, responses and their points."""

from __future__ import annotations

import datetime as dt

from demo.dates import aware
from demo.generate.base import GENERATED, Run
from demo.generate.tables import CONSULTEE_NAMES, FIRST_NAMES, LAST_NAMES, RESPONSE_TEXTS
from hearings.models import (
    Consultee,
    ConsulteeCategory,
    Hearing,
    HearingResponse,
    Invitation,
    ResponsePoint,
)


def hearings(run: Run, *, count: int, responses: int) -> None:
    rng, today = run.rng, run.today
    consultees = run.bulk(
        Consultee,
        [
            Consultee(
                name=f"{name} ({run.label})",
                category=category,
                email=f"post{i}@{run.label}.example.no",
            )
            for i, (name, category) in enumerate(CONSULTEE_NAMES)
        ],
        "høringsinstanser",
    )
    hearings = []
    for k in range(count):
        # The newest hearing is open (a revision of the plan); the older ones are done.
        start = today - dt.timedelta(days=10 + 200 * k)
        hearings.append(
            Hearing(
                plan=run.plan if k < count - 1 or count == 1 else run.predecessor,
                title=f"Høring {k + 1}: boligpolitisk handlingsplan ({run.label})",
                text=GENERATED + "høringsbrev.",
                starts_on=start,
                ends_on=start + dt.timedelta(days=42),
                status=Hearing.Status.OPEN if k == 0 else Hearing.Status.CLOSED,
            )
        )
    hearings = run.bulk(Hearing, hearings, "høringer")
    invitations = [
        Invitation(
            hearing=h,
            consultee=c,
            status=Invitation.Status.SENT,
            sent_at=aware(h.starts_on),
        )
        for h in hearings
        for c in consultees
    ]
    run.bulk(Invitation, invitations, "invitasjoner")
    resp = []
    for hearing in hearings:
        span = (min(hearing.ends_on, today) - hearing.starts_on).days
        for _ in range(responses):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            consultee = rng.choice(consultees) if rng.random() < 0.3 else None
            received = hearing.starts_on + dt.timedelta(days=rng.randint(0, max(span, 0)))
            resp.append(
                HearingResponse(
                    hearing=hearing,
                    channel=rng.choice(list(HearingResponse.Channel)),
                    received_on=received,
                    sender_name=f"{first} {last}",
                    organisation=consultee.name if consultee else "",
                    sender_category=(consultee.category if consultee else ConsulteeCategory.PERSON),
                    consultee=consultee,
                    text=GENERATED + rng.choice(RESPONSE_TEXTS),
                    consent_to_publish_name=rng.random() < 0.7,
                    publication=rng.choice(list(HearingResponse.Publication)),
                )
            )
    resp = run.bulk(HearingResponse, resp, "høringsinnspill")
    points = []
    for response in resp:
        for number in range(1, rng.randint(1, 4) + 1):
            points.append(
                ResponsePoint(
                    response=response,
                    number=number,
                    text=rng.choice(RESPONSE_TEXTS),
                    outcome=rng.choice(list(ResponsePoint.Outcome)),
                    administration_comment=(
                        "Innspillet er vurdert i revidert plan." if rng.random() < 0.5 else ""
                    ),
                )
            )
    points = run.bulk(ResponsePoint, points, "innspillspunkter")
    Changed = ResponsePoint.measures_changed.through
    run.bulk(
        Changed,
        [
            Changed(responsepoint_id=p.pk, measure_id=rng.choice(run.measures_list).pk)
            for p in points
            if p.outcome in (ResponsePoint.Outcome.ACCEPTED, ResponsePoint.Outcome.PARTLY)
        ],
        "endrede tiltak fra høringen",
    )
