"""Generated data for tests and benchmarks: a large, made-up municipality.

`generate(measures=2000)` builds departments (avdelinger with kontor under
them, some external), staff, coordinators and politicians, an adopted plan
with a completed predecessor, goals, strategies, N measures in varied states
with implementation plans, activities, funding, reporting rounds and status
updates, hearings with many responses, indicator series and challenges.

Rules the generator keeps:
  * Deterministic: every choice comes from `random.Random(seed)` and every date
    from `today`, so the same seed and day give the same data (only the
    auto_now timestamps differ).
  * Separate from the demo: every slug, username, code and unique name carries
    the dataset's label `gen-s<seed>`. A second run with the same seed is
    refused (GenerateError); a run with another seed adds a second dataset.
  * Fast: rows are written with `bulk_create`, a few statements per table.
    django-simple-history writes no history rows on bulk_create; generated
    data therefore starts without history, which is fine for tests and
    benchmarks (the pages and services write history as usual afterwards).
  * Everything is marked illustrative (`is_illustrative`, "Generert:" in texts).
"""

from __future__ import annotations

import datetime as dt
import random
import time
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from analyses.models import Analysis, Challenge, Indicator, IndicatorTarget, IndicatorValue
from bodobolig.permissions import GROUP_NAMES, Role
from hearings.models import (
    Consultee,
    ConsulteeCategory,
    Hearing,
    HearingResponse,
    Invitation,
    ResponsePoint,
)
from measures.models import (
    Comment,
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
from plans.models import Department, Goal, Plan, Strategy, WorkPlan

PASSWORD = "bolig2014"  # the demo's password, so generated users can log in too
GENERATED = "Generert: "
MAX_MEASURES = 50_000
MAX_OWNERS = 20_000
MAX_DEPARTMENTS = 2_000


class GenerateError(ValueError):
    """Arguments the generator refuses, with a message for the command line."""


@dataclass
class GenerateResult:
    label: str
    plan_id: int
    predecessor_id: int
    seconds: float
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def plan(self) -> Plan:
        return Plan.objects.get(pk=self.plan_id)

    def summary(self) -> str:
        return ", ".join(f"{count} {name}" for name, count in self.counts.items())


# -- Names (plain lists: fast and deterministic) --------------------------------------------

FIRST_NAMES = (
    "Anne Inger Kari Marit Ingrid Liv Eva Berit Astrid Bjørg Hilde Anna Solveig Marianne "
    "Randi Ida Nina Maria Elisabeth Kristin Tone Silje Ragnhild Hanne Heidi Camilla Ingeborg "
    "Sigrid Nora Emma Jan Per Bjørn Ole Lars Kjell Knut Svein Arne Hans Geir Terje Odd Thomas "
    "Morten Trond Rune Espen Eirik Magnus Håkon Sindre Jonas Henrik Øyvind Tor Stian Vegard"
).split()
LAST_NAMES = (
    "Hansen Johansen Olsen Larsen Andersen Pedersen Nilsen Kristiansen Jensen Karlsen "
    "Johnsen Pettersen Eriksen Berg Haugen Hagen Johannessen Andreassen Jacobsen Dahl "
    "Jørgensen Henriksen Lund Halvorsen Sørensen Jakobsen Moen Gundersen Iversen Strand "
    "Solberg Svendsen Eide Knutsen Martinsen Paulsen Bakken Kristoffersen Mathisen Lie "
    "Amundsen Nguyen Rasmussen Ali Lunde Solheim Berge Moe Nygård Bakke Kristensen Fredriksen "
    "Holm Lien Hauge Christensen Andresen Nielsen Knudsen Evensen Sæther Aas Myhre Hanssen "
    "Ahmed Haugland Thomassen Sivertsen Simonsen Danielsen Berntsen Sandvik Rønning Arnesen "
    "Antonsen Næss Vik Haug Ellingsen Thorsen Edvardsen Birkeland Isaksen Gulbrandsen Ruud"
).split()
ASCII = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "Ae", "Ø": "O", "Å": "A"})

AVDELINGER = [
    "Helse- og omsorgsavdelingen",
    "Oppvekst- og kulturavdelingen",
    "Plan- og samfunnsseksjonen",
    "Teknisk avdeling",
    "Økonomiavdelingen",
    "Organisasjonsavdelingen",
    "Eiendomsavdelingen",
    "Næringsavdelingen",
]
KONTOR = [
    "Boligkontoret",
    "Byplankontoret",
    "Samfunnskontoret",
    "Byggesakskontoret",
    "Oppmålingskontoret",
    "Tildelingskontoret",
    "Psykisk helse og rus",
    "Hjemmetjenesten",
    "Barnevernet",
    "Flyktningkontoret",
    "Eiendomskontoret",
    "Innkjøpskontoret",
    "Miljøkontoret",
    "Kommunalteknisk kontor",
    "Boligsosialt team",
    "Voksenopplæringen",
    "Ungdomstjenesten",
    "Servicetorget",
    "Parkeringskontoret",
    "Arkivtjenesten",
]
EXTERNAL = [
    "NAV Bodø",
    "Husbanken region nord",
    "Bodø kommunale eiendom KF",
    "Fylkesmannen i Nordland",
    "Nordland fylkeskommune",
    "Bodø boligbyggelag",
]

GOALS = [
    ("Boligbygging og boligmarkedet", "Bodø skal ha et variert boligtilbud i takt med veksten."),
    ("Boligsosialt arbeid", "Alle skal kunne skaffe seg og beholde en egnet bolig."),
    ("Organisering og samarbeid", "Kommunen skal arbeide helhetlig og samordnet med bolig."),
]
STRATEGY_WORDS = [
    "Styrke",
    "Utvikle",
    "Samordne",
    "Forenkle",
    "Øke",
    "Sikre",
    "Videreutvikle",
    "Prioritere",
]
STRATEGY_TOPICS = [
    "tomtetilgangen i sentrumsnære områder",
    "samarbeidet med private utbyggere",
    "tilbudet av kommunale utleieboliger",
    "bruken av startlån og tilskudd",
    "oppfølgingen av bostedsløse",
    "boveiledning for unge i etablering",
    "bosettingen av flyktninger",
    "tilrettelagte boliger for eldre",
    "kunnskapsgrunnlaget om boligbehovet",
    "saksbehandlingen av byggesaker",
    "samarbeidet mellom NAV og kommunen",
    "universell utforming av boliger",
]
MEASURE_VERBS = [
    "Kartlegge",
    "Etablere",
    "Utrede",
    "Gjennomføre",
    "Innføre",
    "Evaluere",
    "Bygge",
    "Kjøpe",
    "Pilotere",
    "Informere om",
]
MEASURE_OBJECTS = [
    "boliger for unge med funksjonsnedsettelse",
    "et felles boligsosialt team",
    "leie-til-eie for vanskeligstilte",
    "kommunale utleieboliger med Husbanken-tilskudd",
    "boligbehovet i bydelene",
    "et årlig boligpolitisk forum",
    "bolig med heldøgns oppfølging",
    "en digital søknad om kommunal bolig",
    "startlån til førstegangsetablerere",
    "tomter for småhus i Hunstad",
    "bostøtteveiledning i servicetorget",
    "en Housing First-modell",
    "gjennomgangsboliger for ungdom",
    "omsorgsboliger i Rønvik",
    "et register over tilgjengelige boliger",
]
DISTRICTS = ["Sentrum", "Rønvik", "Hunstad", "Bodøsjøen", "Mørkved"]
INDICATORS = [
    ("fullforte-boliger", "Fullførte boliger per år", "boliger", Indicator.Source.SSB, 160, 1),
    ("igangsatte-boliger", "Igangsatte boliger per år", "boliger", Indicator.Source.SSB, 200, 1),
    ("folkemengde", "Folkemengde 1. januar", "personer", Indicator.Source.SSB, 47000, 1),
    (
        "midlertidig-bolig",
        "Husstander i midlertidig bolig",
        "husstander",
        Indicator.Source.INTERNAL,
        80,
        2,
    ),
    ("bostedslose", "Bostedsløse", "personer", Indicator.Source.HUSBANKEN, 120, 2),
    ("startlan", "Innvilgede startlån", "lån", Indicator.Source.HUSBANKEN, 150, 2),
    ("kommunale-boliger", "Kommunale utleieboliger", "boliger", Indicator.Source.KOSTRA, 1200, 2),
    ("ventetid", "Ventetid på kommunal bolig", "uker", Indicator.Source.INTERNAL, 20, 3),
]
CONSULTEE_NAMES = [
    ("Eldrerådet", ConsulteeCategory.COUNCIL),
    ("Rådet for personer med funksjonsnedsettelse", ConsulteeCategory.COUNCIL),
    ("Ungdomsrådet", ConsulteeCategory.COUNCIL),
    ("Komité for plan, næring og miljø", ConsulteeCategory.COMMITTEE),
    ("Komité for levekår", ConsulteeCategory.COMMITTEE),
    ("Husbanken", ConsulteeCategory.PUBLIC_BODY),
    ("NAV Nordland", ConsulteeCategory.PUBLIC_BODY),
    ("Boligbyggelaget", ConsulteeCategory.PRIVATE),
    ("Entreprenørforeningen", ConsulteeCategory.INTEREST),
    ("Leieboerforeningen", ConsulteeCategory.INTEREST),
    ("Kirkens bymisjon", ConsulteeCategory.NON_PROFIT),
    ("Frelsesarmeen", ConsulteeCategory.NON_PROFIT),
    ("Mental helse", ConsulteeCategory.USER_ORG),
    ("Rusmisbrukernes interesseorganisasjon", ConsulteeCategory.USER_ORG),
    ("Velforeningen i Rønvik", ConsulteeCategory.INTEREST),
]

# Measure status → (weight, progress range).
STATUS_MIX = [
    (MeasureStatus.NOT_STARTED, 15, (0, 0)),
    (MeasureStatus.PLANNED, 15, (0, 10)),
    (MeasureStatus.IN_PROGRESS, 50, (10, 90)),
    (MeasureStatus.COMPLETED, 10, (100, 100)),
    (MeasureStatus.POSTPONED, 6, (5, 60)),
    (MeasureStatus.CANCELLED, 4, (0, 40)),
]
IP = ImplementationPlan.Status
# Implementation plan state → (weight, due date offset range in days from today).
IP_MIX = [
    (IP.ORDERED, 25, (-30, 30)),
    (IP.DRAFT, 20, (-20, 20)),
    (IP.SUBMITTED, 15, (-15, 10)),
    (IP.RETURNED, 10, (-40, 5)),
    (IP.APPROVED, 30, (-200, -20)),
]
UPDATE_TEXTS = [
    "Arbeidet går etter planen; neste milepæl er avklart.",
    "Forsinket på grunn av kapasitet i avdelingen; ny framdriftsplan er laget.",
    "Samarbeidsmøte med NAV og Husbanken gjennomført.",
    "Avventer politisk behandling av finansieringen.",
    "Første del av tiltaket er gjennomført og evaluert.",
    "Tiltaket er slått sammen med et beslektet tiltak i samme strategi.",
]
RESPONSE_TEXTS = [
    "Vi ber kommunen prioritere flere rimelige boliger for unge.",
    "Planen bør si mer om universell utforming og tilgjengelighet.",
    "Tiltakene for bostedsløse må få tydeligere frister og ansvar.",
    "Vi savner en vurdering av behovet for omsorgsboliger i bydelene.",
    "Samarbeidet med private utbyggere bør formaliseres.",
    "Ventetiden på kommunal bolig er for lang; sett et mål for den.",
]


def label_for(seed: int) -> str:
    return f"gen-s{seed}"


def _aware(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _weighted(rng: random.Random, mix):
    return rng.choices(mix, weights=[m[1] for m in mix])[0]


def _validate(**args: int) -> None:
    limits = {
        "measures": (1, MAX_MEASURES),
        "owners": (1, MAX_OWNERS),
        "departments": (1, MAX_DEPARTMENTS),
        "hearings": (0, 100),
        "responses_per_hearing": (0, 10_000),
        "updates_per_measure": (0, 20),
    }
    for name, value in args.items():
        low, high = limits[name]
        if isinstance(value, bool) or not isinstance(value, int):
            raise GenerateError(f"--{name} må være et helt tall, ikke {value!r}.")
        if not low <= value <= high:
            raise GenerateError(f"--{name} må være mellom {low} og {high} (fikk {value}).")
    if args["owners"] < args["departments"]:
        raise GenerateError(
            f"Antall ansatte (--owners {args['owners']}) må være minst like stort som antall "
            f"virksomheter (--departments {args['departments']}): hver virksomhet har en leder."
        )


@transaction.atomic
def generate(
    *,
    measures: int,
    owners: int = 300,
    departments: int = 40,
    seed: int = 1,
    hearings: int = 3,
    responses_per_hearing: int = 200,
    updates_per_measure: int = 3,
    today: dt.date | None = None,
) -> GenerateResult:
    """Build one generated municipality; refuse a second one with the same seed."""
    started = time.perf_counter()
    _validate(
        measures=measures,
        owners=owners,
        departments=departments,
        hearings=hearings,
        responses_per_hearing=responses_per_hearing,
        updates_per_measure=updates_per_measure,
    )
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise GenerateError(f"--seed må være et helt tall, ikke {seed!r}.")
    today = today or timezone.localdate()
    label = label_for(seed)
    if Plan.objects.filter(slug__startswith=f"{label}-").exists():
        raise GenerateError(
            f"Det finnes allerede genererte data med seed {seed} ({label}-…). Velg et annet "
            f"--seed for å legge til et datasett til, eller bruk en tom database."
        )
    builder = _Builder(rng=random.Random(seed), label=label, today=today)
    builder.users(owners=owners, departments=departments)
    builder.departments(count=departments)
    builder.plans()
    builder.measures(count=measures)
    builder.implementation_plans()
    builder.reporting(updates_per_measure=updates_per_measure)
    builder.hearings(count=hearings, responses=responses_per_hearing)
    builder.indicators()
    return GenerateResult(
        label=label,
        plan_id=builder.plan.pk,
        predecessor_id=builder.predecessor.pk,
        seconds=time.perf_counter() - started,
        counts=builder.counts,
    )


def generate_small(**overrides) -> GenerateResult:
    """A small municipality for tests: 30 measures, 20 staff, 5 departments, little else.

    Call it inside a test with database access (`db` fixture); pass any of
    `generate`'s arguments to override. `today` defaults to the real day.
    """
    arguments = {
        "measures": 30,
        "owners": 20,
        "departments": 5,
        "hearings": 1,
        "responses_per_hearing": 10,
        "updates_per_measure": 2,
    }
    arguments.update(overrides)
    return generate(**arguments)


class _Builder:
    """One generation run; each step adds its tables and records the row counts."""

    def __init__(self, *, rng: random.Random, label: str, today: dt.date):
        self.rng = rng
        self.label = label
        self.today = today
        self.counts: dict[str, int] = {}

    def _bulk(self, model, objs: list, name: str | None = None) -> list:
        created = model.objects.bulk_create(objs, batch_size=2000)
        if name:
            self.counts[name] = self.counts.get(name, 0) + len(created)
        return created

    # -- People and organisation --------------------------------------------------------

    def users(self, *, owners: int, departments: int) -> None:
        rng = self.rng
        User = get_user_model()
        password = make_password(PASSWORD)  # hashed once: hashing per user would dominate
        coordinators = max(2, owners // 100)
        politicians = max(3, owners // 20)
        people = []
        for index in range(owners + coordinators + politicians):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            username = f"{self.label}-{first}.{last}{index}".lower().translate(ASCII)
            people.append(
                User(
                    username=username,
                    first_name=first,
                    last_name=last,
                    email=f"{username}@generert.example.no",
                    password=password,
                )
            )
        people = self._bulk(User, people, "brukere")
        self.staff = people[:owners]
        self.coordinators = people[owners : owners + coordinators]
        self.politicians = people[owners + coordinators :]
        groups = {
            role: Group.objects.get_or_create(name=name)[0] for role, name in GROUP_NAMES.items()
        }
        # Everyone on the owner side is in the lead group: the app's owner-side actions
        # (status updates, implementation plans) need that role, not only the department lead.
        Through = User.groups.through
        links = [Through(user_id=u.pk, group_id=groups[Role.LEAD].pk) for u in self.staff]
        links += [
            Through(user_id=u.pk, group_id=groups[Role.COORDINATOR].pk) for u in self.coordinators
        ]
        links += [
            Through(user_id=u.pk, group_id=groups[Role.POLITICIAN].pk) for u in self.politicians
        ]
        self._bulk(Through, links, "gruppemedlemskap")

    def departments(self, *, count: int) -> None:
        """Avdelinger (a quarter) with kontor under them, and some external partners."""
        rng = self.rng
        external = max(1, count // 10) if count >= 3 else 0
        top = max(1, (count - external) // 4)
        office = count - external - top

        def name(base_list, index):
            base = base_list[index % len(base_list)]
            round_ = index // len(base_list)
            return f"{base}{f' {round_ + 1}' if round_ else ''} ({self.label})"

        leads = iter(self.staff)
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
        tops = self._bulk(Department, tops, "virksomheter")
        avdelinger = tops[:top]
        offices = self._bulk(
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
        self.all_departments = tops + offices
        # The rest of the staff are members spread over the departments; leads are members too.
        members = {d.pk: [d.lead] for d in self.all_departments}
        for user in leads:
            members[rng.choice(self.all_departments).pk].append(user)
        self.members = members
        Through = Department.members.through
        self._bulk(
            Through,
            [Through(department_id=d, user_id=u.pk) for d, users in members.items() for u in users],
            "medlemskap",
        )

    # -- The plans -----------------------------------------------------------------------

    def plans(self) -> None:
        rng, today = self.rng, self.today
        start = today.year - 1
        self.predecessor = Plan.objects.create(
            slug=f"{self.label}-forrige",
            title=f"Boligpolitisk handlingsplan ({self.label}, forrige periode)",
            municipality="Generert kommune",
            period_start=start - 4,
            period_end=start - 1,
            status=Plan.Status.COMPLETED,
            adopted_on=dt.date(start - 4, 2, 13),
            adopted_by="Bystyret",
            is_illustrative=True,
            summary=GENERATED + "avsluttet plan for forrige periode.",
        )
        self.plan = Plan.objects.create(
            slug=f"{self.label}-plan",
            title=f"Boligpolitisk handlingsplan ({self.label})",
            municipality="Generert kommune",
            period_start=start,
            period_end=start + 3,
            status=Plan.Status.ADOPTED,
            adopted_on=dt.date(start, 2, 13),
            adopted_by="Bystyret",
            predecessor=self.predecessor,
            is_illustrative=True,
            summary=GENERATED + "stor, tenkt kommune for tester og ytelsesmålinger.",
        )
        self.counts["planer"] = 2
        goals = []
        for plan in (self.predecessor, self.plan):
            for number, (title, statement) in enumerate(GOALS, start=1):
                goals.append(Goal(plan=plan, number=number, title=title, statement=statement))
        goals = self._bulk(Goal, goals, "målområder")
        strategies = []
        for goal in goals:
            for number in range(1, rng.randint(4, 6) + 1):
                title = f"{rng.choice(STRATEGY_WORDS)} {rng.choice(STRATEGY_TOPICS)}"
                strategies.append(
                    Strategy(goal=goal, number=number, title=title, description=GENERATED)
                )
        strategies = self._bulk(Strategy, strategies, "strategier")
        by_goal = {g.pk: g for g in goals}
        for strategy in strategies:
            strategy.goal = by_goal[strategy.goal_id]
        self.strategies = {
            plan.pk: [s for s in strategies if s.goal.plan_id == plan.pk]
            for plan in (self.predecessor, self.plan)
        }
        self.goals = {
            plan.pk: [g for g in goals if g.plan_id == plan.pk]
            for plan in (self.predecessor, self.plan)
        }
        analysis = Analysis.objects.create(
            plan=self.plan,
            kind=Analysis.Kind.SOCIAL,
            title=f"Boligsosial analyse ({self.label})",
            year=start - 1,
            author="Generert kommune",
            summary=GENERATED + "analyse som utfordringene bygger på.",
        )
        self.counts["analyser"] = 1
        challenges = [
            Challenge(
                goal=goal,
                area=list(Challenge.Area)[goal.number - 1],
                title=f"Utfordring {goal.number}.{n}: {rng.choice(STRATEGY_TOPICS)}",
                evidence=GENERATED + "fra den boligsosiale analysen.",
                analysis=analysis,
            )
            for goal in self.goals[self.plan.pk]
            for n in range(1, 5)
        ]
        self.challenges = self._bulk(Challenge, challenges, "utfordringer")

    def _measure(self, plan: Plan, strategy: Strategy, number: int, status: str) -> Measure:
        rng, today = self.rng, self.today
        dept = rng.choice(self.all_departments)
        people = self.members[dept.pk]
        # Mostly the lead; sometimes a member of the department carries the measure.
        person = dept.lead if len(people) == 1 or rng.random() < 0.6 else rng.choice(people[1:])
        low, high = next(m[2] for m in STATUS_MIX if m[0] == status)
        start = dt.date(plan.period_start, rng.randint(1, 12), 1)
        return Measure(
            plan=plan,
            strategy=strategy,
            number=number,
            code=f"{strategy.goal.number}.{strategy.number}.{number}",
            title=f"{rng.choice(MEASURE_VERBS)} {rng.choice(MEASURE_OBJECTS)}",
            description=GENERATED + "tiltak laget av generate_data.",
            responsible_department_id=dept.pk,
            responsible_person_id=person.pk,
            reporting_delegate_id=(
                rng.choice(people[1:]).pk if len(people) > 1 and rng.random() < 0.1 else None
            ),
            status=status,
            progress=rng.randint(low, high),
            planned_start=start,
            planned_end=max(start, dt.date(plan.period_end, rng.randint(1, 12), 28)),
            cost_estimate=Decimal(rng.randrange(100_000, 20_000_000, 50_000)),
            is_illustrative=True,
            last_reported_at=_aware(today - dt.timedelta(days=rng.randint(1, 60))),
        )

    def measures(self, *, count: int) -> None:
        rng = self.rng
        # The completed predecessor: a tenth as many measures, finished or carried over.
        old_count = max(1, count // 10)
        old = []
        old_strategies = self.strategies[self.predecessor.pk]
        numbers: dict[int, int] = {}
        for _ in range(old_count):
            strategy = rng.choice(old_strategies)
            numbers[strategy.pk] = numbers.get(strategy.pk, 0) + 1
            status = rng.choice(
                [MeasureStatus.COMPLETED, MeasureStatus.CANCELLED, MeasureStatus.IN_PROGRESS]
            )
            old.append(self._measure(self.predecessor, strategy, numbers[strategy.pk], status))
        old = self._bulk(Measure, old, "tiltak i forrige plan")
        carry = [m for m in old if m.status == MeasureStatus.IN_PROGRESS]

        new = []
        strategies = self.strategies[self.plan.pk]
        numbers = {}
        for index in range(count):
            strategy = (
                strategies[index % len(strategies)]
                if index < len(strategies)
                else rng.choice(strategies)
            )
            numbers[strategy.pk] = numbers.get(strategy.pk, 0) + 1
            status = _weighted(rng, STATUS_MIX)[0]
            measure = self._measure(self.plan, strategy, numbers[strategy.pk], status)
            if carry and rng.random() < 0.1:
                source = carry.pop()
                measure.carried_over_from_id = source.pk
                measure.title = source.title
            new.append(measure)
        # Some measures have not been reported on for months.
        for measure in rng.sample(new, k=max(1, count // 12)):
            if measure.status in (MeasureStatus.IN_PROGRESS, MeasureStatus.PLANNED):
                measure.last_reported_at = _aware(
                    self.today - dt.timedelta(days=rng.randint(120, 300))
                )
        self.measures_list = self._bulk(Measure, new, "tiltak")
        self.old_measures = old

        # Contributing departments, challenges, work plan.
        Contrib = Measure.contributing_departments.through
        Chall = Measure.challenges.through
        contrib, chall = [], []
        by_goal = {}
        for challenge in self.challenges:
            by_goal.setdefault(challenge.goal_id, []).append(challenge)
        for measure in self.measures_list:
            if rng.random() < 0.3:
                other = rng.choice(self.all_departments)
                if other.pk != measure.responsible_department_id:
                    contrib.append(Contrib(measure_id=measure.pk, department_id=other.pk))
            for challenge in rng.sample(by_goal[measure.strategy.goal_id], k=rng.randint(0, 2)):
                chall.append(Chall(measure_id=measure.pk, challenge_id=challenge.pk))
        self._bulk(Contrib, contrib, "medvirkninger")
        self._bulk(Chall, chall, "koblinger til utfordringer")
        work_plan = WorkPlan.objects.create(
            plan=self.plan,
            year=self.today.year,
            title=f"Arbeidsplan {self.today.year} ({self.label})",
            description=GENERATED + "årets utvalgte tiltak.",
        )
        self._bulk(
            WorkPlanItem,
            [
                WorkPlanItem(
                    work_plan=work_plan, measure=m, target="Ferdig utredet innen årsskiftet."
                )
                for m in self.measures_list
                if m.is_active and rng.random() < 0.3
            ],
            "tiltak i arbeidsplan",
        )

    # -- Follow-up -----------------------------------------------------------------------

    def implementation_plans(self) -> None:
        rng, today = self.rng, self.today
        coordinator = self.coordinators[0]
        chosen = [m for m in self.measures_list if m.is_active and rng.random() < 0.6]
        plans = []
        for measure in chosen:
            status, _weight, (low, high) = _weighted(rng, IP_MIX)
            due = today + dt.timedelta(days=rng.randint(low, high))
            fields = {}
            if status != IP.ORDERED:
                fields["expected_result"] = GENERATED + "forventet resultat beskrevet av eieren."
                fields["resources"] = f"{rng.choice([0.2, 0.5, 1, 2])} årsverk"
            if status in (IP.SUBMITTED, IP.RETURNED, IP.APPROVED):
                fields["submitted_at"] = _aware(due - dt.timedelta(days=rng.randint(0, 5)))
            if status == IP.RETURNED:
                fields["feedback"] = "Planen mangler frister og finansiering per år."
            if status == IP.APPROVED:
                fields["approved_at"] = fields["submitted_at"] + dt.timedelta(days=3)
                fields["approved_by"] = coordinator
            plans.append(
                ImplementationPlan(
                    measure=measure,
                    status=status,
                    ordered_by=coordinator,
                    due_date=due,
                    order_message="Vi ber om en gjennomføringsplan for tiltaket ditt.",
                    **fields,
                )
            )
        plans = self._bulk(ImplementationPlan, plans, "gjennomføringsplaner")
        activities, versions, funding = [], [], []
        outcome = {
            IP.SUBMITTED: ImplementationPlanVersion.Outcome.PENDING,
            IP.RETURNED: ImplementationPlanVersion.Outcome.RETURNED,
            IP.APPROVED: ImplementationPlanVersion.Outcome.APPROVED,
        }
        for ip in plans:
            if ip.status == IP.ORDERED:
                continue
            for position in range(rng.randint(1, 4)):
                start = today + dt.timedelta(days=rng.randint(-120, 30))
                due = start + dt.timedelta(days=rng.randint(7, 120))
                activities.append(
                    ImplementationActivity(
                        implementation_plan=ip,
                        title=f"Aktivitet {position + 1}: {rng.choice(MEASURE_VERBS).lower()} "
                        f"{rng.choice(MEASURE_OBJECTS)}",
                        responsible_id=ip.measure.responsible_person_id,
                        start_date=start,
                        due_date=due,
                        completed_at=due if due < today and rng.random() < 0.5 else None,
                        position=position,
                    )
                )
            if ip.status in outcome:
                versions.append(
                    ImplementationPlanVersion(
                        implementation_plan=ip,
                        number=1,
                        submitted_by_id=ip.measure.responsible_person_id,
                        submitted_at=ip.submitted_at,
                        outcome=outcome[ip.status],
                        feedback=ip.feedback,
                        content={
                            "expected_result": ip.expected_result,
                            "resources": ip.resources,
                            "risks": "",
                            "activities": [],
                            "funding": [],
                        },
                    )
                )
            if rng.random() < 0.5:
                for year in range(
                    self.plan.period_start, self.plan.period_start + rng.randint(1, 3)
                ):
                    amount = Decimal(rng.randrange(50_000, 5_000_000, 10_000))
                    decided = year < today.year
                    status = (
                        rng.choice(list(FundingRequest.Status)[1:])
                        if decided
                        else FundingRequest.Status.REQUESTED
                    )
                    granted = {
                        FundingRequest.Status.GRANTED: amount,
                        FundingRequest.Status.PARTLY: (amount * Decimal("0.6")).quantize(1),
                        FundingRequest.Status.REJECTED: Decimal(0),
                    }.get(status)
                    funding.append(
                        FundingRequest(
                            measure_id=ip.measure_id,
                            implementation_plan=ip,
                            year=year,
                            amount=amount,
                            granted_amount=granted,
                            source=rng.choice(list(FundingRequest.Source)),
                            status=status,
                            decision_body="Bystyret" if decided else "",
                            decided_on=dt.date(year - 1, 12, 10) if decided else None,
                        )
                    )
        self._bulk(ImplementationActivity, activities, "aktiviteter")
        self._bulk(ImplementationPlanVersion, versions, "planversjoner")
        self._bulk(FundingRequest, funding, "finansieringsbehov")

    def reporting(self, *, updates_per_measure: int) -> None:
        """Closed tertial rounds behind, one open round ahead; N updates per measure."""
        rng, today = self.rng, self.today
        coordinator = self.coordinators[0]
        closed = [
            ReportingRound(
                plan=self.plan,
                name=f"Tertialrapportering {k} ({self.label})",
                due_date=today - dt.timedelta(days=30 + 120 * k),
                status=ReportingRound.Status.CLOSED,
                opened_by=coordinator,
                closed_at=_aware(today - dt.timedelta(days=20 + 120 * k)),
            )
            for k in range(updates_per_measure)
        ]
        open_round = ReportingRound(
            plan=self.plan,
            name=f"Tertialrapportering {today.year} ({self.label})",
            due_date=today + dt.timedelta(days=10),
            opened_by=coordinator,
            message="Gi status for tiltakene dine før rapporten til bystyret.",
        )
        rounds = self._bulk(ReportingRound, [open_round, *closed], "rapporteringsrunder")
        open_round, closed = rounds[0], rounds[1:]
        Through = ReportingRound.measures.through
        active = [m for m in self.measures_list if m.is_active]
        links = [Through(reportinground_id=open_round.pk, measure_id=m.pk) for m in active]
        links += [
            Through(reportinground_id=r.pk, measure_id=m.pk)
            for r in closed
            for m in self.measures_list
        ]
        self._bulk(Through, links, "tiltak i runder")
        answered = {m.pk for m in active if rng.random() < 0.4}
        stale_before = _aware(today - dt.timedelta(days=100))
        updates = []
        for measure in self.measures_list:
            stale = measure.last_reported_at < stale_before
            for k in range(updates_per_measure):
                if stale:
                    round_, day = None, measure.last_reported_at.date() - dt.timedelta(days=120 * k)
                elif k == 0 and measure.pk in answered:
                    round_, day = open_round, today - dt.timedelta(days=rng.randint(0, 5))
                else:
                    round_ = closed[k]
                    day = round_.due_date + dt.timedelta(days=rng.randint(-10, 8))
                progress = max(0, measure.progress - 10 * k)
                updates.append(
                    StatusUpdate(
                        measure=measure,
                        reporting_round=round_,
                        status=measure.status,
                        progress=progress,
                        text=GENERATED + rng.choice(UPDATE_TEXTS),
                        risks="Kapasitet i avdelingen." if rng.random() < 0.2 else "",
                        needs_help=rng.random() < 0.05,
                        submitted_by_id=measure.responsible_person_id,
                        submitted_at=_aware(day, hour=rng.randint(8, 15)),
                        is_late=round_ is not None and day > round_.due_date,
                    )
                )
        self._bulk(StatusUpdate, updates, "statusrapporter")
        # last_reported_at follows the newest update (one UPDATE per measure would be slow).
        newest: dict[int, dt.datetime] = {}
        for update in updates:
            newest[update.measure_id] = max(
                update.submitted_at, newest.get(update.measure_id, update.submitted_at)
            )
        changed = []
        for measure in self.measures_list:
            if measure.pk in newest:
                measure.last_reported_at = newest[measure.pk]
                changed.append(measure)
        Measure.objects.bulk_update(changed, ["last_reported_at"], batch_size=1000)
        # A comment from the coordinator on every twentieth active measure.
        comments = [
            Comment(
                measure=m,
                author=coordinator,
                text="Kan du si litt mer om framdriften før neste rapport?",
            )
            for m in active[::20]
        ]
        self._bulk(Comment, comments, "kommentarer")

    # -- Hearings and indicators ---------------------------------------------------------

    def hearings(self, *, count: int, responses: int) -> None:
        rng, today = self.rng, self.today
        consultees = self._bulk(
            Consultee,
            [
                Consultee(
                    name=f"{name} ({self.label})",
                    category=category,
                    email=f"post{i}@{self.label}.example.no",
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
                    plan=self.plan if k < count - 1 or count == 1 else self.predecessor,
                    title=f"Høring {k + 1}: boligpolitisk handlingsplan ({self.label})",
                    text=GENERATED + "høringsbrev.",
                    starts_on=start,
                    ends_on=start + dt.timedelta(days=42),
                    status=Hearing.Status.OPEN if k == 0 else Hearing.Status.CLOSED,
                )
            )
        hearings = self._bulk(Hearing, hearings, "høringer")
        invitations = [
            Invitation(
                hearing=h,
                consultee=c,
                status=Invitation.Status.SENT,
                sent_at=_aware(h.starts_on),
            )
            for h in hearings
            for c in consultees
        ]
        self._bulk(Invitation, invitations, "invitasjoner")
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
                        sender_category=(
                            consultee.category if consultee else ConsulteeCategory.PERSON
                        ),
                        consultee=consultee,
                        text=GENERATED + rng.choice(RESPONSE_TEXTS),
                        consent_to_publish_name=rng.random() < 0.7,
                        publication=rng.choice(list(HearingResponse.Publication)),
                    )
                )
        resp = self._bulk(HearingResponse, resp, "høringsinnspill")
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
        points = self._bulk(ResponsePoint, points, "innspillspunkter")
        Changed = ResponsePoint.measures_changed.through
        self._bulk(
            Changed,
            [
                Changed(responsepoint_id=p.pk, measure_id=rng.choice(self.measures_list).pk)
                for p in points
                if p.outcome in (ResponsePoint.Outcome.ACCEPTED, ResponsePoint.Outcome.PARTLY)
            ],
            "endrede tiltak fra høringen",
        )

    def indicators(self) -> None:
        rng, today = self.rng, self.today
        goals = {g.number: g for g in self.goals[self.plan.pk]}
        indicators = self._bulk(
            Indicator,
            [
                Indicator(
                    code=f"{self.label}-{code}",
                    name=f"{name} ({self.label})",
                    unit=unit,
                    source=source,
                    goal=goals[goal],
                    is_key=index < 3,
                    is_illustrative=True,
                    description=GENERATED + "tenkt tallserie.",
                )
                for index, (code, name, unit, source, _base, goal) in enumerate(INDICATORS)
            ],
            "indikatorer",
        )
        values, targets = [], []
        years = range(today.year - 12, today.year)
        for indicator, (*_rest, base, _goal) in zip(indicators, INDICATORS, strict=True):
            breakdowns = [""] + (DISTRICTS if indicator.source == Indicator.Source.SSB else [])
            for breakdown in breakdowns:
                scale = 1 if breakdown == "" else 1 / len(DISTRICTS)
                level = base * scale
                for year in years:
                    level *= rng.uniform(0.93, 1.09)
                    missing = rng.random() < 0.03
                    values.append(
                        IndicatorValue(
                            indicator=indicator,
                            year=year,
                            breakdown=breakdown,
                            value=None
                            if missing
                            else Decimal(round(level, 2)).quantize(Decimal("0.01")),
                            symbol=".." if missing else "",
                        )
                    )
            for year in range(self.plan.period_start, self.plan.period_end + 1):
                targets.append(
                    IndicatorTarget(
                        indicator=indicator,
                        year=year,
                        value=Decimal(round(base * 1.2)),
                        note="Generert mål.",
                    )
                )
        self._bulk(IndicatorValue, values, "indikatorverdier")
        self._bulk(IndicatorTarget, targets, "indikatormål")
