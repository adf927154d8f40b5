"""POST /api/v1/hearings/{id}/responses/: the public response through the API runs the
web form's checks (submit_public_response) and answers 201/200/400/404/409/429."""

import uuid

import pytest

from hearings.models import Hearing, HearingResponse, ResponseAttachment
from tests.factories import HearingFactory
from tests.hearings import files

pytestmark = pytest.mark.django_db


def payload(**overrides):
    data = {
        "sender_name": "Kari Nordmann",
        "sender_category": "person",
        "email": "kari@example.org",
        "text": "Vi trenger flere små boliger i sentrum.",
        "submission_token": str(uuid.uuid4()),
    }
    data.update(overrides)
    return data


def url(hearing) -> str:
    return f"/api/v1/hearings/{hearing.pk}/responses/"


def post_json(client, hearing, data, **extra):
    return client.post(url(hearing), data, content_type="application/json", **extra)


def test_json_response_is_saved_and_answered_with_a_receipt_only(client):
    hearing = HearingFactory()
    answer = post_json(client, hearing, payload(consent_to_publish_name=True))
    assert answer.status_code == 201
    saved = HearingResponse.objects.get()
    assert answer.json() == {
        "id": saved.pk,
        "receipt_number": saved.receipt_number,
        "hearing": hearing.pk,
        "received_on": saved.received_on.isoformat(),
    }
    assert saved.channel == HearingResponse.Channel.WEB
    assert saved.sender_name == "Kari Nordmann" and saved.consent_to_publish_name is True


def test_multipart_response_with_a_real_pdf_keeps_the_attachment(client):
    hearing = HearingFactory()
    data = payload(consent_to_publish_name="false", attachments=[files.pdf()])
    answer = client.post(url(hearing), data)  # multipart/form-data
    assert answer.status_code == 201, answer.json()
    saved = HearingResponse.objects.get()
    assert saved.consent_to_publish_name is False  # "false" in a form is not True
    attachment = ResponseAttachment.objects.get(response=saved)
    assert attachment.content_type == "application/pdf"
    assert attachment.file.read().startswith(b"%PDF")


def test_a_script_renamed_pdf_is_refused_under_its_field(client):
    hearing = HearingFactory()
    answer = client.post(url(hearing), payload(attachments=[files.script_named_pdf()]))
    assert answer.status_code == 400
    body = answer.json()
    assert body["field"] == "attachments" and body["attachments"] == [body["detail"]]
    assert not HearingResponse.objects.exists()


def test_a_missing_field_gives_the_service_message_under_the_field(client):
    answer = post_json(client, HearingFactory(), payload(text="   "))
    assert answer.status_code == 400
    assert answer.json()["text"] == ["Skriv innspillet ditt."]


def test_an_email_longer_than_the_column_is_a_field_error_not_a_server_error(client):
    # Django's validator allows 320 characters; the column holds 254 (a 500 on PostgreSQL).
    answer = post_json(client, HearingFactory(), payload(email="a" * 250 + "@example.org"))
    assert answer.status_code == 400
    assert answer.json()["field"] == "email"


def test_a_double_submit_makes_one_response_and_returns_the_same_receipt(client):
    hearing = HearingFactory()
    data = payload()
    first = post_json(client, hearing, data)
    second = post_json(client, hearing, data)
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json() == second.json()
    assert HearingResponse.objects.count() == 1


def test_a_closed_hearing_answers_409_and_saves_nothing(client):
    hearing = HearingFactory(status=Hearing.Status.CLOSED)
    answer = post_json(client, hearing, payload())
    assert answer.status_code == 409
    assert answer.json()["code"] == "closed"
    assert "Høringen er stengt" in answer.json()["detail"]
    assert not HearingResponse.objects.exists()


def test_the_honeypot_is_refused(client):
    answer = post_json(client, HearingFactory(), payload(website="http://spam.example"))
    assert answer.status_code == 400
    assert answer.json()["code"] == "honeypot"
    assert not HearingResponse.objects.exists()


def test_the_rate_limit_per_address_answers_429_with_retry_after(client, settings):
    settings.HEARING_RESPONSES_PER_HOUR = 2
    hearing = HearingFactory()
    codes = [post_json(client, hearing, payload()).status_code for _ in range(2)]
    refused = post_json(client, hearing, payload())
    assert codes == [201, 201]
    assert refused.status_code == 429
    assert refused.json()["code"] == "rate_limited"
    assert refused["Retry-After"] == "3600"
    other = post_json(client, hearing, payload(), REMOTE_ADDR="10.9.8.7")
    assert other.status_code == 201  # another address has its own count
    assert HearingResponse.objects.count() == 3


def test_the_address_comes_from_the_proxy_header_as_on_the_page(client, settings):
    settings.HEARING_RESPONSES_PER_HOUR = 1
    settings.CLIENT_ADDRESS_HEADER = "HTTP_X_FORWARDED_FOR"
    hearing = HearingFactory()
    first = post_json(client, hearing, payload(), HTTP_X_FORWARDED_FOR="1.1.1.1")
    second = post_json(client, hearing, payload(), HTTP_X_FORWARDED_FOR="2.2.2.2")
    third = post_json(client, hearing, payload(), HTTP_X_FORWARDED_FOR="2.2.2.2")
    assert [first.status_code, second.status_code, third.status_code] == [201, 201, 429]


def test_a_planned_hearing_is_404_for_the_anonymous(client):
    hearing = HearingFactory(status=Hearing.Status.PLANNED)
    assert post_json(client, hearing, payload()).status_code == 404
    assert post_json(client, HearingFactory(), payload()).status_code == 201
    assert client.post("/api/v1/hearings/999999/responses/", payload()).status_code == 404
    assert HearingResponse.objects.count() == 1
