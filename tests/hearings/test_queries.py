"""Query counts of the hearing pages do not grow with responses, points or invitations."""

import pytest
from django.urls import reverse

from bodobolig.permissions import Role
from hearings import selectors
from hearings.models import Invitation, ResponseAttachment, ResponsePoint
from tests.factories import ConsulteeFactory, HearingFactory, HearingResponseFactory, make_user

pytestmark = pytest.mark.django_db


def _hearing_with(n: int):
    hearing = HearingFactory(status="closed")
    for i in range(n):
        response = HearingResponseFactory(hearing=hearing)
        ResponsePoint.objects.create(response=response, number=1, text=f"Punkt {i}")
        Invitation.objects.create(hearing=hearing, consultee=ConsulteeFactory(), status="sent")
    return hearing


@pytest.mark.parametrize("n", [3, 60])
def test_manage_page_query_count_is_fixed(client, django_assert_num_queries, n):
    hearing = _hearing_with(n)
    client.force_login(make_user(Role.COORDINATOR))
    # session, user, groups; the hearing with its plan; four progress counts; the
    # responses with their counts; the invitations with consultees; the documents.
    with django_assert_num_queries(11):
        response = client.get(reverse("hearings:manage", args=[hearing.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("n", [3, 60])
def test_closed_public_page_query_count_is_fixed(client, django_assert_num_queries, n):
    hearing = _hearing_with(n)
    # the hearing with its plan; the documents; the published responses.
    with django_assert_num_queries(3):
        response = client.get(reverse("hearings:detail", args=[hearing.pk]))
    assert response.content.decode().count("Leieboerforeningen") == n


@pytest.mark.parametrize("n", [3, 60])
def test_appendix_reads_a_fixed_number_of_queries(django_assert_num_queries, n):
    hearing = _hearing_with(n)
    # invitations; responses; their points; the three kinds of linked measures.
    with django_assert_num_queries(6):
        context = selectors.appendix_context(hearing)
        for _label, responses in context["groups"]:
            for response in responses:
                for point in response.points.all():
                    list(point.measures_added.all())


def test_staff_counts_are_exact_over_points_and_attachments():
    """Points × attachments must not multiply: each count is its own subquery."""
    hearing = HearingFactory(status="closed")
    busy = HearingResponseFactory(hearing=hearing)
    for number, comment in [(1, ""), (2, "Tatt til følge."), (3, "")]:
        ResponsePoint.objects.create(
            response=busy, number=number, text="Punkt", administration_comment=comment
        )
    for i in range(2):
        ResponseAttachment.objects.create(
            response=busy, title=f"v{i}.pdf", content_type="application/pdf", size=10
        )
    HearingResponseFactory(hearing=hearing)  # no points, no attachments
    counts = [
        (r.n_points, r.n_open, r.n_attachments) for r in selectors.responses_for_staff(hearing)
    ]
    assert counts == [(3, 2, 2), (0, 0, 0)]
