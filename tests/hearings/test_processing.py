"""Staff registration, processing into points, the measure's "endret etter høring",
and the appendix PDF read back."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from bodobolig.permissions import Role
from hearings import appendix, services
from hearings.models import (
    ConsulteeCategory,
    Hearing,
    HearingResponse,
    Invitation,
    ResponsePoint,
)
from tests.factories import (
    ConsulteeFactory,
    GoalFactory,
    HearingFactory,
    HearingResponseFactory,
    MeasureFactory,
    StrategyFactory,
    make_user,
)
from tests.hearings import files

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator():
    return make_user(Role.COORDINATOR)


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_staff_register_a_late_council_decision_with_a_scan(client, coordinator):
    hearing = HearingFactory(ends_on=dt.date.today() - dt.timedelta(days=2), status="closed")
    council = ConsulteeFactory(name="Eldrerådet", category=ConsulteeCategory.COUNCIL)
    Invitation.objects.create(hearing=hearing, consultee=council, status="sent")
    client.force_login(coordinator)
    answer = client.post(
        reverse("hearings:response_register", args=[hearing.pk]),
        {
            "channel": "meeting",
            "received_on": dt.date.today().isoformat(),
            "consultee": council.pk,
            "sender_name": "Eldrerådet",
            "organisation": "Eldrerådet",
            "sender_category": "council",
            "archive_reference": "13/1234-5",
            "text": "Vedtak: Rådet støtter planen.",
            "publication": "published",
            "late_accepted": "on",
            "attachment": [files.pdf("vedtak.pdf")],
        },
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    response = HearingResponse.objects.get()
    assert (response.is_late, response.late_accepted, response.registered_by) == (
        True,
        True,
        coordinator,
    )
    assert response.attachments.count() == 1
    assert Invitation.objects.get().status == Invitation.Status.ANSWERED
    # The scan is given to the coordinator through the permission-checked view only.
    attachment = response.attachments.get()
    url = reverse("hearings:attachment", args=[hearing.pk, attachment.pk])
    assert client.get(url).status_code == 200
    client.force_login(make_user(Role.LEAD))
    assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302  # to the login page


def test_points_get_comment_outcome_and_measures_and_the_measure_links_back(client, coordinator):
    hearing = HearingFactory(status="closed")
    measure = MeasureFactory(
        strategy=StrategyFactory(goal=GoalFactory(plan=hearing.plan)), code="2.2.2"
    )
    response = HearingResponseFactory(hearing=hearing)
    client.force_login(coordinator)
    client.post(
        reverse("hearings:response", args=[hearing.pk, response.pk]),
        {"text": "Eget tiltak for unge."},
    )
    client.post(
        reverse("hearings:response", args=[hearing.pk, response.pk]), {"text": "Mer penger."}
    )
    first, second = ResponsePoint.objects.order_by("number")
    assert (first.number, second.number) == (1, 2)
    manage = client.get(reverse("hearings:manage", args=[hearing.pk])).content.decode()
    assert "2 punkter mangler kommentar" in manage
    answer = client.post(
        reverse("hearings:point_edit", args=[hearing.pk, response.pk, first.pk]),
        {
            "text": first.text,
            "administration_comment": "Tatt inn som tiltak 2.2.2.",
            "outcome": "accepted",
            "measures_added": [measure.pk],
        },
    )
    assert answer.status_code == 302
    first.refresh_from_db()
    assert (first.outcome, first.commented_by) == ("accepted", coordinator)
    page = client.get(measure.get_absolute_url()).content.decode()
    assert "Endret etter høring" in page
    assert reverse("hearings:detail", args=[hearing.pk]) in page
    manage = client.get(reverse("hearings:manage", args=[hearing.pk])).content.decode()
    assert "1 punkter mangler kommentar" in manage


def test_appendix_pdf_has_the_organisation_comment_outcome_and_not_a_private_name(tmp_path):
    hearing = HearingFactory(status="closed")
    organisation = HearingResponseFactory(
        hearing=hearing, organisation="Leieboerforeningen Bodø", sender_name="Ola Leder"
    )
    services.point_create(response=organisation, by=None, text="Flere utleieboliger.")
    point = organisation.points.get()
    point.administration_comment = "Vurderes i tiltak 1.2.1."
    point.outcome = ResponsePoint.Outcome.PARTLY
    point.save()
    HearingResponseFactory(
        hearing=hearing,
        organisation="",
        sender_name="Hemmelig Privatperson",
        sender_category=ConsulteeCategory.PERSON,
        consent_to_publish_name=False,
        text="Jeg bor trangt.",
    )
    HearingResponseFactory(
        hearing=hearing,
        organisation="",
        sender_name="Synlig Samtykke",
        sender_category=ConsulteeCategory.PERSON,
        consent_to_publish_name=True,
    )
    Invitation.objects.create(hearing=hearing, consultee=ConsulteeFactory(name="Husbanken"))
    text = pdf_text(appendix.render(hearing).content)
    assert "Leieboerforeningen Bodø" in text
    assert "Vurderes i tiltak 1.2.1." in text
    assert "Delvis tatt til følge" in text
    assert "Husbanken" in text
    assert "Jeg bor trangt." in text
    assert "Hemmelig" not in text
    assert "Synlig Samtykke" in text
    # The command writes the same document.
    out = tmp_path / "vedlegg.pdf"
    call_command("hearing_appendix", str(hearing.pk), "-o", str(out))
    assert "Leieboerforeningen Bodø" in pdf_text(out.read_bytes())
    call_command("hearing_appendix", hearing.plan.slug, "-o", str(out))


def test_script_text_is_inert_in_the_pdf():
    hearing = HearingFactory(status="closed")
    HearingResponseFactory(hearing=hearing, text="<script>alert(1)</script> <b>fet</b>")
    text = pdf_text(appendix.render(hearing).content)
    assert "<script>alert(1)</script>" in text  # printed as text, not run or parsed as HTML
    assert "<b>fet</b>" in text


def test_the_worker_stores_the_appendix_and_staff_download_it(
    client, coordinator, django_capture_on_commit_callbacks
):
    hearing = HearingFactory(status="closed")
    HearingResponseFactory(hearing=hearing)
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("hearings:appendix_request", args=[hearing.pk]))
    hearing.refresh_from_db()
    assert hearing.appendix_file and hearing.appendix_rendered_at
    download = client.get(reverse("hearings:appendix", args=[hearing.pk]))
    assert download["Content-Type"] == "application/pdf"
    client.logout()
    assert client.get(reverse("hearings:appendix", args=[hearing.pk])).status_code == 404
    Hearing.objects.filter(pk=hearing.pk).update(status="processed")
    assert client.get(reverse("hearings:appendix", args=[hearing.pk])).status_code == 200


def test_status_moves_forward_and_short_period_warns(client, coordinator):
    hearing = HearingFactory(status="planned")
    client.force_login(coordinator)
    client.post(reverse("hearings:status", args=[hearing.pk]), {"status": "processed"})
    hearing.refresh_from_db()
    assert hearing.status == "planned"
    for status in ("open", "closed", "processed"):
        client.post(reverse("hearings:status", args=[hearing.pk]), {"status": status})
        hearing.refresh_from_db()
        assert hearing.status == status
    answer = client.post(
        reverse("hearings:create", args=[hearing.plan.slug]),
        {
            "title": "Kort høring",
            "text": "",
            "starts_on": "2030-01-01",
            "ends_on": "2030-01-20",
            "case_number": "",
            "announcement": "",
        },
        follow=True,
    )
    assert "kortere enn seks uker" in answer.content.decode()
    bad = client.post(
        reverse("hearings:create", args=[hearing.plan.slug]),
        {"title": "Feil", "starts_on": "2030-02-01", "ends_on": "2030-01-01"},
    )
    assert bad.status_code == 400
    assert "Høringsfristen må være etter høringsstart" in bad.content.decode()


def test_coordinator_decides_publication_and_the_closed_page_follows_it(client, coordinator):
    hearing = HearingFactory(status="closed")
    person = HearingResponseFactory(
        hearing=hearing,
        organisation="",
        sender_name="Per Privat",
        sender_category=ConsulteeCategory.PERSON,
        consent_to_publish_name=True,
        publication=HearingResponse.Publication.PENDING,
        text="Mitt innspill.",
    )
    url = reverse("hearings:response_publication", args=[hearing.pk, person.pk])
    client.force_login(coordinator)
    client.post(url, {"publication": "withheld", "publication_reason": ""})
    person.refresh_from_db()
    assert person.publication == "pending"  # a reason is required
    client.post(url, {"publication": "anonymised", "publication_reason": ""})
    client.logout()
    page = client.get(reverse("hearings:detail", args=[hearing.pk])).content.decode()
    assert "Mitt innspill." in page and "Per Privat" not in page


def test_the_excel_export_escapes_formulas(client, coordinator):
    hearing = HearingFactory()
    HearingResponseFactory(
        hearing=hearing, sender_name='=HYPERLINK("http://x")', text="+1+1", organisation="@SUM"
    )
    client.force_login(coordinator)
    answer = client.get(reverse("hearings:response_export", args=[hearing.pk]))
    sheet = load_workbook(io.BytesIO(answer.content)).active
    row = [cell.value for cell in sheet[2]]
    assert '\'=HYPERLINK("http://x")' in row and "'@SUM" in row and "'+1+1" in row
    assert all(cell.data_type != "f" for cell in sheet[2])


def test_appendix_leaves_out_withheld_and_unaccepted_late_responses():
    hearing = HearingFactory(status="closed")
    HearingResponseFactory(hearing=hearing, text="Tatt med.", publication="pending")
    HearingResponseFactory(
        hearing=hearing, text="Hatefullt.", publication="withheld", publication_reason="Hets"
    )
    HearingResponseFactory(hearing=hearing, text="For sent.", is_late=True)
    HearingResponseFactory(hearing=hearing, text="Sent, godtatt.", is_late=True, late_accepted=True)
    text = pdf_text(appendix.render(hearing).content)
    assert "Tatt med." in text and "Sent, godtatt." in text
    assert "Hatefullt." not in text and "For sent." not in text
