"""Reads of hearings for pages, the appendix and the process page."""

from __future__ import annotations

from collections import OrderedDict

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from bodobolig.permissions import is_staff_member
from hearings.models import (
    ConsulteeCategory,
    EngagementMeeting,
    Hearing,
    HearingResponse,
    Invitation,
    ResponseAttachment,
    ResponsePoint,
)
from plans.models import Plan
from plans.selectors import plans_visible_to

# Responses the public sees on a closed hearing's page and the appendix prints.
PUBLISHED = [HearingResponse.Publication.PUBLISHED, HearingResponse.Publication.ANONYMISED]


def hearings_visible_to(user) -> QuerySet[Hearing]:
    """Open and past hearings of plans the user may see; planned ones for staff only."""
    qs = Hearing.objects.select_related("plan")
    if is_staff_member(user):
        return qs
    return qs.filter(plan__in=plans_visible_to(user)).exclude(status=Hearing.Status.PLANNED)


def published_responses(hearing: Hearing) -> QuerySet[HearingResponse]:
    return hearing.responses.filter(publication__in=PUBLISHED).order_by("received_on", "pk")


def _count(queryset) -> Coalesce:
    """COUNT(*) of a correlated queryset, as a subquery column (0 when empty)."""
    return Coalesce(
        Subquery(
            queryset.order_by().values(group=Value(1)).annotate(n=Count("pk")).values("n")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


def responses_for_staff(hearing: Hearing) -> QuerySet[HearingResponse]:
    """Every response with counts of its points, of points still without a comment and of
    its attachments. Each count is its own subquery: counts over two joins (points ×
    attachments) would multiply the rows before counting."""
    points = ResponsePoint.objects.filter(response_id=OuterRef("pk"))
    return hearing.responses.annotate(
        n_points=_count(points),
        n_open=_count(points.filter(administration_comment="")),
        n_attachments=_count(ResponseAttachment.objects.filter(response_id=OuterRef("pk"))),
    ).order_by("received_on", "pk")


def progress(hearing: Hearing) -> dict[str, int]:
    """How far the processing is: points, points without a comment, responses without points."""
    points = ResponsePoint.objects.filter(response__hearing=hearing)
    return {
        "responses": hearing.responses.count(),
        "responses_without_points": hearing.responses.filter(points__isnull=True).count(),
        "points": points.count(),
        "points_without_comment": points.filter(administration_comment="").count(),
    }


def invitations(hearing: Hearing) -> QuerySet[Invitation]:
    return hearing.invitations.select_related("consultee", "notification").order_by(
        "consultee__category", "consultee__name"
    )


def _points_prefetch() -> Prefetch:
    return Prefetch(
        "points",
        queryset=ResponsePoint.objects.order_by("number").prefetch_related(
            "measures_added", "measures_changed", "measures_rejected"
        ),
    )


def open_hearings(hearings: QuerySet[Hearing], *, today) -> QuerySet[Hearing]:
    """Hearings taking responses today (the rule of services.is_accepting_responses)."""
    return hearings.filter(status=Hearing.Status.OPEN, starts_on__lte=today, ends_on__gte=today)


def appendix_context(hearing: Hearing) -> dict:
    """What the appendix prints: invited consultees, then every response not withheld (nor
    late and not accepted) grouped by the sender's category, each with its points. Senders
    are named as `HearingResponse.public_sender` says (private persons only with consent)."""
    responses = (
        hearing.responses.exclude(publication=HearingResponse.Publication.WITHHELD)
        .exclude(is_late=True, late_accepted=False)
        .order_by("received_on", "pk")
        .prefetch_related(_points_prefetch())
    )
    grouped: OrderedDict[str, list] = OrderedDict(
        (label, []) for value, label in ConsulteeCategory.choices
    )
    labels = dict(ConsulteeCategory.choices)
    for response in responses:
        grouped[labels[response.sender_category]].append(response)
    return {
        "hearing": hearing,
        "plan": hearing.plan,
        "invitations": list(invitations(hearing)),
        "groups": [(label, items) for label, items in grouped.items() if items],
    }


def process_page(plan: Plan) -> dict:
    """The plan's process: milestones by step, meetings and presentations, its hearings."""
    meetings = list(plan.engagement_meetings.order_by("held_on", "pk"))
    steps: OrderedDict[int, dict] = OrderedDict()
    for milestone in plan.milestones.order_by("step", "date", "pk"):
        step = steps.setdefault(
            milestone.step, {"number": milestone.step, "title": milestone.step_title, "items": []}
        )
        step["items"].append(milestone)
    return {
        "steps": list(steps.values()),
        "meetings": [m for m in meetings if m.kind == EngagementMeeting.Kind.USER_MEETING],
        "presentations": [m for m in meetings if m.kind == EngagementMeeting.Kind.PRESENTATION],
    }


def measure_hearing_points(measure) -> list[ResponsePoint]:
    """Hearing points that added, changed or rejected a change to the measure (one query)."""
    return list(
        ResponsePoint.objects.filter(
            Q(measures_added=measure) | Q(measures_changed=measure) | Q(measures_rejected=measure)
        )
        .select_related("response__hearing")
        .distinct()
        .order_by("response__hearing__starts_on", "response_id", "number")
    )


def responses_visible_to(user, hearing: Hearing) -> QuerySet[HearingResponse]:
    """Staff see every response; others only the published ones (anonymised ones without
    the sender's name: the API's serializer leaves it out)."""
    if is_staff_member(user):
        return hearing.responses.all()
    return published_responses(hearing)
