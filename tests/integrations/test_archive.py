"""Archive packages: a zip with the files and arkivmetadata.xml (Noark 5 spirit) for a
council report, a plan's documents and a hearing with its responses."""

import datetime as dt
import hashlib
import io
import xml.etree.ElementTree as ET
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from analyses.models import Analysis
from bodobolig.permissions import Role
from hearings.models import Hearing, HearingDocument, HearingResponse, ResponseAttachment
from measures.models import CouncilReport
from tests.factories import CouncilReportFactory, PlanFactory, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan_with_documents():
    plan = PlanFactory(case_number="14/1234")
    Analysis.objects.create(
        plan=plan,
        kind=Analysis.Kind.SOCIAL,
        title="Boligsosial analyse",
        year=2013,
        document=ContentFile(b"%PDF-1.4 analyse", name="analyse.pdf"),
    )
    report = CouncilReportFactory(
        plan=plan,
        title="Statusrapport 2015",
        status=CouncilReport.Status.READY,
        committee="Bystyret",
        case_number="2015/1154",
        rendered_at=timezone.now(),
        file=ContentFile(b"%PDF-1.4 rapport", name="rapport.pdf"),
    )
    hearing = Hearing.objects.create(
        plan=plan,
        title="Høring av boligplanen",
        starts_on=dt.date(2013, 10, 1),
        ends_on=dt.date(2013, 12, 1),
        status=Hearing.Status.CLOSED,
        case_number="13/987",
    )
    HearingDocument.objects.create(
        hearing=hearing, title="Høringsbrev", file=ContentFile(b"brev", name="brev.pdf")
    )
    organisation = HearingResponse.objects.create(
        hearing=hearing,
        channel="letter",
        received_on=dt.date(2013, 11, 20),
        sender_name="Leder",
        organisation="Eldrerådet",
        sender_category="council",
        text="Rådet støtter planen.",
        publication=HearingResponse.Publication.PUBLISHED,
    )
    private = HearingResponse.objects.create(
        hearing=hearing,
        channel="web",
        received_on=dt.date(2013, 11, 25),
        sender_name="Ola Privat",
        sender_category="person",
        text="Jeg trenger en bolig.",
        publication=HearingResponse.Publication.ANONYMISED,
    )
    ResponseAttachment.objects.create(
        response=private, title="Vedlegg", file=ContentFile(b"vedlegg", name="v.pdf")
    )
    return {"plan": plan, "report": report, "hearing": hearing, "organisation": organisation}


def _open(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    root = ET.fromstring(archive.read("arkivmetadata.xml"))
    return archive, root


def _records(root):
    return root.find("saksmappe").findall("journalpost")


def _check_files(archive, root):
    for record in _records(root):
        stored = record.find("dokumentbeskrivelse/dokumentobjekt")
        content = archive.read(stored.findtext("referanseDokumentfil"))
        assert stored.findtext("sjekksum") == hashlib.sha256(content).hexdigest()
        assert stored.findtext("sjekksumAlgoritme") == "SHA-256"


def test_a_council_report_package(client, plan_with_documents):
    client.force_login(make_user(Role.COORDINATOR))
    report = plan_with_documents["report"]
    archive, root = _open(client.get(f"/integrasjoner/arkiv/rapport/{report.pk}/"))
    folder = root.find("saksmappe")
    assert folder.findtext("saksnummer") == "2015/1154"
    assert folder.findtext("saksaar") == "2015"
    assert folder.findtext("sakssekvensnummer") == "1154"
    [record] = _records(root)
    assert record.findtext("tittel") == "Statusrapport 2015"
    assert record.findtext("journalposttype") == "U"
    assert record.findtext("dokumentdato") == timezone.localdate().isoformat()
    parties = {
        p.findtext("korrespondanseparttype"): p.findtext("korrespondansepartNavn")
        for p in record.findall("korrespondansepart")
    }
    assert parties == {"avsender": "Bodø kommune", "mottaker": "Bystyret"}
    assert record.find("skjerming") is None
    _check_files(archive, root)


def test_a_plans_documents(client, plan_with_documents):
    client.force_login(make_user(Role.COORDINATOR))
    plan = plan_with_documents["plan"]
    archive, root = _open(client.get(f"/integrasjoner/arkiv/plan/{plan.slug}/"))
    assert root.find("saksmappe").findtext("saksaar") == "2014"
    titles = [r.findtext("tittel") for r in _records(root)]
    assert titles == ["Boligsosial analyse", "Statusrapport 2015", "Høringsbrev"]
    _check_files(archive, root)


def test_a_hearing_with_its_responses_screens_a_private_persons_identity(
    client, plan_with_documents
):
    client.force_login(make_user(Role.COORDINATOR))
    hearing = plan_with_documents["hearing"]
    archive, root = _open(client.get(f"/integrasjoner/arkiv/horing/{hearing.pk}/"))
    records = _records(root)
    by_title = {r.findtext("tittel"): r for r in records}
    letter = by_title["Høringsbrev"]
    assert letter.findtext("journalposttype") == "U"
    council = by_title["Høringsinnspill fra Eldrerådet"]
    assert council.findtext("journalposttype") == "I"
    assert council.findtext("dokumentdato") == "2013-11-20"
    assert council.find("skjerming") is None
    private = by_title["Høringsinnspill fra Ola Privat"]
    assert private.find("skjerming/tilgangsrestriksjon").text == "UO"
    assert private.find("skjerming/skjermingshjemmel").text
    attachment = by_title["Vedlegg: Vedlegg"]
    assert attachment.find("skjerming") is not None
    assert len(records) == 4
    _check_files(archive, root)
    text = archive.read(
        council.find("dokumentbeskrivelse/dokumentobjekt").findtext("referanseDokumentfil")
    ).decode()
    assert "Rådet støtter planen." in text


def test_only_the_coordinator_exports(client, plan_with_documents):
    client.force_login(make_user(Role.LEAD))
    assert (
        client.get(f"/integrasjoner/arkiv/plan/{plan_with_documents['plan'].slug}/").status_code
        == 403
    )
