"""The demo's hearings: the seed's hearing, consultees and meetings on the process page, and
an illustrative hearing open from the day the demo is loaded."""

import pytest
from django.urls import reverse
from django.utils import timezone

from demo import bodo
from hearings.models import EngagementMeeting, Hearing
from plans.models import Plan

pytestmark = pytest.mark.django_db


def test_demo_process_page_and_an_open_illustrative_hearing(
    client, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    bodo.load_demo(today=today)
    historic = Plan.objects.get(slug=bodo.HISTORIC_SLUG)
    page = client.get(reverse("hearings:process", args=[historic.slug])).content.decode()
    meetings = EngagementMeeting.objects.filter(
        plan=historic, kind=EngagementMeeting.Kind.USER_MEETING
    )
    assert meetings.count() == 10
    assert all(m.title in page for m in meetings)
    assert "Trinn 6" in page
    assert "Presentasjon av høringsutkastet for levekårskomiteen" in page
    seed_hearing = Hearing.objects.get(plan=historic)
    assert reverse("hearings:detail", args=[seed_hearing.pk]) in page
    hearing_page = client.get(reverse("hearings:detail", args=[seed_hearing.pk])).content.decode()
    assert "Høringen er avsluttet" in hearing_page
    assert "Råd for funksjonshemmede" in hearing_page  # the published response

    illustrative = Hearing.objects.get(is_illustrative=True)
    assert illustrative.starts_on == today and illustrative.status == Hearing.Status.OPEN
    assert (illustrative.ends_on - today).days >= 42
    listing = client.get(reverse("hearings:list")).content.decode()
    assert illustrative.title in listing and "illustrativt eksempel" in listing
    detail = client.get(reverse("hearings:detail", args=[illustrative.pk])).content.decode()
    assert "Illustrativt eksempel" in detail and 'name="text"' in detail
    # A reload replaces the demo's hearings instead of adding to them.
    bodo.load_demo(today=today)
    assert Hearing.objects.filter(is_illustrative=True).count() == 1
