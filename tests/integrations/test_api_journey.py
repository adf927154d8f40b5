"""A whole follow-up through the API only: each person makes a token on the integrations
page, then the coordinator orders an implementation plan, the lead writes and submits it,
the coordinator approves it, the lead reports status, and the coordinator requests the
council report and fetches it as a PDF."""

import io
import re

import pytest
from django.test import Client
from pypdf import PdfReader

from bodobolig.permissions import Role
from tests.factories import MeasureFactory, PlanFactory, make_department_with_lead, make_user

pytestmark = pytest.mark.django_db


def token_from_the_page(user) -> str:
    """Log in, make a named token on /integrasjoner/, read the key shown once."""
    browser = Client()
    browser.force_login(user)
    page = browser.post("/integrasjoner/nokler/ny/", {"name": "Fagsystem"})
    assert page.status_code == 201
    return re.search(r'id="new-key" type="text" readonly value="([^"]+)"', page.text).group(1)


class Api:
    def __init__(self, token: str):
        self.client = Client()
        self.headers = {"HTTP_AUTHORIZATION": f"Token {token}"}

    def get(self, url, **kwargs):
        return self.client.get(url, **self.headers, **kwargs)

    def send(self, method, url, data):
        return getattr(self.client, method)(
            url, data, content_type="application/json", **self.headers
        )


def test_order_submit_approve_report_and_fetch_the_pdf(django_capture_on_commit_callbacks):
    department, lead = make_department_with_lead(name="Helse- og omsorgsavdelingen")
    coordinator = make_user(Role.COORDINATOR)
    plan = PlanFactory(period_start=2024, period_end=2028)
    measure = MeasureFactory(
        plan=plan,
        strategy__goal__plan=plan,
        responsible_department=department,
        responsible_person=lead,
    )
    koordinator = Api(token_from_the_page(coordinator))
    leder = Api(token_from_the_page(lead))

    # The coordinator orders the implementation plan.
    with django_capture_on_commit_callbacks(execute=True):
        ordered = koordinator.send(
            "post",
            "/api/v1/implementation-plans/",
            {"measure": measure.pk, "due_date": "2099-03-01", "message": "Før budsjettet."},
        )
    assert ordered.status_code == 201, ordered.json()
    ip = ordered.json()
    assert ip["status"] == "ordered"

    # The lead finds it among the measure's, writes the draft and submits it.
    mine = leder.get(f"/api/v1/implementation-plans/?measure={measure.pk}").json()["results"]
    assert [row["id"] for row in mine] == [ip["id"]]
    draft = leder.send(
        "patch",
        f"/api/v1/implementation-plans/{ip['id']}/",
        {
            "version": ip["version"],
            "expected_result": "Seks nye boliger i 2026.",
            "activities": [{"title": "Kartlegge behov", "due_date": "2099-02-01"}],
        },
    )
    assert draft.status_code == 200, draft.json()
    with django_capture_on_commit_callbacks(execute=True):
        submitted = leder.send(
            "post",
            f"/api/v1/implementation-plans/{ip['id']}/submit/",
            {"version": draft.json()["version"]},
        )
    assert submitted.status_code == 200, submitted.json()
    assert submitted.json()["status"] == "submitted"

    # The lead may not approve; the coordinator does.
    refused = leder.send(
        "post",
        f"/api/v1/implementation-plans/{ip['id']}/approve/",
        {"version": submitted.json()["version"]},
    )
    assert refused.status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        approved = koordinator.send(
            "post",
            f"/api/v1/implementation-plans/{ip['id']}/approve/",
            {"version": submitted.json()["version"]},
        )
    assert approved.status_code == 200
    assert approved.json()["status"] == "approved"

    # The lead reports status; the measure follows.
    with django_capture_on_commit_callbacks(execute=True):
        update = leder.send(
            "post",
            f"/api/v1/measures/{measure.pk}/status-updates/",
            {"status": "in_progress", "progress": 60, "text": "Fire av seks boliger er i bruk."},
        )
    assert update.status_code == 201, update.json()
    shown = koordinator.get(f"/api/v1/measures/{measure.pk}/").json()
    assert shown["progress"] == 60
    assert shown["latest_status_update"]["id"] == update.json()["id"]
    assert shown["implementation_plan"]["status"] == "approved"

    # The coordinator requests the council report (202), follows it and fetches the PDF.
    with django_capture_on_commit_callbacks(execute=True):
        requested = koordinator.send(
            "post",
            "/api/v1/reports/",
            {"plan": plan.pk, "as_of": "2025-06-30", "case_number": "25/1234"},
        )
    assert requested.status_code == 202, requested.json()
    report = koordinator.get(requested["Location"]).json()
    assert report["status"] == "ready", report
    pdf = koordinator.get(report["file"], HTTP_ACCEPT="application/pdf")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    body = b"".join(pdf.streaming_content)
    assert body.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
    # A long code (factory sequences after other modules, e.g. "195.195.198") may wrap in
    # the appendix's narrow code column; the PDF still holds it, split by a line break.
    assert measure.code in "".join(text.split())
