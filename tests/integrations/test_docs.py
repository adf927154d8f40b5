"""The browsable docs at /api/v1/docs/: Swagger UI from the installed package (no CDN),
no inline script or style, and the schema at /api/v1/schema/."""

import re

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def test_the_docs_page_loads_everything_from_our_own_server(client):
    page = client.get("/api/v1/docs/")
    assert page.status_code == 200
    html = page.text
    sources = re.findall(r'<script src="([^"]+)"', html)
    assert len(sources) == 3
    assert all(src.startswith("/") for src in sources), sources  # no CDN
    bodies = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    assert len(bodies) == 3 and all("src=" in attrs and not body.strip() for attrs, body in bodies)
    assert "<style" not in html and 'style="' not in html
    for source in sources[:2]:
        path = source.split("/static/", 1)[1]
        assert finders.find(path), f"{path} is not in the installed static files"
    init = client.get(sources[2])
    assert init.status_code == 200
    assert "SwaggerUIBundle" in init.text
    assert "/api/v1/schema/" in init.text


def test_the_schema_is_openapi_3_with_the_token_scheme(client):
    schema = client.get("/api/v1/schema/?format=json").json()
    assert schema["openapi"].startswith("3.")
    assert schema["components"]["securitySchemes"]["tokenAuth"]["in"] == "header"
    assert "/api/v1/reports/{id}/pdf/" in schema["paths"]
