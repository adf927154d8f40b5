"""bodobolig/form_pages.py: the shared POST step of the create and edit pages."""

from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.test import RequestFactory

from bodobolig.errors import DomainError
from bodobolig.form_pages import save_and_redirect


class NameForm(forms.Form):
    name = forms.CharField()


def _request(method, data=None):
    request = getattr(RequestFactory(), method)("/", data or {})
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def _refuse():
    raise DomainError("Navnet er tatt.", field="name")


def test_a_get_or_bad_input_shows_the_page_and_saves_nothing():
    saved = []
    for request in (_request("get"), _request("post", {"name": ""})):
        form = NameForm(request.POST or None)
        assert save_and_redirect(request, form, lambda: saved.append(1), message="", to="/") is None
    assert saved == []


def test_a_refusal_goes_onto_its_field():
    request = _request("post", {"name": "Kari"})
    form = NameForm(request.POST)
    assert save_and_redirect(request, form, _refuse, message="Lagret.", to="/") is None
    assert form.errors == {"name": ["Navnet er tatt."]}
    assert list(get_messages(request)) == []


def test_a_saved_form_says_so_and_goes_on_to_the_saved_object():
    request = _request("post", {"name": "Kari"})
    form = NameForm(request.POST)
    response = save_and_redirect(
        request,
        form,
        lambda: form.cleaned_data["name"],
        message="Lagret.",
        to=lambda name: f"/folk/{name}/",
    )
    assert (response.status_code, response["Location"]) == (302, "/folk/Kari/")
    assert [str(m) for m in get_messages(request)] == ["Lagret."]
