"""The measures app's models, one module per sub-domain; import them from here."""

from measures.models.followup import (
    FUNDING_AMOUNT_CAP,
    FollowUpSettings,
    FundingRequest,
    ImplementationActivity,
    ImplementationPlan,
    ImplementationPlanVersion,
    PlanRevision,
    ReportingRound,
    StatusUpdate,
)
from measures.models.notifications import Notification, NotificationPreference
from measures.models.register import (
    Comment,
    Measure,
    MeasureQuerySet,
    OngoingProject,
    WorkPlanItem,
)
from measures.models.reports import CouncilReport, WhoDoesWhatPdf
from measures.status import ACTIVE_STATUSES, MeasureStatus

__all__ = [
    "ACTIVE_STATUSES",
    "Comment",
    "CouncilReport",
    "FUNDING_AMOUNT_CAP",
    "FollowUpSettings",
    "FundingRequest",
    "ImplementationActivity",
    "ImplementationPlan",
    "ImplementationPlanVersion",
    "Measure",
    "MeasureQuerySet",
    "MeasureStatus",
    "Notification",
    "OngoingProject",
    "PlanRevision",
    "NotificationPreference",
    "ReportingRound",
    "StatusUpdate",
    "WhoDoesWhatPdf",
    "WorkPlanItem",
]
