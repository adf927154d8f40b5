"""The public response form and `submit_public_response`: every refusal has a clear
Norwegian message and no server error; nothing is saved twice."""

import datetime as dt
import uuid

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from bodobolig.errors import DomainError
from bodobolig.permissions import Role
from hearings import services
from hearings.models import Hearing, HearingResponse, Invitation
from hearings.uploads import MAX_FILE_BYTES
from tests.factories import ConsulteeFactory, HearingFactory, make_user
from tests.hearings import files

pytestmark = pytest.mark.django_db
CAPTURE = None
SCRIPT = "<script>alert('x')</script>"


def form_data(**overrides):
    data = {
        "sender_name": "Kari Nordmann",
        "organisation": "",
        "sender_category": "person",
        "email": "kari@example.org",
        "text": "Vi trenger flere små boliger i sentrum.",
        "submission_token": str(uuid.uuid4()),
        "website": "",
    }
    data.update(overrides)
    return data


@pytest.fixture(autouse=True)
def _after_commit(django_capture_on_commit_callbacks):
    """Run the side effects queued after commit (the receipt) as a real request would."""
    global CAPTURE
    CAPTURE = django_capture_on_commit_callbacks


def post(client, hearing, data, attachments=(), address="10.0.0.1"):
    payload = dict(data)
    if attachments:
        payload["attachments"] = list(attachments)
    with CAPTURE(execute=True):
        return client.post(
            reverse("hearings:detail", kwargs={"pk": hearing.pk}), payload, REMOTE_ADDR=address
        )


def test_response_with_attachment_is_saved_with_receipt_and_email(client, settings):
    hearing = HearingFactory()
    answer = post(client, hearing, form_data(), [files.pdf()])
    response = HearingResponse.objects.get()
    assert answer.status_code == 302
    assert answer.url == reverse(
        "hearings:receipt", kwargs={"pk": hearing.pk, "response_id": response.pk}
    )
    page = client.get(answer.url)
    assert response.receipt_number in page.content.decode()
    attachment = response.attachments.get()
    assert attachment.content_type == "application/pdf"
    assert attachment.file.name.endswith(".pdf")
    # Stored outside MEDIA_ROOT: never reachable through the media URL.
    assert attachment.file.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not attachment.file.path.startswith(str(settings.MEDIA_ROOT) + "/hearing")
    assert len(mail.outbox) == 1
    assert response.receipt_number in mail.outbox[0].subject
    assert mail.outbox[0].to == ["kari@example.org"]
    response.refresh_from_db()
    assert response.receipt_sent_at is not None


def test_oversize_file_is_refused_with_a_message(client):
    hearing = HearingFactory()
    big = files.pdf(content=files.PDF + b"0" * MAX_FILE_BYTES)
    answer = post(client, hearing, form_data(), [big])
    assert answer.status_code == 400
    assert "større enn 20 MB" in answer.content.decode()
    assert not HearingResponse.objects.exists()


def test_script_renamed_to_pdf_is_refused(client):
    hearing = HearingFactory()
    answer = post(client, hearing, form_data(), [files.script_named_pdf()])
    assert answer.status_code == 400
    assert "er ikke en PDF, DOCX, ODT, JPEG eller PNG" in answer.content.decode()
    assert not HearingResponse.objects.exists()


def test_docx_and_png_are_accepted_by_content():
    hearing = HearingFactory()
    response, created = services.submit_public_response(
        hearing, data=form_data(), files=[files.docx(), files.png()], client_address="1.2.3.4"
    )
    assert created
    assert sorted(a.content_type for a in response.attachments.all()) == [
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "image/png",
    ]


def test_more_than_five_files_are_refused():
    hearing = HearingFactory()
    with pytest.raises(DomainError) as error:
        services.submit_public_response(
            hearing, data=form_data(), files=[files.pdf() for _ in range(6)], client_address="x"
        )
    assert error.value.field == "attachments"
    assert not HearingResponse.objects.exists()


def test_script_in_the_text_is_inert_on_every_page_and_in_the_email(client):
    hearing = HearingFactory()
    post(client, hearing, form_data(text=SCRIPT, sender_name=SCRIPT))
    response = HearingResponse.objects.get()
    response.publication = HearingResponse.Publication.PUBLISHED
    response.save()
    escaped = "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;"
    html_mail = mail.outbox[0].alternatives[0][0]
    assert SCRIPT not in html_mail and escaped in html_mail
    coordinator = make_user(Role.COORDINATOR)
    client.force_login(coordinator)
    page = client.get(reverse("hearings:response", args=[hearing.pk, response.pk]))
    assert SCRIPT not in page.content.decode() and escaped in page.content.decode()
    Hearing.objects.filter(pk=hearing.pk).update(status=Hearing.Status.CLOSED)
    public = client.get(reverse("hearings:detail", args=[hearing.pk]))
    assert SCRIPT not in public.content.decode() and escaped in public.content.decode()
    manage = client.get(reverse("hearings:manage", args=[hearing.pk]))
    assert SCRIPT not in manage.content.decode()


def test_past_deadline_closes_the_form_with_a_message(client):
    hearing = HearingFactory(
        starts_on=dt.date.today() - dt.timedelta(days=60),
        ends_on=dt.date.today() - dt.timedelta(days=1),
    )
    page = client.get(reverse("hearings:detail", args=[hearing.pk]))
    assert "Høringen er avsluttet" in page.content.decode()
    assert 'name="text"' not in page.content.decode()
    answer = post(client, hearing, form_data())
    assert answer.status_code == 400
    assert "Høringen er stengt" in answer.content.decode()
    assert not HearingResponse.objects.exists()


def test_double_submit_creates_one_response(client):
    hearing = HearingFactory()
    data = form_data()
    first = post(client, hearing, data, [files.pdf()])
    second = post(client, hearing, data, [files.pdf()])
    assert HearingResponse.objects.count() == 1
    assert first.url == second.url
    assert len(mail.outbox) == 1


def test_flood_beyond_the_rate_limit_is_refused(client, settings):
    settings.HEARING_RESPONSES_PER_HOUR = 3
    hearing = HearingFactory()
    for _ in range(3):
        assert post(client, hearing, form_data()).status_code == 302
    answer = post(client, hearing, form_data())
    assert answer.status_code == 400
    assert "mange innspill fra samme adresse" in answer.content.decode()
    assert HearingResponse.objects.count() == 3
    # Another address is not affected; the address itself is never stored.
    assert post(client, hearing, form_data(), address="10.0.0.2").status_code == 302
    assert not HearingResponse.objects.filter(client_key="10.0.0.1").exists()


def test_honeypot_refuses_without_saving(client):
    hearing = HearingFactory()
    answer = post(client, hearing, form_data(website="http://spam.example"))
    assert answer.status_code == 400
    assert "Innspillet kunne ikke tas imot" in answer.content.decode()
    assert not HearingResponse.objects.exists()


def test_missing_fields_get_field_messages(client):
    hearing = HearingFactory()
    answer = post(client, hearing, form_data(text="", email="ikke-en-adresse"))
    assert answer.status_code == 400
    assert 'aria-invalid="true"' in answer.content.decode()
    assert not HearingResponse.objects.exists()


def test_organisation_must_be_named_when_answering_for_one():
    with pytest.raises(DomainError) as error:
        services.submit_public_response(
            HearingFactory(),
            data=form_data(sender_category="interest"),
            client_address="x",
        )
    assert error.value.field == "organisation"


def test_receipt_is_not_lost_when_mail_fails(client, settings):
    settings.CELERY_TASK_EAGER_PROPAGATES = False
    settings.EMAIL_BACKEND = "tests.hearings.test_public_response.BrokenBackend"
    hearing = HearingFactory()
    answer = post(client, hearing, form_data())
    assert answer.status_code == 302
    response = HearingResponse.objects.get()
    assert response.receipt_sent_at is None  # released for a retry


def test_an_invited_consultee_answering_on_the_web_is_marked_answered():
    hearing = HearingFactory()
    consultee = ConsulteeFactory(email="post@leieboer.no")
    Invitation.objects.create(hearing=hearing, consultee=consultee, status="sent")
    services.submit_public_response(
        hearing,
        data=form_data(email="POST@leieboer.no", sender_category="interest", organisation="LF"),
        client_address="x",
    )
    assert Invitation.objects.get().status == Invitation.Status.ANSWERED


def test_planned_hearing_is_hidden_from_the_public(client):
    hearing = HearingFactory(status=Hearing.Status.PLANNED, starts_on=timezone.localdate())
    assert client.get(reverse("hearings:detail", args=[hearing.pk])).status_code == 404
    assert hearing.title not in client.get(reverse("hearings:list")).content.decode()


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise OSError("SMTP server down")


def test_behind_the_proxy_the_limit_counts_per_visitor(client, settings):
    settings.HEARING_RESPONSES_PER_HOUR = 1
    settings.CLIENT_ADDRESS_HEADER = "HTTP_X_FORWARDED_FOR"
    hearing = HearingFactory()
    url = reverse("hearings:detail", kwargs={"pk": hearing.pk})

    def send(visitor):
        with CAPTURE(execute=True):
            return client.post(
                url,
                form_data(),
                REMOTE_ADDR="127.0.0.1",
                HTTP_X_FORWARDED_FOR=f"6.6.6.6, {visitor}",
            )

    assert send("10.1.1.1").status_code == 302
    assert send("10.1.1.2").status_code == 302  # same proxy, another visitor
    assert send("10.1.1.1").status_code == 400  # the first visitor again
