"""Error pages are Norwegian, in the site's layout, with the landmarks and skip link."""

import pytest

from bodobolig.permissions import Role
from tests.factories import MeasureFactory, make_user

pytestmark = pytest.mark.django_db


def test_404_is_norwegian_and_in_the_layout(client):
    response = client.get("/planer/finnes-ikke/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Siden finnes ikke" in html
    assert '<a class="ds-skip-link" href="#main">' in html and '<main id="main"' in html


def test_403_is_norwegian_and_in_the_layout(client):
    measure = MeasureFactory()
    client.force_login(make_user(Role.LEAD))
    response = client.get(f"/tiltak/{measure.pk}/rediger/")
    assert response.status_code == 403
    assert "Ingen tilgang" in response.content.decode()


def test_500_page_needs_no_context(settings):
    from django.template.loader import render_to_string

    settings.DEBUG = False
    html = render_to_string("500.html")
    assert '<html lang="nb">' in html and "Noe gikk galt" in html
