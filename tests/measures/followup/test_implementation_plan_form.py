"""The implementation-plan edit page as a form that saves work: the coordinator's order
beside the form, funding totals per year, and two people editing at once (issue 14:
the second person's save must not delete the rows the first person added)."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from measures.followup import services as followup_services
from measures.models import FundingRequest, ImplementationPlan
from tests.html_form import form_fields
from tests.measures.workflow_world import make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return make_world()


@pytest.fixture
def ip(w):
    ordered = followup_services.implementation_plan_order(
        measures=[w.measure],
        due_date=timezone.localdate(),
        message="Lever planen før budsjettmøtet, takk.",
        by=w.coordinator,
    ).ordered[0]
    return followup_services.implementation_plan_save_draft(
        implementation_plan=ordered,
        by=w.lead,
        expected_version=ordered.version,
        expected_result="Resultat",
        activities=[{"title": "Kartlegge behov"}, {"title": "Skrive rutine"}],
        funding=[
            {"year": 2026, "amount": 100000, "source": "operating"},
            {"year": 2026, "amount": 50000, "source": "husbanken"},
            {"year": 2027, "amount": 70000, "source": "operating"},
        ],
    )


def _url(w):
    return reverse("measures:implementation_plan_edit", args=[w.measure.pk])


def _open_form(client, user, w) -> dict:
    client.force_login(user)
    response = client.get(_url(w))
    assert response.status_code == 200
    return form_fields(response.content.decode(), with_field="version")


def _fill_blank_activity(fields: dict, title: str) -> None:
    """Type into the empty row every form has at the end, as a user without JS would."""
    last = int(fields["activities-TOTAL_FORMS"]) - 1
    assert fields[f"activities-{last}-title"] == ""
    fields[f"activities-{last}-title"] = title


def _titles(ip):
    return list(ip.activities.order_by("position").values_list("title", flat=True))


def test_the_edit_page_shows_the_order_text_and_due_date(client, w, ip):
    client.force_login(w.lead)
    body = client.get(_url(w)).content.decode()
    assert "Bestillingen fra koordinator" in body
    assert "Lever planen før budsjettmøtet, takk." in body
    assert timezone.localdate().strftime("%d.%m.%Y") in body


def test_funding_is_summed_per_year_and_for_the_period(client, w, ip):
    client.force_login(w.lead)
    response = client.get(_url(w))
    totals = {row["year"]: row["amount"] for row in response.context["funding_totals"]}
    assert totals == {2026: Decimal("150000"), 2027: Decimal("70000")}
    assert response.context["funding_grand_total"] == Decimal("220000")
    body = response.content.decode()
    assert "150\xa0000\xa0kr" in body  # the number and its unit never split


def test_a_second_save_after_a_conflict_keeps_the_rows_the_other_person_added(client, w, ip):
    # Lars and Hilde open the edit page at the same time.
    lars = _open_form(client, w.lead, w)
    hilde = _open_form(client, w.colleague, w)

    # Lars adds an activity and saves.
    _fill_blank_activity(lars, "Lars sin nye aktivitet")
    client.force_login(w.lead)
    assert client.post(_url(w), {**lars, "save": "1"}).status_code == 302
    assert "Lars sin nye aktivitet" in _titles(ip)

    # Hilde changes a text and saves the form she opened: refused, Lars's row carried in.
    hilde["risks"] = "Hildes risiko"
    client.force_login(w.colleague)
    conflict = client.post(_url(w), {**hilde, "save": "1"})
    assert conflict.status_code == 409
    body = conflict.content.decode()
    assert "er tatt med i skjemaet" in body

    # She saves the form as it is shown now: Lars's activity survives, her text is saved.
    shown = form_fields(body, with_field="version")
    assert "Lars sin nye aktivitet" in shown.values()
    assert client.post(_url(w), {**shown, "save": "1"}).status_code == 302
    ip.refresh_from_db()
    assert _titles(ip) == ["Kartlegge behov", "Skrive rutine", "Lars sin nye aktivitet"]
    assert ip.risks == "Hildes risiko"


def test_a_row_the_second_person_removed_stays_removed_after_the_conflict(client, w, ip):
    lars = _open_form(client, w.lead, w)
    hilde = _open_form(client, w.colleague, w)
    lars["funding-0-amount"] = "120000"
    client.force_login(w.lead)
    assert client.post(_url(w), {**lars, "save": "1"}).status_code == 302

    # Hilde ticks "Fjern" on the second activity; her save meets Lars's newer version.
    hilde["activities-1-DELETE"] = "on"
    client.force_login(w.colleague)
    conflict = client.post(_url(w), {**hilde, "save": "1"})
    assert conflict.status_code == 409
    shown = form_fields(conflict.content.decode(), with_field="version")
    assert shown.get("activities-1-DELETE") == "on"  # her choice is still in the form
    assert client.post(_url(w), {**shown, "save": "1"}).status_code == 302
    ip.refresh_from_db()
    assert _titles(ip) == ["Kartlegge behov"]


def test_a_funding_row_added_by_the_other_person_is_carried_in_too(client, w, ip):
    lars = _open_form(client, w.lead, w)
    hilde = _open_form(client, w.colleague, w)
    last = int(lars["funding-TOTAL_FORMS"]) - 1
    lars.update(
        {
            f"funding-{last}-year": "2028",
            f"funding-{last}-amount": "9000",
            f"funding-{last}-source": "investment",
        }
    )
    client.force_login(w.lead)
    assert client.post(_url(w), {**lars, "save": "1"}).status_code == 302
    client.force_login(w.colleague)
    conflict = client.post(_url(w), {**hilde, "save": "1"})
    assert conflict.status_code == 409
    shown = form_fields(conflict.content.decode(), with_field="version")
    assert client.post(_url(w), {**shown, "save": "1"}).status_code == 302
    assert FundingRequest.objects.filter(implementation_plan=ip, year=2028).count() == 1
    assert ImplementationPlan.objects.get(pk=ip.pk).funding.count() == 4


def test_without_javascript_save_and_add_rows_gives_a_new_empty_row(client, w, ip):
    fields = _open_form(client, w.lead, w)
    _fill_blank_activity(fields, "Tredje")
    response = client.post(_url(w), {**fields, "more": "1"})
    assert response.status_code == 302 and response.url == _url(w)
    again = _open_form(client, w.lead, w)
    assert int(again["activities-TOTAL_FORMS"]) == 4  # three saved and a new empty one
    assert _titles(ip) == ["Kartlegge behov", "Skrive rutine", "Tredje"]


def test_the_edit_page_query_count_does_not_grow_with_rows(client, w, ip):
    client.force_login(w.lead)

    def save(rows: int, years: int):
        current = ImplementationPlan.objects.get(pk=ip.pk)
        followup_services.implementation_plan_save_draft(
            implementation_plan=current,
            by=w.lead,
            expected_version=current.version,
            expected_result="Resultat",
            activities=[
                {"title": f"Aktivitet {n}", "responsible": w.colleague} for n in range(rows)
            ],
            funding=[
                {"year": 2025 + n % 4, "amount": 1000, "source": "operating"} for n in range(years)
            ],
        )

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(_url(w)).status_code == 200
        return len(queries)

    save(1, 1)
    few = count()
    save(12, 9)
    assert count() == few  # the people in each row's <select> are read once
