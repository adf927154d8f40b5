"""`notify`: the public way for any app to tell people about an event."""

import pytest
from django.core import mail
from django.db import IntegrityError, transaction

from bodobolig.permissions import Role
from measures.models import Notification
from measures.notifications import notify, notify_each
from tests.factories import MeasureFactory, make_user

pytestmark = pytest.mark.django_db

KIND = Notification.Kind.REPORT_PUBLISHED


def _items():
    return [{"label": "Statusrapport 2026", "url": "https://bolig.example.no/rapporter/1/"}]


def test_notify_records_one_row_per_recipient_and_sends_after_commit(
    django_capture_on_commit_callbacks,
):
    first, second = make_user(Role.POLITICIAN), make_user(Role.POLITICIAN)

    with django_capture_on_commit_callbacks(execute=True):
        ids = notify(KIND, [first, second, first], key="report:1", items=_items())
        assert mail.outbox == []  # nothing leaves before the commit

    rows = Notification.objects.filter(pk__in=ids).order_by("recipient_id")
    assert [(n.key, n.recipient) for n in rows] == [
        (f"report:1:{first.pk}", first),
        (f"report:1:{second.pk}", second),
    ]
    assert sorted(m.to[0] for m in mail.outbox) == sorted([first.email, second.email])
    assert all(n.state == Notification.State.SENT for n in Notification.objects.all())


def test_notifying_the_same_event_twice_sends_nothing_new(django_capture_on_commit_callbacks):
    politician = make_user(Role.POLITICIAN)
    with django_capture_on_commit_callbacks(execute=True):
        notify(KIND, [politician], key="report:2", items=_items())
    with django_capture_on_commit_callbacks(execute=True):
        notify(KIND, [politician], key="report:2", items=_items())

    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1


def test_notify_skips_inactive_users_and_none(django_capture_on_commit_callbacks):
    active, inactive = make_user(Role.LEAD), make_user(Role.LEAD)
    inactive.is_active = False
    inactive.save()

    with django_capture_on_commit_callbacks(execute=True):
        notify(KIND, [active, inactive, None], key="report:3", items=_items())

    assert list(Notification.objects.values_list("recipient", flat=True)) == [active.pk]


def test_notify_links_the_measures_it_is_about(django_capture_on_commit_callbacks):
    measure = MeasureFactory()
    with django_capture_on_commit_callbacks(execute=True):
        notify(KIND, [measure.responsible_person], key="m:1", measure_ids=[measure.pk])

    assert list(Notification.objects.get().measures.all()) == [measure]


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_event_sends_nothing():
    politician = make_user(Role.POLITICIAN)
    with pytest.raises(RuntimeError), transaction.atomic():
        notify(KIND, [politician], key="report:4", items=_items())
        raise RuntimeError("the action failed")

    assert Notification.objects.count() == 0
    assert mail.outbox == []


def test_notify_a_bare_address_records_a_row_without_user():
    # (The hearing tests send such rows: their kinds' e-mails are written for addresses.)
    ids = notify(KIND, ["Post@Example.org", ""], key="report:3", items=_items())

    row = Notification.objects.get(pk__in=ids)
    assert (row.key, row.recipient, row.email, row.address) == (
        "report:3:post@example.org",
        None,
        "Post@Example.org",
        "Post@Example.org",
    )
    assert row.state == Notification.State.QUEUED
    # The same event again, the address in other case: the key is taken, nothing new.
    notify(KIND, ["post@example.org"], key="report:3", items=_items())
    assert Notification.objects.count() == 1


@pytest.mark.parametrize("with_user", [True, False])
def test_a_row_has_either_a_user_or_an_address(with_user):
    user = make_user(Role.POLITICIAN) if with_user else None
    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(
            key="x:1", kind=KIND, recipient=user, email="post@example.org" if with_user else ""
        )


def test_notify_each_records_one_event_per_recipient_in_one_go():
    user = make_user(Role.POLITICIAN)
    ids = notify_each(
        KIND,
        [("report:4", user, _items()), ("report:5", "a@example.org", _items()), ("x", None, [])],
    )
    assert sorted(Notification.objects.filter(pk__in=ids).values_list("key", flat=True)) == [
        "report:4:" + str(user.pk),
        "report:5:a@example.org",
    ]
