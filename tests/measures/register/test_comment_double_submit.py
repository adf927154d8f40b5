"""A comment submitted two or three times (double click, resent form) is stored once."""

import datetime as dt
import threading

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.urls import reverse

from bodobolig.models import AuditEntry
from measures.models import Comment
from tests.measures.workflow_world import make_world


def _post(client, measure, text):
    return client.post(reverse("measures:comment_add", args=[measure.pk]), {"text": text})


@pytest.mark.django_db
def test_three_submits_of_the_same_comment_store_one(client):
    w = make_world()
    client.force_login(w.lead)

    answers = [_post(client, w.measure, "Vi er i rute.") for _ in range(3)]

    assert [a.status_code for a in answers] == [302, 302, 302]
    assert Comment.objects.filter(measure=w.measure).count() == 1
    assert AuditEntry.objects.filter(action="comment.added").count() == 1


@pytest.mark.django_db
def test_the_same_words_later_or_from_someone_else_are_a_new_comment(client):
    w = make_world()
    start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        client.force_login(w.lead)
        _post(client, w.measure, "Ok.")
        client.force_login(w.coordinator)
        _post(client, w.measure, "Ok.")
    with time_machine.travel(start + dt.timedelta(minutes=10), tick=False):
        client.force_login(w.lead)
        _post(client, w.measure, "Ok.")

    assert Comment.objects.filter(measure=w.measure).count() == 3


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_three_simultaneous_submits_store_one_comment():
    w = make_world()
    barrier = threading.Barrier(3, timeout=20)
    answers = [None] * 3

    def run(index):
        client = Client()
        client.force_login(w.lead)
        try:
            barrier.wait()
            answers[index] = _post(client, w.measure, "Sendt tre ganger.")
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert [a.status_code for a in answers] == [302, 302, 302]
    assert Comment.objects.filter(measure=w.measure).count() == 1
