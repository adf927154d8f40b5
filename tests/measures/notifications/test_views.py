"""The notification log, the user's preferences and the coordinator's follow-up settings."""

import pytest
from django.urls import reverse

from bodobolig.permissions import Role
from measures.models import FollowUpSettings, Notification, NotificationPreference
from tests.factories import NotificationFactory, make_user

pytestmark = pytest.mark.django_db

LOG = reverse("measures:notification_list")
PREFERENCES = reverse("measures:notification_preferences")
SETTINGS = reverse("measures:follow_up_settings")


def user_for(role):
    if role == "anonymous":
        return None
    return make_user(None if role == "no_role" else Role(role))


def get_as(client, role, url):
    user = user_for(role)
    if user is not None:
        client.force_login(user)
    return client.get(url), user


@pytest.mark.parametrize(
    ("role", "log", "preferences", "settings_page"),
    [
        ("anonymous", 302, 302, 302),
        ("no_role", 200, 200, 403),
        ("politician", 200, 200, 403),
        ("lead", 200, 200, 403),
        ("coordinator", 200, 200, 200),
        ("admin", 200, 200, 200),
    ],
)
def test_permission_matrix(client, role, log, preferences, settings_page):
    user = user_for(role)
    if user is not None:
        client.force_login(user)

    assert client.get(LOG).status_code == log
    assert client.get(PREFERENCES).status_code == preferences
    assert client.get(SETTINGS).status_code == settings_page
    if role == "anonymous":
        assert client.get(LOG).url.startswith(reverse("login"))


@pytest.mark.parametrize("role", ["politician", "lead"])
def test_others_see_only_their_own_notices(client, role):
    user = make_user(Role(role))
    mine = NotificationFactory(recipient=user, subject="Til meg")
    NotificationFactory(subject="Til en annen")
    client.force_login(user)

    response = client.get(LOG)

    assert list(response.context["notifications"]) == [mine]
    assert "Til en annen" not in response.content.decode()
    assert "recipient" not in response.context["form"].fields
    # Filtering by someone else's id changes nothing: the field is not there.
    other = client.get(LOG, {"recipient": mine.pk + 1})
    assert list(other.context["notifications"]) == [mine]


def test_the_log_shows_the_address_of_a_recipient_without_account(client):
    NotificationFactory(recipient=None, email="post@laget.no", subject="Til en adresse")
    client.force_login(make_user(Role.COORDINATOR))
    page = client.get(LOG).content.decode()
    assert "post@laget.no" in page and "uten brukerkonto" in page

    client.force_login(make_user(Role.LEAD))
    assert "post@laget.no" not in client.get(LOG).content.decode()


def test_coordinator_sees_everything_and_filters(client):
    coordinator = make_user(Role.COORDINATOR)
    lead = make_user(Role.LEAD)
    failed = NotificationFactory(
        recipient=lead, state=Notification.State.FAILED, error="SMTPServerDisconnected: borte"
    )
    NotificationFactory(recipient=lead, kind=Notification.Kind.DIGEST)
    NotificationFactory(recipient=coordinator)
    client.force_login(coordinator)

    everything = client.get(LOG)
    by_state = client.get(LOG, {"state": "failed"})
    by_recipient = client.get(LOG, {"recipient": lead.pk, "kind": "digest"})

    assert everything.context["page"].paginator.count == 3
    assert list(by_state.context["notifications"]) == [failed]
    assert "SMTPServerDisconnected: borte" in by_state.content.decode()
    assert "Send på nytt" in by_state.content.decode()
    assert [n.kind for n in by_recipient.context["notifications"]] == ["digest"]


def test_bad_filter_input_gives_a_message_not_an_error(client):
    client.force_login(make_user(Role.COORDINATOR))

    response = client.get(LOG, {"created_from": "i går", "state": "tull"})

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "Skriv en gyldig dato" in errors["created_from"][0]
    assert "state" in errors


def test_date_range_filter(client):
    coordinator = make_user(Role.COORDINATOR)
    old = NotificationFactory()
    Notification.objects.filter(pk=old.pk).update(created_at="2026-01-10T10:00:00+01:00")
    new = NotificationFactory()
    client.force_login(coordinator)

    response = client.get(LOG, {"created_from": "2026-01-01", "created_to": "2026-01-31"})

    assert list(response.context["notifications"]) == [old]
    assert new not in response.context["notifications"]


@pytest.mark.parametrize("count", [3, 60])
def test_log_query_count_does_not_grow_with_rows(client, django_assert_num_queries, count):
    coordinator = make_user(Role.COORDINATOR)
    NotificationFactory.create_batch(count)
    client.force_login(coordinator)

    # session, user, user's groups (role), recipients for the filter, count, page rows
    with django_assert_num_queries(6):
        response = client.get(LOG)

    assert len(response.context["notifications"]) == min(count, 50)


def test_resend_is_for_the_coordinator_only(client, django_capture_on_commit_callbacks):
    notification = NotificationFactory(state=Notification.State.FAILED)
    url = reverse("measures:notification_resend", args=[notification.pk])
    client.force_login(make_user(Role.LEAD))

    assert client.post(url).status_code == 403
    assert client.get(url).status_code == 405

    client.force_login(make_user(Role.COORDINATOR))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    notification.refresh_from_db()
    assert response.status_code == 302
    assert notification.state == Notification.State.SENT


def test_resend_of_a_sent_notice_is_refused_with_a_message(client):
    notification = NotificationFactory(state=Notification.State.SENT)
    client.force_login(make_user(Role.COORDINATOR))

    response = client.post(
        reverse("measures:notification_resend", args=[notification.pk]), follow=True
    )

    assert "ikke lenger merket som feilet" in response.content.decode()
    notification.refresh_from_db()
    assert notification.state == Notification.State.SENT


def test_user_opts_out_of_the_digest(client):
    user = make_user(Role.COORDINATOR)
    client.force_login(user)

    response = client.post(PREFERENCES, {"digest_opt_out": "on"})

    assert response.status_code == 302
    assert NotificationPreference.objects.get(user=user).digest_opt_out is True
    client.post(PREFERENCES, {})
    assert NotificationPreference.objects.get(user=user).digest_opt_out is False


def test_coordinator_edits_n_m_k(client):
    client.force_login(make_user(Role.COORDINATOR))

    response = client.post(
        SETTINGS,
        {
            "due_soon_days": "3",
            "overdue_repeat_days": "2",
            "escalate_after_days": "10",
            "stale_after_days": "60",
            "digest_weekday": "4",
        },
    )

    assert response.status_code == 302
    saved = FollowUpSettings.load()
    assert (saved.due_soon_days, saved.overdue_repeat_days, saved.escalate_after_days) == (3, 2, 10)
    assert saved.digest_weekday == 4


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("due_soon_days", "", "Skriv inn et antall dager."),
        ("due_soon_days", "sju", "Skriv antall dager som et helt tall"),
        ("due_soon_days", "-1", "Antall dager må være minst 0."),
        ("overdue_repeat_days", "0", "Antall dager må være minst 1."),
        ("escalate_after_days", "99999999999999999999", "kan ikke være mer enn 365"),
        ("digest_weekday", "9", "Velg en ukedag fra listen."),
    ],
)
def test_follow_up_settings_refuses_bad_values_next_to_the_field(client, field, value, message):
    client.force_login(make_user(Role.COORDINATOR))
    data = {
        "due_soon_days": "7",
        "overdue_repeat_days": "7",
        "escalate_after_days": "14",
        "stale_after_days": "90",
        "digest_weekday": "0",
        field: value,
    }

    response = client.post(SETTINGS, data)

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    html = response.content.decode()
    assert 'aria-invalid="true"' in html
    assert "Skjemaet har feil som må rettes" in html
    assert FollowUpSettings.load().due_soon_days == 7


def test_nav_links_to_the_log_for_logged_in_users_only(client):
    assert LOG not in client.get(reverse("plan_list")).content.decode()
    client.force_login(make_user(Role.LEAD))
    assert LOG in client.get(reverse("plan_list")).content.decode()
