"""The coordinator manages the evidence in the browser: indicators, values, targets,
the import (upload → preview → confirm), challenges and analyses; the public reads the
key figures, the coverage and the analyses."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from analyses.models import (
    Analysis,
    Challenge,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    StatisticsImport,
)
from analyses.services import copy_challenges_for_successor, statistics_import_run
from bodobolig.errors import DomainError
from bodobolig.models import AuditEntry
from bodobolig.permissions import Role
from demo import bodo
from measures.models import Measure
from plans.models import Plan
from tests.factories import GoalFactory, MeasureFactory, PlanFactory, StrategyFactory, make_user

FILES = Path(__file__).parent / "files"

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator_client(client):
    client.force_login(make_user(Role.COORDINATOR))
    return client


def test_coordinator_creates_an_indicator_with_value_symbol_and_target(coordinator_client):
    goal = GoalFactory()
    response = coordinator_client.post(
        reverse("analyses:indicator_create"),
        {
            "code": "venteliste",
            "name": "Husstander på venteliste",
            "name_en": "Households on the waiting list",
            "unit": "husstander",
            "source": "kostra",
            "source_code": "KOSventelistetil0000",
            "frequency": "annual",
            "direction": "down",
            "goal": goal.pk,
            "counts_people": "on",
        },
    )
    assert response.status_code == 302
    indicator = Indicator.objects.get(code="venteliste")
    assert indicator.counts_people and indicator.name_en == "Households on the waiting list"

    url = reverse("analyses:indicator_value_add", args=["venteliste"])
    coordinator_client.post(url, {"region": "1804", "year": 2016, "value": "14"})
    coordinator_client.post(url, {"region": "1804", "year": 2017, "symbol": ":"})
    coordinator_client.post(
        reverse("analyses:indicator_target_add", args=["venteliste"]),
        {"year": 2017, "value": "10"},
    )

    values = {v.year: (v.value, v.symbol) for v in indicator.values.all()}
    assert values == {2016: (Decimal("14"), ""), 2017: (None, ":")}
    assert IndicatorTarget.objects.get(indicator=indicator).value == 10
    assert AuditEntry.objects.filter(action__startswith="indicator").count() == 4


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"region": "1804", "year": 2016}, "value", "Oppgi en verdi eller et SSB-symbol"),
        ({"region": "1804", "year": 2016, "value": "3", "symbol": ":"}, "symbol", "kan ikke"),
        ({"region": "1804", "year": "tjue"}, "year", ""),
        ({"region": "9999", "year": 2016, "value": "3"}, "region", ""),
        ({"region": "1804", "year": 2016, "value": "3", "subperiod": 2}, "subperiod", "årlig"),
    ],
)
def test_a_bad_value_gets_a_message_on_its_field(coordinator_client, data, field, message):
    indicator = Indicator.objects.create(code="x", name="X", unit="x", source="internal")
    response = coordinator_client.post(reverse("analyses:indicator_value_add", args=["x"]), data)
    assert response.status_code == 400
    errors = response.context["form"].errors[field]
    assert message in " ".join(errors)
    assert not indicator.values.exists()


def test_a_missing_value_is_never_saved_as_zero(coordinator_client):
    Indicator.objects.create(code="x", name="X", unit="x", source="internal")
    coordinator_client.post(
        reverse("analyses:indicator_value_add", args=["x"]),
        {"region": "1804", "year": 2016, "symbol": ".."},
    )
    value = IndicatorValue.objects.get()
    assert value.value is None and value.symbol == ".."


def test_a_taken_code_is_refused_on_the_field(coordinator_client):
    Indicator.objects.create(code="x", name="X", unit="x", source="internal")
    response = coordinator_client.post(
        reverse("analyses:indicator_create"),
        {
            "code": "x",
            "name": "Y",
            "unit": "y",
            "source": "internal",
            "frequency": "annual",
            "direction": "up",
        },
    )
    assert response.status_code == 400
    assert "allerede" in response.context["form"].errors["code"][0]


def _upload(client, name, content=None, indicator=""):
    content = content if content is not None else (FILES / name).read_bytes()
    return client.post(
        reverse("analyses:import_upload"),
        {"file": SimpleUploadedFile(name, content), "indicator": indicator},
    )


def test_import_in_the_browser_previews_then_writes_on_confirm(coordinator_client):
    for code, source_code in [("igangsatte", "Igangsatte"), ("fullforte", "Fullforte")]:
        Indicator.objects.create(
            code=code, name=code, unit="boliger", source="ssb", source_code=source_code
        )

    preview = _upload(coordinator_client, "ssb_05940_dense.json")

    assert preview.status_code == 200
    page = preview.content.decode()
    assert "Importen vil legge til 6 nye verdier, oppdatere 0 og la 0 stå uendret" in page
    assert not IndicatorValue.objects.exists()  # nothing before the confirmation
    token = re.search(r'name="token" value="([0-9a-f]+)"', page)[1]

    done = coordinator_client.post(
        reverse("analyses:import_confirm"), {"token": token}, follow=True
    )

    assert "Importert: 6 nye verdier, 0 oppdatert, 0 uendret" in done.content.decode()
    assert IndicatorValue.objects.count() == 6
    # The preview cannot be confirmed twice.
    again = coordinator_client.post(
        reverse("analyses:import_confirm"), {"token": token}, follow=True
    )
    assert "utløpt" in again.content.decode()
    assert IndicatorValue.objects.count() == 6


def test_import_in_the_browser_lists_every_error_and_writes_nothing(coordinator_client):
    Indicator.objects.create(code="ventetid", name="V", unit="dager", source="internal")
    response = _upload(
        coordinator_client,
        "bad.csv",
        b"indikator;region;periode;verdi\nventetid;1804;2017;x\nventetid;7;2018;3\n",
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Rad 2: verdien «x» er ikke et tall." in page
    assert "Rad 3: ukjent region «7»." in page
    assert "Bekreft importen" not in page
    assert not IndicatorValue.objects.exists()


def test_import_refuses_a_file_too_large(coordinator_client, settings):
    settings.STATISTICS_IMPORT_MAX_BYTES = 10
    response = _upload(coordinator_client, "statistics.csv")
    assert response.status_code == 400
    assert "for stor" in response.context["form"].errors["file"][0]


def test_the_csv_template_downloads(coordinator_client):
    response = coordinator_client.get(reverse("analyses:import_template"))
    assert response.content.decode("utf-8-sig").startswith(
        "indikator;region;periode;inndeling;verdi;symbol"
    )


def test_coordinator_maps_a_challenge_with_evidence_and_it_shows_as_unanswered(coordinator_client):
    plan = PlanFactory()
    goal = GoalFactory(plan=plan, number=2)
    indicator = Indicator.objects.create(code="x", name="Venteliste", unit="x", source="kostra")
    response = coordinator_client.post(
        reverse("analyses:challenge_create", args=[plan.slug]),
        {
            "goal": goal.pk,
            "area": "social",
            "title": "Lang ventetid på kommunal bolig",
            "evidence": "Ventelisten økte fra 2015 til 2017.",
            "indicators": [indicator.pk],
        },
    )
    assert response.status_code == 302
    challenge = Challenge.objects.get()
    assert list(challenge.indicators.all()) == [indicator]

    page = coordinator_client.get(reverse("analyses:coverage", args=[plan.slug])).content.decode()
    unanswered = page.split('id="unanswered"')[1].split("</ul>")[0]
    assert "Lang ventetid på kommunal bolig" in unanswered


def test_coverage_highlights_both_gaps(client):
    plan = PlanFactory()
    goal = GoalFactory(plan=plan, number=1)
    strategy = StrategyFactory(goal=goal)
    answered = Challenge.objects.create(goal=goal, area="general", title="For få boliger")
    Challenge.objects.create(goal=goal, area="general", title="Ingen strategi")
    measure = MeasureFactory(strategy=strategy, title="Boligprogram")
    measure.challenges.add(answered)
    loose = MeasureFactory(strategy=strategy, title="Informasjonskampanje")

    page = client.get(reverse("analyses:coverage", args=[plan.slug])).content.decode()

    assert "Ingen strategi" in page.split('id="unanswered"')[1].split("</ul>")[0]
    assert "For få boliger" not in page.split('id="unanswered"')[1].split("</ul>")[0]
    without = page.split('id="measures-without-challenge"')[1].split("</ul>")[0]
    assert loose.title in without and measure.title not in without


def test_coverage_page_of_the_demo_lists_a_challenge_without_measures(client):
    bodo.load_demo()
    plan = Plan.objects.get(slug=bodo.CURRENT_SLUG)

    page = client.get(reverse("analyses:coverage", args=[plan.slug])).content.decode()

    unanswered = page.split('id="unanswered"')[1].split("</ul>")[0]
    assert unanswered.count("<li>") >= 1
    answered_nowhere = Challenge.objects.filter(goal__plan=plan, measures__isnull=True)
    assert answered_nowhere.first().title in unanswered


def test_plan_page_links_the_key_figures_and_the_coverage(client):
    plan = PlanFactory()
    page = client.get(plan.get_absolute_url()).content.decode()
    assert reverse("key_figures", args=[plan.slug]) in page
    assert reverse("analyses:coverage", args=[plan.slug]) in page


def test_key_figures_show_the_plans_own_period_and_the_years_before():
    from analyses.selectors import indicators_for_plan

    successor = PlanFactory(period_start=2018, period_end=2021)
    goal = GoalFactory(plan=successor)
    indicator = Indicator.objects.create(code="x", name="X", unit="x", source="ssb", goal=goal)
    for year in (2012, 2013, 2014, 2017, 2021, 2022):
        IndicatorValue.objects.create(indicator=indicator, year=year, value=year)

    [data] = indicators_for_plan(successor)

    assert [v["year"] for v in data["values"]] == [2014, 2017, 2021]


def test_key_figures_compare_regions_in_one_chart(client):
    from analyses.models import Region

    Region.objects.get_or_create(code="EAK", defaults={"name": "Landet", "kind": "country"})
    plan = PlanFactory()
    indicator = Indicator.objects.create(
        code="x",
        name="Bostedsløse per 1000",
        unit="per 1000",
        source="ssb",
        goal=GoalFactory(plan=plan),
    )
    for region, value in [("1804", "1.5"), ("EAK", "1.26")]:
        IndicatorValue.objects.create(indicator=indicator, region=region, year=2012, value=value)

    page = client.get(reverse("key_figures", args=[plan.slug])).content.decode()

    header = re.search(
        r"<thead><tr>(.*?)</tr></thead>", page.split("Bostedsløse per 1000</figcaption>")[1], re.S
    )[1]
    assert "Bodø kommune" in header and "Landet" in header
    assert "<td>1,5</td><td>1,26</td>" in page


def test_the_successor_inherits_the_chosen_challenges_once():
    old_plan = PlanFactory()
    new_plan = PlanFactory(predecessor=old_plan)
    old_goal = GoalFactory(plan=old_plan, number=2)
    GoalFactory(plan=new_plan, number=2)
    indicator = Indicator.objects.create(code="x", name="X", unit="x", source="ssb")
    carried = Challenge.objects.create(
        goal=old_goal, area="social", title="Bostedsløshet", evidence="NIBR 2012"
    )
    carried.indicators.add(indicator)
    Challenge.objects.create(goal=old_goal, area="social", title="Løst")

    copies = copy_challenges_for_successor(old_plan, new_plan, [carried.pk])
    again = copy_challenges_for_successor(old_plan, new_plan, [carried.pk])

    assert [c.title for c in copies] == ["Bostedsløshet"] and again == []
    copy = Challenge.objects.get(goal__plan=new_plan)
    assert copy.carried_over_from == carried and copy.evidence == "NIBR 2012"
    assert list(copy.indicators.all()) == [indicator]


def test_inheriting_needs_the_goal_in_the_successor():
    old_plan, new_plan = PlanFactory(), PlanFactory()
    carried = Challenge.objects.create(
        goal=GoalFactory(plan=old_plan, number=3), area="organisation", title="T"
    )
    with pytest.raises(DomainError):
        copy_challenges_for_successor(old_plan, new_plan, [carried.pk])
    assert not Challenge.objects.filter(goal__plan=new_plan).exists()


def test_the_measure_form_has_the_challenge_field_in_every_plan(coordinator_client):
    plan = PlanFactory()  # no challenges mapped yet
    StrategyFactory(goal=GoalFactory(plan=plan))
    page = coordinator_client.get(reverse("measures:measure_create", args=[plan.slug]))
    assert (
        'name="challenges"' in page.content.decode()
        or "ingen kartlagte utfordringer" in page.content.decode()
    )


def test_the_successors_measure_form_offers_the_inherited_challenges(coordinator_client):
    bodo.load_demo()
    plan = Plan.objects.get(slug=bodo.CURRENT_SLUG)
    page = coordinator_client.get(reverse("measures:measure_create", args=[plan.slug]))
    inherited = Challenge.objects.filter(goal__plan=plan).first()
    assert f'value="{inherited.pk}"' in page.content.decode()
    measure = Measure.objects.filter(plan=plan).first()
    edit = coordinator_client.get(reverse("measures:measure_edit", args=[measure.pk]))
    assert 'name="challenges"' in edit.content.decode()


def test_coordinator_adds_an_analysis_with_a_file_public_once_the_plan_is_adopted(
    coordinator_client,
):
    client = Client()
    draft = PlanFactory(status=Plan.Status.DRAFT)
    response = coordinator_client.post(
        reverse("analyses:analysis_create"),
        {
            "plan": draft.pk,
            "kind": "social",
            "title": "Boligsosial analyse",
            "year": 2013,
            "summary": "Søkere til kommunal bolig.",
            "document": SimpleUploadedFile("analyse.pdf", b"%PDF-1.4 x"),
        },
    )
    assert response.status_code == 302
    analysis = Analysis.objects.get()
    public = client.get(reverse("analyses:analysis_detail", args=[analysis.pk]))
    assert public.status_code == 404
    Plan.objects.filter(pk=draft.pk).update(status=Plan.Status.ADOPTED)
    assert client.get(reverse("analyses:analysis_detail", args=[analysis.pk])).status_code == 200
    document = client.get(reverse("analyses:analysis_document", args=[analysis.pk]))
    assert b"".join(document.streaming_content) == b"%PDF-1.4 x"


def test_a_large_import_runs_in_the_worker_and_its_page_shows_the_result(
    coordinator_client, settings, django_capture_on_commit_callbacks
):
    settings.STATISTICS_IMPORT_WORKER_ROWS = 5
    for code, source_code in [("igangsatte", "Igangsatte"), ("fullforte", "Fullforte")]:
        Indicator.objects.create(
            code=code, name=code, unit="boliger", source="ssb", source_code=source_code
        )
    page = _upload(coordinator_client, "ssb_05940_dense.json").content.decode()
    token = re.search(r'name="token" value="([0-9a-f]+)"', page)[1]

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = coordinator_client.post(reverse("analyses:import_confirm"), {"token": token})
    job = StatisticsImport.objects.get()
    assert response.url == reverse("analyses:import_status", args=[job.pk])
    queued = coordinator_client.get(response.url).content.decode()
    assert "I kø" in queued and "data-reload-while-pending" in queued
    assert not IndicatorValue.objects.exists()

    for callback in callbacks:  # the worker (tasks run eagerly here)
        callback()

    job.refresh_from_db()
    assert (job.status, job.created) == ("done", 6)
    done = coordinator_client.get(response.url).content.decode()
    assert "Importert: 6 nye verdier, 0 oppdatert, 0 uendret." in done
    assert "data-reload-while-pending" not in done
    # A second delivery of the task does nothing.
    assert statistics_import_run(job_id=job.pk) is None
    assert IndicatorValue.objects.count() == 6
