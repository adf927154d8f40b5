"""Every model has an admin with search and filters, and its pages answer."""

import pytest
from django.contrib import admin
from django.urls import reverse

from bodobolig.permissions import Role
from demo import bodo
from tests.factories import make_user

pytestmark = pytest.mark.django_db

APPS = ["plans", "analyses", "measures", "hearings"]
MODELS = [m for m in admin.site._registry if m._meta.app_label in APPS]


def test_every_model_of_the_apps_is_in_the_admin():
    from django.apps import apps

    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            if model.__name__.startswith("Historical"):
                continue
            assert model in admin.site._registry, model


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_admin_changelist_searches_and_filters(client, model):
    model_admin = admin.site._registry[model]
    if model.__name__ != "FollowUpSettings":  # a single row: nothing to search
        assert model_admin.search_fields, f"{model.__name__} has no search"
    bodo.load_demo()
    client.force_login(make_user(Role.ADMIN))
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    assert client.get(url, {"q": "bolig"}).status_code == 200
    obj = model.objects.first()
    if obj is not None:
        change = reverse(
            f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk]
        )
        assert client.get(change).status_code == 200
