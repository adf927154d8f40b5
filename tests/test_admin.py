"""Every model of the project is in the admin with search and filters, and a superuser
can open its changelist and the change page of a real object.

One data set for the module: the Bodø demo plus an object of each model the demo
leaves empty. A model with no admin or no object fails; nothing is skipped.
Historical models (django-simple-history) have no admin of their own: their rows are
opened through the history pages of the model they record.
"""

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse

from analyses.models import StatisticsImport
from bodobolig.audit import log_action
from bodobolig.models import AuditEntry
from bodobolig.permissions import Role
from demo import bodo
from hearings.models import HearingDocument, HearingResponse, ResponseAttachment
from integrations.models import ApiToken
from integrations.services import api_token_create, calendar_feed_for
from measures import revisions
from measures.models import CouncilReport, Measure, NotificationPreference, WhoDoesWhatPdf
from tests.factories import CouncilReportFactory, NotificationFactory, make_user

APPS = ["bodobolig", "plans", "analyses", "measures", "hearings", "portal", "integrations", "demo"]
MODELS = [m for label in APPS for m in apps.get_app_config(label).get_models()]
# Single-row models: nothing to search in.
NO_SEARCH = {"FollowUpSettings"}


def _is_historical(model) -> bool:
    return hasattr(model, "instance_type") and model.__name__.startswith("Historical")


@pytest.fixture(scope="module")
def admin_user(django_db_setup, django_db_blocker):
    """The demo and one object of every model, shared by the module; rolled back after."""
    with django_db_blocker.unblock(), transaction.atomic():
        bodo.load_demo()
        superuser = make_user(Role.ADMIN)
        measure = Measure.objects.select_related("plan").first()
        log_action("measure.updated", actor=superuser, target=measure)
        NotificationFactory(recipient=superuser)
        NotificationPreference.objects.create(user=superuser, digest_opt_out=True)
        CouncilReportFactory(plan=measure.plan, status=CouncilReport.Status.READY)
        WhoDoesWhatPdf.objects.create(
            plan=measure.plan, fingerprint="0" * 64, requested_by=superuser
        )
        response = HearingResponse.objects.select_related("hearing").first()
        HearingDocument.objects.create(
            hearing=response.hearing,
            title="Høringsnotat om boligpolitikken",
            file=ContentFile(b"%PDF-1.4", name="notat.pdf"),
        )
        ResponseAttachment.objects.create(
            response=response,
            title="Vedlegg til boliguttalelse",
            file=ContentFile(b"%PDF-1.4", name="vedlegg.pdf"),
        )
        StatisticsImport.objects.create(file_name="boliger.json", path="statistics-imports/x")
        revisions.token(measure.plan_id)  # what the dashboard's first view makes
        api_token_create(user=superuser, name="Sak/arkiv")
        calendar_feed_for(superuser)
        yield superuser
        transaction.set_rollback(True)


def _url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def test_the_list_covers_every_app_of_the_project():
    base = str(settings.BASE_DIR)
    # The project's own apps: under BASE_DIR, not installed packages (a .venv may sit there too).
    project = {
        c.label
        for c in apps.get_app_configs()
        if c.path.startswith(base) and "site-packages" not in c.path
    }
    assert project == set(APPS), "add the new app to APPS"
    assert apps.get_model("bodobolig", "AuditEntry") in MODELS


@pytest.mark.django_db
@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_admin_pages_of_every_model_open(client, admin_user, model):
    client.force_login(admin_user)
    if _is_historical(model):
        recorded = model.instance_type
        assert recorded in admin.site._registry, f"{recorded.__name__} has no admin"
        row = model.objects.order_by("history_id").first()
        assert row is not None, f"no {model.__name__} row in the test data"
        assert client.get(_url(recorded, "history", row.id)).status_code == 200
        page = _url(recorded, "simple_history", row.id, row.history_id)
        assert client.get(page).status_code == 200
        return

    assert model in admin.site._registry, f"{model._meta.label} has no admin"
    model_admin = admin.site._registry[model]
    if model.__name__ not in NO_SEARCH:
        assert model_admin.search_fields, f"{model.__name__} has no search"
    assert client.get(_url(model, "changelist")).status_code == 200
    assert client.get(_url(model, "changelist"), {"q": "bolig"}).status_code == 200
    obj = model.objects.first()
    assert obj is not None, f"no {model._meta.label} object in the test data"
    assert client.get(_url(model, "change", obj.pk)).status_code == 200


@pytest.mark.django_db
def test_the_audit_trail_is_read_only_in_the_admin(client, admin_user):
    client.force_login(admin_user)
    entry = AuditEntry.objects.first()
    assert client.get(_url(AuditEntry, "add")).status_code == 403
    assert client.get(_url(AuditEntry, "delete", entry.pk)).status_code == 403
    page = client.get(_url(AuditEntry, "change", entry.pk))
    assert b'name="_save"' not in page.content
    assert client.post(_url(AuditEntry, "change", entry.pk), {"text": "x"}).status_code == 403


@pytest.mark.django_db
def test_the_administrator_revokes_a_users_token(client, admin_user):
    token = ApiToken.objects.get(user=admin_user, name="Sak/arkiv")
    client.force_login(admin_user)
    page = client.post(
        _url(ApiToken, "changelist"),
        {"action": "revoke", "_selected_action": [token.pk]},
        follow=True,
    )
    assert page.status_code == 200
    token.refresh_from_db()
    assert token.revoked_at is not None


@pytest.mark.django_db
def test_measures_are_not_deleted_in_bulk_from_the_admin(admin_user, client):
    """A measure goes one at a time, from its own page: no "delete selected" on the list."""
    client.force_login(admin_user)
    response = client.get(_url(Measure, "changelist"))
    assert response.status_code == 200
    assert "action-checkbox" not in response.content.decode()
    assert response.context["action_form"] is None
