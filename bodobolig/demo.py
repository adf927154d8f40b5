"""The Bodø demo: the 2014–2017 plan as the sources describe it, and an illustrative successor.

Facts (goal statements, process steps, departments, consultees, Bolig Nu,
Foyer Bodø, the 160-against-300–400 baseline, population figures) come from
the case description and the sources listed in shared/DOMAIN.md. Everything
the sources do not give — the exact numbered strategies and measures, owners'
names, dates inside a month, the successor plan — is marked illustrative in
the data itself ("Illustrativt eksempel").

The follow-up state of the successor plan is laid relative to the day the demo
is loaded, so the dashboard, reminders and reports have real work to show.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from analyses.models import Analysis, Challenge, Indicator, IndicatorTarget, IndicatorValue
from bodobolig.permissions import GROUP_NAMES, Role
from hearings.models import (
    Consultee,
    ConsulteeCategory,
    EngagementMeeting,
    Hearing,
    HearingResponse,
    Invitation,
    ResponsePoint,
)
from measures.models import (
    Comment,
    FollowUpSettings,
    FundingRequest,
    ImplementationActivity,
    ImplementationPlan,
    ImplementationPlanVersion,
    Measure,
    MeasureStatus,
    ReportingRound,
    StatusUpdate,
    WorkPlanItem,
)
from plans.models import Department, Goal, LegalBasis, Milestone, Plan, Strategy, WorkPlan

DEMO_PASSWORD = "bolig2014"
ILLUSTRATIVE = "Illustrativt eksempel: "
HISTORIC_SLUG = "boligpolitisk-handlingsplan-2014-2017"
CURRENT_SLUG = "boligpolitisk-handlingsplan-videreforing"

# -- Facts from the seed ---------------------------------------------------------------------

GOALS = [
    (
        1,
        "Generell boligutvikling",
        "Boligutviklingen i Bodø følger befolkningens boligbehov med tanke på antall boliger, "
        "type boliger som bygges og lokalisering av nye boliger. Boligutviklingen skal bidra til "
        "gode bomiljø og underbygge et folkeperspektiv og en helhetlig og bærekraftig areal-, "
        "miljø-, transport- og energiplanlegging.",
    ),
    (2, "Boligsosiale forhold", "Økt bosetting av vanskeligstilte på boligmarkedet i egnet bolig"),
    (
        3,
        "Organisering, samarbeid og kompetanse",
        "Bodø kommune har en organisering av det boligpolitiske arbeidet som styrker kommunens "
        "rolle som premissgiver og tilrettelegger i boligutviklingen.",
    ),
]

CHALLENGES = {
    1: [
        "Det ble bygget for lite boliger, 160 årlig mot behov på 3-400.",
        "Ingen klar kommunal strategi for boligutviklingen.",
        "Ikke sammenheng eller bredde i bruk av økonomiske virkemidler.",
        "Få boligleverandører/boligprodusenter/boligaktører i markedet; behov for økt "
        "samhandling mellom kommune og boligaktørene.",
        "Behov for egnede leieboliger for studenter, vanskeligstilte, eldre, unge og tilflyttere "
        "samt i utkantene/distriktene i kommunen.",
        "Usikkert om boligene som ble bygget i markedet svarte på innbyggernes behov.",
        "Lite kommunal styring på hvilke typer boliger som ble bygget i det private boligmarkedet.",
    ],
    2: [
        "Press på kommunale boliger.",
        "Egnet bolig (funksjon, oppfølging, bomiljø).",
        "Rus, rus/psykiatri, flyktninger.",
        "Unge funksjonshemmede.",
        "Bostedsløshet, midlertidig bolig.",
    ],
    3: [
        "Fragmentert forvaltning.",
        "Uklar ansvar- og oppgavefordeling.",
        "Behov for bedre analyse.",
    ],
}

# (step, step title, date, precision, event) — "Feb. 11" etc. from the seed; day is the 1st.
MILESTONES = [
    (1, "Partnerskapsavtale Husbanken", (2011, 2), "Vedtak bystyret om inngåelse"),
    (1, "Partnerskapsavtale Husbanken", (2011, 5), "Partnerskapsavtale inngått"),
    (
        2,
        "Organisering av boligpolitisk arbeid",
        (2011, 9),
        "Etablering av nettverksgruppe for boligpolitiske spørsmål (NEBOS)",
    ),
    (
        2,
        "Organisering av boligpolitisk arbeid",
        (2011, 10),
        "Prosjektleder for prosjekt boligpolitisk handlingsplan ansatt (ved boligkontoret)",
    ),
    (3, "Prosjekt boligpolitisk handlingsplan", (2012, 2), "Boligpolitisk arbeidsplan 2012"),
    (
        3,
        "Prosjekt boligpolitisk handlingsplan",
        (2012, 2),
        "Prosjektplan boligpolitisk handlingsplan",
    ),
    (
        4,
        "Justeringer",
        (2012, 4),
        "Søknad på prosjekt «boligsosial utviklingsarena» sendt Husbanken",
    ),
    (4, "Justeringer", (2012, 9), "Prosjektleder overført samfunnskontoret"),
    (4, "Justeringer", (2013, 2), "Boligpolitisk arbeidsplan 2013"),
    (4, "Justeringer", (2013, 2), "Utsatt sluttføring av boligpolitisk handlingsplan til sep. 13"),
    (
        4,
        "Justeringer",
        (2013, 5),
        "Ny utsatt sluttføring av boligpolitisk handlingsplan til des. 13",
    ),
    (
        4,
        "Justeringer",
        (2013, 9),
        "Ytterligere utsatt sluttføring av boligpolitisk handlingsplan til feb. 14",
    ),
    (5, "Sluttføring BPHP", (2013, 10), "Boliganalysene ferdigstilt"),
    (5, "Sluttføring BPHP", (2013, 10), "Mål, strategier og tiltak forankret linjeledelse"),
    (5, "Sluttføring BPHP", (2013, 12), "Ekstern/intern høring slutt"),
    (5, "Sluttføring BPHP", (2014, 1), "Endelig plan forankret linjeledelse og styringsgruppe"),
    (6, "Vedtak og gjennomføring", (2014, 2), "Vedtak i bystyret"),
    (6, "Vedtak og gjennomføring", (2014, 2), "Boligkoordinator ansatt samfunnskontoret"),
    (6, "Vedtak og gjennomføring", (2014, 4), "Boligpolitisk arbeidsplan 2014"),
    (6, "Vedtak og gjennomføring", (2014, 7), "Gjennomføringsplan strategier og tiltak"),
]

LEGAL_BASES = [
    (
        "Lov om folkehelsearbeid",
        "Folkehelseloven",
        "§ 5",
        "Kommunens oversikt over helsetilstand og påvirkningsfaktorer.",
    ),
    (
        "Lov om folkehelsearbeid",
        "Folkehelseloven",
        "§ 7",
        "Folkehelsetiltak; bolig er nevnt som en av påvirkningsfaktorene.",
    ),
    (
        "Lov om sosiale tjenester i arbeids- og velferdsforvaltningen",
        "Sosialtjenesteloven",
        "§ 15",
        "Kommunen skal medvirke til å skaffe boliger til vanskeligstilte.",
    ),
    (
        "Lov om sosiale tjenester i arbeids- og velferdsforvaltningen",
        "Sosialtjenesteloven",
        "§ 27",
        "Plikt til å finne midlertidig botilbud.",
    ),
    (
        "Lov om kommunale helse- og omsorgstjenester",
        "Helse- og omsorgstjenesteloven",
        "§ 3-2",
        "Personlig assistanse, praktisk bistand, opplæring og støttekontakt.",
    ),
    (
        "Lov om kommunale helse- og omsorgstjenester",
        "Helse- og omsorgstjenesteloven",
        "§ 3-7",
        "Kommunen skal medvirke til å skaffe boliger til personer som ikke selv kan ivareta "
        "sine interesser på boligmarkedet.",
    ),
    (
        "Lov om planlegging og byggesaksbehandling",
        "Plan- og bygningsloven",
        "§ 1-1",
        "Bærekraftig utvikling, gode bomiljøer og gode oppvekst- og levekår.",
    ),
]

CONSULTEES = [
    ("Levekårskomiteen", ConsulteeCategory.COMMITTEE),
    ("Komité for plan, næring og miljø", ConsulteeCategory.COMMITTEE),
    ("Eldrerådet", ConsulteeCategory.COUNCIL),
    ("Råd for funksjonshemmede", ConsulteeCategory.COUNCIL),
    ("Ruspolitisk råd", ConsulteeCategory.COUNCIL),
    ("Kommunedelsutvalgene (samtlige)", ConsulteeCategory.COMMITTEE),
    ("Husbanken region Bodø", ConsulteeCategory.PUBLIC_BODY),
    ("NAV Bodø", ConsulteeCategory.PUBLIC_BODY),
]

# -- Departments and people ------------------------------------------------------------------

# (key, name, short name, parent key, external)
DEPARTMENTS = [
    ("plan_samfunn", "Plan- og samfunnsseksjonen", "PLS", None, False),
    ("samfunnskontoret", "Samfunnskontoret", "SK", "plan_samfunn", False),
    ("byplankontoret", "Byplankontoret", "BPK", None, False),
    ("boligkontoret", "Boligkontoret", "BK", None, False),
    ("oppvekst", "Oppvekst- og kulturavdelingen", "OKA", None, False),
    ("helse", "Helse- og omsorgsavdelingen", "HOA", None, False),
    ("nav", "NAV Bodø", "NAV", None, True),
    ("husbanken", "Husbanken", "HB", None, True),
]

# (username, first, last, role, department key, leads it)
USERS = [
    ("koordinator", "Kari", "Koordinator", Role.COORDINATOR, "samfunnskontoret", False),
    ("leder", "Lars", "Leder", Role.LEAD, "helse", True),
    ("politiker", "Pia", "Politiker", Role.POLITICIAN, None, False),
    ("demo-byplan", "Berit", "Byplan", Role.LEAD, "byplankontoret", True),
    ("demo-bolig", "Bjørn", "Boligkontor", Role.LEAD, "boligkontoret", True),
    ("demo-oppvekst", "Olav", "Oppvekst", Role.LEAD, "oppvekst", True),
    ("demo-samfunn", "Siri", "Samfunn", Role.LEAD, "samfunnskontoret", True),
    ("demo-nav", "Nina", "Nav", Role.LEAD, "nav", True),
    ("demo-husbanken", "Hans", "Husbanken", Role.LEAD, "husbanken", True),
    ("demo-helse-radgiver", "Hilde", "Helse", Role.LEAD, "helse", False),
]

# -- Strategies and measures (illustrative where the sources give no list) -------------------

# Goal number → [(strategy title, [(measure title, description, dept key, owner, extras)])].
# `extras` keys: "historic" (status, progress in the 2014–2017 plan), "carry" (carried over),
# "real" (text from a source instead of the illustrative label), "bases" (legal-basis sections),
# "challenges" (indexes into CHALLENGES[goal]).
STRATEGIES = {
    1: [
        (
            "Sikre nok boliger gjennom planlegging og tomtepolitikk",
            [
                (
                    "Boligbyggeprogram med årlige plantall",
                    "Årlig boligbyggeprogram som viser planlagte og realiserte boliger per bydel.",
                    "byplankontoret",
                    "demo-byplan",
                    {
                        "historic": ("completed", 100),
                        "carry": True,
                        "challenges": [0, 1],
                        "bases": ["§ 1-1"],
                    },
                ),
                (
                    "Kartlegge kommunale tomteressurser for boligformål",
                    "Oversikt over kommunale tomter som kan brukes til boligbygging.",
                    "byplankontoret",
                    "demo-byplan",
                    {"historic": ("completed", 100), "challenges": [0]},
                ),
                (
                    "Boligpolitiske føringer i kommuneplanens arealdel",
                    "Innarbeide boligpolitiske hensyn i arealdelen.",
                    "byplankontoret",
                    "demo-byplan",
                    {"historic": ("completed", 100), "challenges": [1, 6]},
                ),
            ],
        ),
        (
            "Styre boligtyper etter befolkningens behov",
            [
                (
                    "Krav til variasjon i boligtyper i reguleringsplaner",
                    "Veileder for boligsammensetning i nye reguleringsplaner.",
                    "byplankontoret",
                    "demo-byplan",
                    {"historic": ("in_progress", 60), "carry": True, "challenges": [5, 6]},
                ),
                (
                    "Utleieboliger for studenter og unge i etableringsfasen",
                    "Samarbeid med utbyggere om rimelige utleieboliger.",
                    "boligkontoret",
                    "demo-bolig",
                    {"historic": ("postponed", 20), "challenges": [4]},
                ),
            ],
        ),
        (
            "Samhandling med boligaktørene",
            [
                (
                    "Årlig boligpolitisk forum med utbyggere",
                    "Fast møteplass mellom kommunen og boligaktørene.",
                    "samfunnskontoret",
                    "demo-samfunn",
                    {"historic": ("completed", 100), "carry": True, "challenges": [3]},
                ),
                (
                    "Tilvisningsavtaler med private utleiere",
                    "Avtaler om kommunal tildelingsrett til boliger finansiert med grunnlån.",
                    "boligkontoret",
                    "demo-bolig",
                    {"historic": ("in_progress", 40), "carry": True, "challenges": [2, 4]},
                ),
            ],
        ),
    ],
    2: [
        (
            "Forebygge bostedsløshet og redusere bruk av midlertidig bolig",
            [
                (
                    "Bolig Nu – midlertidig bolig med oppfølging",
                    "Midlertidig bolig med oppfølging for bostedsløse enslige voksne, drevet sammen med "
                    "NAV Bodø. Åpnet 5. mai 2014 i Kongensgate 60 med 7 hybler og felles stue/kjøkken; "
                    "opphold inntil 3 måneder; 3,5 årsverk. Fra start til 30.4.2016: 123 brukere, 40 til "
                    "privat leie, 2 kjøpte egen bolig, 13 til kommunal bolig. Driftsbudsjett 2,88 mill. kr "
                    "(2015). Kilde: Veiviseren, «Bolig Nu, Bodø».",
                    "nav",
                    "demo-nav",
                    {
                        "real": True,
                        "historic": ("completed", 100),
                        "bases": ["§ 27", "§ 15"],
                        "challenges": [4],
                    },
                ),
                (
                    "Foyer Bodø – bolig og koordinator for unge",
                    "Bolig med koordinator for sårbare unge 16–23 år som er eller står i fare for å bli "
                    "bostedsløse, knyttet til barneverntjenesten; 1–3 år, med mål om egen bolig og arbeid, "
                    "læreplass eller utdanning innen tre år. Første Foyer i Norge; Fornyingsprisen 2016 "
                    "(Fylkesmannen i Nordland). Kilde: Veiviseren, «Foyer Bodø».",
                    "oppvekst",
                    "demo-oppvekst",
                    {
                        "real": True,
                        "historic": ("in_progress", 80),
                        "carry": True,
                        "bases": ["§ 15"],
                        "challenges": [3, 4],
                    },
                ),
                (
                    "Bostedsløse med rus/psykiatri: bolig med heldøgns oppfølging",
                    "Egnet bolig med oppfølging for personer med langvarige rusproblemer.",
                    "helse",
                    "leder",
                    {
                        "historic": ("in_progress", 30),
                        "carry": True,
                        "bases": ["§ 3-7", "§ 3-2"],
                        "challenges": [2, 4],
                    },
                ),
            ],
        ),
        (
            "Flere egnede kommunale boliger",
            [
                (
                    "Kjøp av kommunale utleieboliger med tilskudd fra Husbanken",
                    "Øke boligmassen med egnede boliger spredt i ordinære bomiljø.",
                    "boligkontoret",
                    "demo-bolig",
                    {"historic": ("in_progress", 50), "carry": True, "challenges": [0, 1]},
                ),
                (
                    "Boliger for unge med funksjonsnedsettelse",
                    "Tilrettelagte boliger med tjenester for unge funksjonshemmede.",
                    "helse",
                    "leder",
                    {
                        "historic": ("planned", 10),
                        "carry": True,
                        "bases": ["§ 3-7"],
                        "challenges": [3],
                    },
                ),
            ],
        ),
        (
            "Fra leie til eie",
            [
                (
                    "Økt bruk av startlån til vanskeligstilte",
                    "Startlån som virkemiddel for å gå fra leie til eie.",
                    "nav",
                    "demo-nav",
                    {"historic": ("completed", 100), "challenges": [0]},
                ),
                (
                    "Leie-til-eie-modell etter mønster fra Sandnes",
                    "Leie i 3 eller 5 år, kjøp til opprinnelig pris.",
                    "boligkontoret",
                    "demo-bolig",
                    {"historic": ("not_started", 0), "carry": True, "challenges": [0]},
                ),
            ],
        ),
        (
            "Bosetting av flyktninger i egnet bolig",
            [
                (
                    "Bosettingsplan for flyktninger med boligtiltak",
                    "Sikre egnet bolig ved bosetting av flyktninger.",
                    "helse",
                    "leder",
                    {"historic": ("cancelled", 0), "challenges": [2]},
                ),
            ],
        ),
    ],
    3: [
        (
            "Tydelig ansvar og koordinering",
            [
                (
                    "Boligkoordinator ved plan- og samfunnsseksjonen",
                    "Dedikert ressurs som følger opp hovedansvarlige og planens tiltak.",
                    "samfunnskontoret",
                    "demo-samfunn",
                    {"real": True, "historic": ("completed", 100), "challenges": [0, 1]},
                ),
                (
                    "Gjennomføringsplan for hvert tiltak",
                    "Hovedansvarlige utarbeider gjennomføringsplan for sine tiltak.",
                    "samfunnskontoret",
                    "demo-samfunn",
                    {"historic": ("completed", 100), "challenges": [1]},
                ),
            ],
        ),
        (
            "Bedre kunnskapsgrunnlag",
            [
                (
                    "Årlig oppdatering av boliganalysene",
                    "Oppdatere generell og boligsosial analyse med tall fra SSB og KOSTRA.",
                    "samfunnskontoret",
                    "koordinator",
                    {"historic": ("in_progress", 70), "carry": True, "challenges": [2]},
                ),
                (
                    "Individkartlegging av vanskeligstilte på boligmarkedet",
                    "Felles kartlegging i NAV, helse og omsorg og boligkontoret.",
                    "helse",
                    "leder",
                    {"historic": ("postponed", 30), "carry": True, "challenges": [2]},
                ),
            ],
        ),
        (
            "Samarbeid med Husbanken og partnere",
            [
                (
                    "Partnerskapsavtale og årlig arbeidsplan med Husbanken",
                    "Videreføre samarbeidet under Husbankens kommuneprogram.",
                    "samfunnskontoret",
                    "demo-samfunn",
                    {"historic": ("completed", 100), "challenges": [0]},
                ),
                (
                    "Felles boligsosialt team på tvers av avdelingene",
                    "Tverrfaglig team mot fragmentert forvaltning.",
                    "helse",
                    "leder",
                    {"historic": ("in_progress", 50), "carry": True, "challenges": [0]},
                ),
            ],
        ),
    ],
}

MEETINGS = [
    "Brukerperspektivmøte med Mental Helse",
    "Brukerperspektivmøte med Rusmisbrukernes interesseorganisasjon",
    "Brukerperspektivmøte med Funksjonshemmedes fellesorganisasjon",
    "Brukerperspektivmøte med Eldrerådet",
    "Brukerperspektivmøte med ungdomsrådet",
    "Brukerperspektivmøte med studentsamskipnaden",
    "Brukerperspektivmøte med flyktningtjenesten og bosatte flyktninger",
    "Brukerperspektivmøte med leietakere i kommunale boliger",
    "Brukerperspektivmøte med Kirkens Bymisjon",
    "Brukerperspektivmøte med pårørendeorganisasjoner",
]


@dataclass
class DemoResult:
    plans: int
    measures: int
    users: int


def _month(year: int, month: int) -> dt.date:
    return dt.date(year, month, 1)


def _aware(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@transaction.atomic
def load_demo(*, today: dt.date | None = None) -> DemoResult:
    """Replace the demo data with a fresh copy; other data is left alone."""
    today = today or timezone.localdate()
    _delete_demo()
    users = _users()
    departments = _departments(users)
    bases = _legal_bases()
    historic = _historic_plan(users, departments, bases)
    current = _current_plan(historic, users, departments, today)
    _analyses(historic)
    _hearing(historic, departments)
    FollowUpSettings.load()
    return DemoResult(
        plans=2,
        measures=Measure.objects.filter(plan__in=[historic, current]).count(),
        users=len(users),
    )


def _delete_demo() -> None:
    User = get_user_model()
    plans = Plan.objects.filter(slug__in=[CURRENT_SLUG, HISTORIC_SLUG])
    # The successor first: it points at the historic plan and carries its measures over.
    for slug in (CURRENT_SLUG, HISTORIC_SLUG):
        for plan in plans.filter(slug=slug):
            plan.council_reports.all().delete()
            StatusUpdate.objects.filter(measure__plan=plan).delete()
            ReportingRound.objects.filter(plan=plan).delete()
            Measure.objects.filter(plan=plan).delete()
            plan.delete()
    Analysis.objects.filter(title__in=[a[1] for a in ANALYSES]).delete()
    Indicator.objects.filter(code__in=[i[0] for i in INDICATORS]).delete()
    Consultee.objects.filter(name__in=[c[0] for c in CONSULTEES]).delete()
    User.objects.filter(username__in=[u[0] for u in USERS]).delete()
    names = [d[1] for d in DEPARTMENTS]
    Department.objects.filter(name__in=names, parent__isnull=False).delete()
    Department.objects.filter(name__in=names).delete()


def _users() -> dict:
    User = get_user_model()
    groups = {role: Group.objects.get_or_create(name=name)[0] for role, name in GROUP_NAMES.items()}
    users = {}
    for username, first, last, role, _dept, _leads in USERS:
        user = User(
            username=username,
            first_name=first,
            last_name=last,
            email=f"{username}@demo.bodo.kommune.no",
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
        user.groups.add(groups[role])
        users[username] = user
    return users


def _departments(users: dict) -> dict:
    departments = {}
    for key, name, short, parent, external in DEPARTMENTS:
        departments[key] = Department.objects.create(
            name=name, short_name=short, parent=departments.get(parent), is_external=external
        )
    for username, _first, _last, _role, dept_key, leads in USERS:
        if dept_key is None:
            continue
        dept = departments[dept_key]
        dept.members.add(users[username])
        if leads:
            dept.lead = users[username]
            dept.save(update_fields=["lead"])
    return departments


def _legal_bases() -> dict:
    bases = {}
    for law, short, section, summary in LEGAL_BASES:
        basis, _ = LegalBasis.objects.update_or_create(
            law=law, section=section, defaults={"short_name": short, "summary": summary}
        )
        bases[section] = basis
    return bases


def _goals_and_strategies(plan: Plan) -> dict:
    strategies = {}
    for number, title, statement in GOALS:
        goal = Goal.objects.create(plan=plan, number=number, title=title, statement=statement)
        for s_number, (s_title, _measures) in enumerate(STRATEGIES[number], start=1):
            strategies[(number, s_number)] = Strategy.objects.create(
                goal=goal,
                number=s_number,
                title=s_title,
                description=ILLUSTRATIVE + "strategien er formulert for demoen.",
            )
    return strategies


def _measure_text(description: str, extras: dict) -> str:
    return description if extras.get("real") else ILLUSTRATIVE + description


def _historic_plan(users, departments, bases) -> Plan:
    plan = Plan.objects.create(
        slug=HISTORIC_SLUG,
        title="Boligpolitisk handlingsplan",
        municipality="Bodø kommune",
        period_start=2014,
        period_end=2017,
        status=Plan.Status.COMPLETED,
        adopted_on=dt.date(2014, 2, 13),
        adopted_by="Bystyret",
        summary="Bodøs første helhetlige plan for boligpolitikken. Den omfatter generell "
        "boligutvikling, boligsosiale utfordringer og organisering, og skal styrke kommunens "
        "rolle som premissgiver og aktiv tilrettelegger for boligutviklingen.",
    )
    for step, step_title, (year, month), title in MILESTONES:
        Milestone.objects.create(
            plan=plan, step=step, step_title=step_title, date=_month(year, month), title=title
        )
    strategies = _goals_and_strategies(plan)
    for goal in plan.goals.all():
        for text in CHALLENGES[goal.number]:
            Challenge.objects.create(
                goal=goal,
                area=_AREA[goal.number],
                title=text,
                evidence="Kilde: saksbeskrivelsen (Veiviseren).",
            )
    challenges = {goal.number: list(goal.challenges.order_by("id")) for goal in plan.goals.all()}
    work_plan = WorkPlan.objects.create(
        plan=plan,
        year=2014,
        title="Boligpolitisk arbeidsplan 2014",
        description="Vedtatt april 2014 (prosessteg 6).",
    )
    for (g_number, s_number), strategy in strategies.items():
        for m_number, (title, description, dept, owner, extras) in enumerate(
            STRATEGIES[g_number][s_number - 1][1], start=1
        ):
            status, progress = extras["historic"]
            measure = Measure.objects.create(
                plan=plan,
                strategy=strategy,
                number=m_number,
                code=f"{g_number}.{s_number}.{m_number}",
                title=title,
                description=_measure_text(description, extras),
                responsible_department=departments[dept],
                responsible_person=users[owner],
                status=status,
                progress=progress,
                planned_start=dt.date(2014, 5, 5) if "Bolig Nu" in title else dt.date(2014, 3, 1),
                planned_end=dt.date(2017, 12, 31),
                is_illustrative=not extras.get("real"),
                last_reported_at=_aware(dt.date(2017, 11, 15)),
            )
            measure.legal_bases.set([bases[s] for s in extras.get("bases", [])])
            measure.challenges.set([challenges[g_number][i] for i in extras.get("challenges", [])])
            if status != MeasureStatus.CANCELLED:
                WorkPlanItem.objects.create(
                    work_plan=work_plan,
                    measure=measure,
                    target=ILLUSTRATIVE + "årets mål settes i arbeidsplanen.",
                )
            StatusUpdate.objects.create(
                measure=measure,
                status=status,
                progress=progress,
                text=ILLUSTRATIVE + "sluttstatus for planperioden 2014–2017.",
                submitted_by=users[owner],
                submitted_at=_aware(dt.date(2017, 11, 15)),
            )
    bolig_nu = plan.measures.get(title__startswith="Bolig Nu")
    FundingRequest.objects.create(
        measure=bolig_nu,
        year=2015,
        amount=Decimal("2880000"),
        granted_amount=Decimal("2880000"),
        source=FundingRequest.Source.OPERATING,
        status=FundingRequest.Status.GRANTED,
        decision_body="Bystyret (budsjett 2015)",
    )
    return plan


_AREA = {1: Challenge.Area.GENERAL, 2: Challenge.Area.SOCIAL, 3: Challenge.Area.ORGANISATION}


def _current_plan(historic: Plan, users, departments, today: dt.date) -> Plan:
    """An illustrative successor that carries the unfinished measures, with live follow-up."""
    start_year = today.year - 1
    plan = Plan.objects.create(
        slug=CURRENT_SLUG,
        title="Boligpolitisk handlingsplan (illustrativ videreføring)",
        municipality="Bodø kommune",
        period_start=start_year,
        period_end=start_year + 3,
        status=Plan.Status.ADOPTED,
        adopted_on=dt.date(start_year, 2, 13),
        adopted_by="Bystyret",
        predecessor=historic,
        is_illustrative=True,
        summary=ILLUSTRATIVE + "en tenkt videreføring av planen for 2014–2017 som viderefører "
        "de uferdige tiltakene, slik at oppfølgingen i løsningen har levende data. Målområdene "
        "er de samme som i den vedtatte planen.",
    )
    strategies = _goals_and_strategies(plan)
    coordinator = users["koordinator"]
    year_start = dt.date(start_year, 3, 1)
    measures = []
    for old in historic.measures.select_related("strategy__goal").order_by("code"):
        g_number, s_number = old.strategy.goal.number, old.strategy.number
        extras = STRATEGIES[g_number][s_number - 1][1][old.number - 1][4]
        if not extras.get("carry"):
            continue
        measure = Measure.objects.create(
            plan=plan,
            strategy=strategies[(g_number, s_number)],
            number=old.number,
            code=old.code,
            title=old.title,
            description=old.description,
            responsible_department=old.responsible_department,
            responsible_person=old.responsible_person,
            status=MeasureStatus.IN_PROGRESS,
            progress=max(old.progress - 40, 10),
            planned_start=year_start,
            planned_end=dt.date(start_year + 3, 12, 31),
            carried_over_from=old,
            is_illustrative=True,
            last_reported_at=_aware(today - dt.timedelta(days=40)),
        )
        measure.legal_bases.set(old.legal_bases.all())
        measure.challenges.set(old.challenges.all())
        measures.append(measure)
    # A new measure of this period, not yet started.
    new = Measure.objects.create(
        plan=plan,
        strategy=strategies[(2, 1)],
        number=9,
        code="2.1.9",
        title="Bostøtteveiledning i NAV og servicetorget",
        description=ILLUSTRATIVE + "veiledning om statlig bostøtte for husstander med lav inntekt.",
        responsible_department=departments["nav"],
        responsible_person=users["demo-nav"],
        planned_start=today + dt.timedelta(days=30),
        planned_end=dt.date(start_year + 3, 6, 30),
        is_illustrative=True,
    )
    measures.append(new)
    by_title = {m.title.split(" – ")[0]: m for m in measures}

    # Varied states: stale, postponed, completed.
    stale = by_title["Individkartlegging av vanskeligstilte på boligmarkedet"]
    stale.last_reported_at = _aware(today - dt.timedelta(days=150))
    stale.status, stale.progress = MeasureStatus.POSTPONED, 30
    stale.save(update_fields=["last_reported_at", "status", "progress"])
    done = by_title["Årlig boligpolitisk forum med utbyggere"]
    done.status, done.progress = MeasureStatus.COMPLETED, 100
    done.save(update_fields=["status", "progress"])
    planned = by_title["Leie-til-eie-modell etter mønster fra Sandnes"]
    planned.status, planned.progress = MeasureStatus.PLANNED, 5
    planned.save(update_fields=["status", "progress"])

    # Implementation plans in every state, due dates relative to today.
    def order(measure, due_in_days, status, **fields):
        ip = ImplementationPlan.objects.create(
            measure=measure,
            status=status,
            ordered_by=coordinator,
            due_date=today + dt.timedelta(days=due_in_days),
            order_message="Hei! Vi ber om en gjennomføringsplan for tiltaket ditt for "
            "inneværende år: aktiviteter, ansvar, frister og finansieringsbehov.",
            **fields,
        )
        return ip

    order(
        by_title["Bostøtteveiledning i NAV og servicetorget"], 5, ImplementationPlan.Status.ORDERED
    )
    order(
        by_title["Boliger for unge med funksjonsnedsettelse"],
        -12,
        ImplementationPlan.Status.ORDERED,
    )
    draft = order(
        by_title["Bostedsløse med rus/psykiatri: bolig med heldøgns oppfølging"],
        9,
        ImplementationPlan.Status.DRAFT,
        expected_result=ILLUSTRATIVE + "en bolig med heldøgns oppfølging tatt i bruk.",
    )
    ImplementationActivity.objects.create(
        implementation_plan=draft,
        title="Avklare tomt og finansiering med Husbanken",
        responsible=users["leder"],
        start_date=today - dt.timedelta(days=20),
        due_date=today - dt.timedelta(days=3),
    )
    order(
        by_title["Felles boligsosialt team på tvers av avdelingene"],
        -30,
        ImplementationPlan.Status.RETURNED,
        expected_result=ILLUSTRATIVE + "teamet etablert med faste møter.",
        feedback="Planen mangler frister og finansiering per år. Kan du fylle ut dette?",
        submitted_at=_aware(today - dt.timedelta(days=35)),
    )
    approved = order(
        by_title["Kjøp av kommunale utleieboliger med tilskudd fra Husbanken"],
        -60,
        ImplementationPlan.Status.APPROVED,
        expected_result=ILLUSTRATIVE + "ti nye kommunale utleieboliger i perioden.",
        resources="Boligkontoret 0,5 årsverk; tilskudd fra Husbanken.",
        submitted_at=_aware(today - dt.timedelta(days=70)),
        approved_at=_aware(today - dt.timedelta(days=65)),
        approved_by=coordinator,
    )
    ImplementationPlanVersion.objects.create(
        implementation_plan=approved,
        number=1,
        submitted_by=users["demo-bolig"],
        submitted_at=approved.submitted_at,
        outcome=ImplementationPlanVersion.Outcome.APPROVED,
        content={
            "expected_result": approved.expected_result,
            "resources": approved.resources,
            "risks": "",
            "activities": [],
            "funding": [],
        },
    )
    FundingRequest.objects.create(
        measure=approved.measure,
        implementation_plan=approved,
        year=start_year + 1,
        amount=Decimal("9360000"),
        source=FundingRequest.Source.HUSBANKEN,
        status=FundingRequest.Status.REQUESTED,
    )
    FundingRequest.objects.create(
        measure=approved.measure,
        implementation_plan=approved,
        year=start_year,
        amount=Decimal("4680000"),
        granted_amount=Decimal("3744000"),
        source=FundingRequest.Source.HUSBANKEN,
        status=FundingRequest.Status.PARTLY,
        decision_body="Formannskapet",
    )

    # An open reporting round due soon; some owners have answered.
    round_ = ReportingRound.objects.create(
        plan=plan,
        name=f"Tertialrapportering {today.year}",
        due_date=today + dt.timedelta(days=10),
        opened_by=coordinator,
        message="Gi status for tiltakene dine før rapporten til bystyret.",
    )
    active = [m for m in measures if m.is_active]
    round_.measures.set(active)
    for measure in active[:3]:
        StatusUpdate.objects.create(
            measure=measure,
            reporting_round=round_,
            status=measure.status,
            progress=measure.progress,
            text=ILLUSTRATIVE + "arbeidet går etter planen; neste milepæl er avklart.",
            submitted_by=measure.responsible_person,
            submitted_at=_aware(today - dt.timedelta(days=2)),
        )
        Measure.objects.filter(pk=measure.pk).update(
            last_reported_at=_aware(today - dt.timedelta(days=2))
        )
    Comment.objects.create(
        measure=by_title["Felles boligsosialt team på tvers av avdelingene"],
        author=coordinator,
        text="Jeg har sendt planen tilbake med noen spørsmål – ta kontakt om du vil ha hjelp.",
    )
    return plan


ANALYSES = [
    (
        Analysis.Kind.GENERAL,
        "Generell boliganalyse for Bodø pr. oktober 2013",
        2013,
        "Bodø kommune",
        [
            "Befolkningsutvikling og -sammensetning",
            "Flytting og framskrivinger",
            "Boligbygging og befolkningsvekst",
            "Boligarealer og planlagte boligområder",
            "Kommunale eiendommer",
            "Grupper som er utsatt på boligmarkedet",
            "Boligmarkedet",
        ],
    ),
    (
        Analysis.Kind.SOCIAL,
        "Boligsosial analyse for Bodø oktober 2013",
        2013,
        "Bodø kommune",
        [
            "Søkere til kommunal bolig",
            "Unge som trenger bistand",
            "Tildelinger av kommunale boliger",
            "Bosetting av flyktninger",
            "Bostedsløse",
            "Virkemidler",
        ],
    ),
    (
        Analysis.Kind.POLICY,
        "Boligpolitisk analyse Bodø kommune",
        2012,
        "Husbanken",
        ["Demografi og husholdninger", "Boligmarkedet", "Bostedsløshet", "Startlån og bostøtte"],
    ),
]

# (code, name, unit, source, ssb table, goal number, illustrative, {year: value}, note)
INDICATORS = [
    (
        "fullforte-boliger",
        "Fullførte boliger per år",
        "boliger",
        Indicator.Source.INTERNAL,
        "",
        1,
        False,
        {2013: 160},
        "Om lag 160 boliger i året før planen, mot et behov på 300–400 (saksbeskrivelsen, "
        "Veiviseren). Årstall for 2014–2017 hentes fra SSB tabell 05940.",
    ),
    (
        "plantall-boliger",
        "Planlagte boliger per år (plantall)",
        "boliger",
        Indicator.Source.INTERNAL,
        "",
        1,
        True,
        {2014: 300, 2015: 300, 2016: 350, 2017: 350},
        "Illustrative plantall innenfor behovet på 300–400 boliger i året.",
    ),
    (
        "befolkning",
        "Folkemengde 1. januar",
        "personer",
        Indicator.Source.SSB,
        "07459",
        1,
        False,
        {2009: 46495, 2014: 49731, 2024: 53712},
        "SSB; se kildene i domenebeskrivelsen.",
    ),
    (
        "nav-midlertidig-husstander",
        "Husstander i midlertidig bolig (NAV Bodø)",
        "husstander",
        Indicator.Source.INTERNAL,
        "",
        2,
        False,
        {2010: 22, 2011: 67, 2012: 90, 2013: 92},
        "Kilde: Veiviseren, «Bolig Nu, Bodø».",
    ),
]


def _analyses(historic: Plan) -> None:
    for kind, title, year, author, sections in ANALYSES:
        Analysis.objects.create(
            plan=historic,
            kind=kind,
            title=title,
            year=year,
            author=author,
            sections=sections,
            summary="Vedlegg til boligpolitisk handlingsplan 2014–2017.",
        )
    goals = {g.number: g for g in historic.goals.all()}
    created = {}
    for code, name, unit, source, table, goal, illustrative, values, note in INDICATORS:
        indicator = Indicator.objects.create(
            code=code,
            name=name,
            unit=unit,
            source=source,
            ssb_table=table,
            goal=goals[goal],
            is_illustrative=illustrative,
            source_note=note,
            is_key=code in {"fullforte-boliger", "plantall-boliger"},
            direction=Indicator.Direction.DOWN
            if code.startswith("nav-")
            else Indicator.Direction.UP,
        )
        IndicatorValue.objects.bulk_create(
            IndicatorValue(indicator=indicator, year=year, value=Decimal(value))
            for year, value in values.items()
        )
        created[code] = indicator
    completed = created["fullforte-boliger"]
    completed.compare_with = created["plantall-boliger"]
    completed.save(update_fields=["compare_with"])
    IndicatorTarget.objects.bulk_create(
        IndicatorTarget(
            indicator=completed, year=year, value=Decimal(300), note="Behov 300–400 boliger i året"
        )
        for year in range(2014, 2018)
    )


def _hearing(historic: Plan, departments) -> None:
    hearing = Hearing.objects.create(
        plan=historic,
        title="Høring: Boligpolitisk handlingsplan 2014–2017",
        text="Planen er ikke kommunedelplan og har derfor ikke formelt krav om høringsperiode "
        "etter plan- og bygningsloven. Høringsperioden ble annonsert i lokalavisen, og planen "
        "med vedlegg ble publisert på kommunens nettsider.",
        # The seed gives December 2013 for the end; the start date is illustrative.
        starts_on=dt.date(2013, 11, 1),
        ends_on=dt.date(2013, 12, 16),
        status=Hearing.Status.CLOSED,
        announcement=ILLUSTRATIVE + "start- og sluttdato innen desember 2013 er anslått.",
    )
    consultees = [
        Consultee.objects.create(name=name, category=category) for name, category in CONSULTEES
    ]
    for consultee in consultees:
        Invitation.objects.create(
            hearing=hearing,
            consultee=consultee,
            status=Invitation.Status.SENT,
            sent_at=_aware(dt.date(2013, 11, 1)),
        )
    response = HearingResponse.objects.create(
        hearing=hearing,
        channel=HearingResponse.Channel.MEETING,
        received_on=dt.date(2013, 12, 5),
        sender_name="Råd for funksjonshemmede",
        organisation="Råd for funksjonshemmede",
        sender_category=ConsulteeCategory.COUNCIL,
        consultee=consultees[3],
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
    Invitation.objects.filter(hearing=hearing, consultee=consultees[3]).update(
        status=Invitation.Status.ANSWERED
    )
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
