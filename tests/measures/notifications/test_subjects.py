"""E-mail subjects are plain text: not HTML-escaped in the e-mail, escaped once in the log."""

import pytest
from django.core import mail
from django.urls import reverse

from bodobolig.permissions import Role
from measures.models import Notification
from measures.notifications import notify
from tests.factories import make_user

pytestmark = pytest.mark.django_db

NAME = "Vår & høst «2025» – Kari's runde <b>"


def test_a_subject_with_ampersand_and_apostrophe_is_sent_and_logged_as_written(
    client, django_capture_on_commit_callbacks
):
    owner = make_user(Role.LEAD, email="eier@bodo.kommune.no")
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            Notification.Kind.ROUND_OPENED,
            [owner],
            key="round_opened:test",
            items=[{"round_name": NAME, "label": "Statusrapport", "code": "1.1.1", "title": "T"}],
        )

    notification = Notification.objects.get()
    assert notification.subject == f"Rapporteringsrunde åpnet: {NAME}"
    assert [message.subject for message in mail.outbox] == [
        f"[Bodø bolig] Rapporteringsrunde åpnet: {NAME}"
    ]

    client.force_login(make_user(Role.COORDINATOR))
    page = client.get(reverse("measures:notification_list")).content.decode()
    assert "Vår &amp; høst «2025» – Kari&#x27;s runde &lt;b&gt;" in page
    assert "&amp;amp;" not in page and "&amp;#x27;" not in page
