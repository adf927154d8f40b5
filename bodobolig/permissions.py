"""Who may do what: the one place the app's permission rules live.

Every HTML view, API view and service that needs a decision calls `can()` (or
the named helpers behind it). Roles are Django groups; the public is the
anonymous user; administrators are superusers and may do everything.

HTTP convention (healthchecks style): an object the user may not *see* is a
404, an object they may see but not change is a 403. `get_object_for_user`
answers both in one place.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import permissions as drf_permissions

if TYPE_CHECKING:
    from measures.models import CouncilReport, ImplementationPlan, Measure
    from plans.models import Plan


class Role(enum.StrEnum):
    COORDINATOR = "coordinator"
    LEAD = "lead"
    POLITICIAN = "politician"
    PUBLIC = "public"
    ADMIN = "admin"


# Group names as the administrator sees them in the Django admin.
GROUP_NAMES = {
    Role.COORDINATOR: "Boligkoordinator",
    Role.LEAD: "Virksomhetsleder",
    Role.POLITICIAN: "Folkevalgt",
}


class Action(enum.StrEnum):
    VIEW = "view"
    VIEW_INTERNAL = "view_internal"  # comments, drafts, returned plans, history
    VIEW_FOLLOW_UP = "view_follow_up"  # reporting rounds, "mine tiltak": staff only
    EDIT_MEASURE = "edit_measure"
    REASSIGN_OWNER = "reassign_owner"
    DELEGATE_REPORTING = "delegate_reporting"
    ORDER_IMPLEMENTATION_PLAN = "order_implementation_plan"
    SUBMIT_IMPLEMENTATION_PLAN = "submit_implementation_plan"
    APPROVE_IMPLEMENTATION_PLAN = "approve_implementation_plan"
    SUBMIT_STATUS_UPDATE = "submit_status_update"
    REOPEN_STATUS_UPDATE = "reopen_status_update"  # open a submitted one for correction
    COMMENT = "comment"
    EDIT_PLAN = "edit_plan"
    MANAGE_ROUNDS = "manage_rounds"
    MANAGE_HEARING = "manage_hearing"
    REQUEST_REPORT = "request_report"
    PUBLISH_REPORT = "publish_report"
    VIEW_NOTIFICATION_LOG = "view_notification_log"  # one's own notices: any logged-in user
    VIEW_ALL_NOTIFICATIONS = "view_all_notifications"  # everyone's notices, with errors
    RESEND_NOTIFICATION = "resend_notification"
    EDIT_FOLLOW_UP_SETTINGS = "edit_follow_up_settings"
    VIEW_DASHBOARD = "view_dashboard"  # the coordinator's follow-up overview
    VIEW_MEASURE_LIST = "view_measure_list"  # the filtered list and its exports
    UNLOCK_SIGN_IN = "unlock_sign_in"  # lift a login lockout (too many wrong passwords)
    MANAGE_STATISTICS = "manage_statistics"  # indicators, values, targets, imports, analyses
    VIEW_EXACT_COUNTS = "view_exact_counts"  # small counts unprotected: staff only
    CONFIRM_OWNERSHIP = "confirm_ownership"  # the named owner accepts the responsibility
    DECIDE_FUNDING = "decide_funding"  # record the political decision on a funding request
    MANAGE_DEPARTMENTS = "manage_departments"  # departments, partners, people who leave
    VIEW_HEARING_RESPONSE_FILES = "view_hearing_response_files"  # sender data, attachments
    MANAGE_INTEGRATIONS = "manage_integrations"  # one's own API tokens and calendar address
    EXPORT_ARCHIVE = "export_archive"  # archive packages of reports, plans and hearings


def _group_names(user) -> frozenset[str]:
    # Cached on the user object: a page asks many questions about one user.
    cached = getattr(user, "_bodobolig_groups", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._bodobolig_groups = cached
    return cached


def role_of(user) -> Role:
    """The user's strongest role, for menus and the permission matrix."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Role.PUBLIC
    if user.is_superuser:
        return Role.ADMIN
    groups = _group_names(user)
    for role in (Role.COORDINATOR, Role.LEAD, Role.POLITICIAN):
        if GROUP_NAMES[role] in groups:
            return role
    return Role.PUBLIC


def is_coordinator(user) -> bool:
    return role_of(user) in {Role.COORDINATOR, Role.ADMIN}


def is_staff_member(user) -> bool:
    """Coordinators and department leads: the people who work on the plan."""
    return role_of(user) in {Role.COORDINATOR, Role.LEAD, Role.ADMIN}


def is_politician(user) -> bool:
    return role_of(user) == Role.POLITICIAN


def is_measure_owner_side(user, measure: Measure) -> bool:
    """The named owner, the delegate, or a lead or member of the responsible department.

    Leads of a parent unit (avdeling over kontor) count too. Uses the
    measure's `responsible_department` with its `parent` when they are loaded.
    """
    if role_of(user) not in {Role.LEAD, Role.COORDINATOR, Role.ADMIN}:
        return False
    if user.pk in (measure.responsible_person_id, measure.reporting_delegate_id):
        return True
    department_ids = _department_ids_of(user)
    dept = measure.responsible_department
    return dept.pk in department_ids or (
        dept.parent_id is not None and dept.parent_id in department_ids
    )


def _department_ids_of(user) -> frozenset[int]:
    cached = getattr(user, "_bodobolig_departments", None)
    if cached is None:
        led = user.led_departments.values_list("pk", flat=True)
        member = user.departments.values_list("pk", flat=True)
        cached = frozenset(led) | frozenset(member)
        user._bodobolig_departments = cached
    return cached


def can_view_plan(user, plan: Plan) -> bool:
    if is_staff_member(user):
        return True
    if is_politician(user):
        return plan.status != plan.Status.DRAFT
    return plan.is_public


def can_view_report(user, report: CouncilReport) -> bool:
    if is_staff_member(user):
        return True
    if not report.is_published:
        return False
    if is_politician(user):
        return True
    return report.plan.status in {report.plan.Status.ADOPTED, report.plan.Status.COMPLETED}


def can_view_implementation_plan(user, implementation_plan: ImplementationPlan) -> bool:
    """Approved plans are read by whoever may read the measure; drafts, submitted and
    returned plans only by the owner side and the coordinator (never politicians)."""
    measure = implementation_plan.measure
    if not can_view_plan(user, measure.plan):
        return False
    if implementation_plan.status == implementation_plan.Status.APPROVED:
        return True
    return can(user, Action.VIEW_INTERNAL, measure)


_COORDINATOR_ONLY = {
    Action.EDIT_MEASURE,
    Action.REASSIGN_OWNER,
    Action.ORDER_IMPLEMENTATION_PLAN,
    Action.APPROVE_IMPLEMENTATION_PLAN,
    Action.EDIT_PLAN,
    Action.MANAGE_ROUNDS,
    Action.REOPEN_STATUS_UPDATE,
    Action.MANAGE_HEARING,
    Action.REQUEST_REPORT,
    Action.PUBLISH_REPORT,
    Action.EDIT_FOLLOW_UP_SETTINGS,
    Action.VIEW_DASHBOARD,
    Action.VIEW_ALL_NOTIFICATIONS,
    Action.RESEND_NOTIFICATION,
    Action.UNLOCK_SIGN_IN,
    Action.MANAGE_STATISTICS,
    Action.DECIDE_FUNDING,
    Action.MANAGE_DEPARTMENTS,
    Action.VIEW_HEARING_RESPONSE_FILES,
    Action.EXPORT_ARCHIVE,
}

_OWNER_SIDE = {
    Action.SUBMIT_IMPLEMENTATION_PLAN,
    Action.SUBMIT_STATUS_UPDATE,
    Action.COMMENT,
    Action.VIEW_INTERNAL,
}


# The objects the rules tell apart, by model label: this module sits below the apps
# and imports none of their models.
PLAN = "plans.plan"
MEASURE = "measures.measure"
IMPLEMENTATION_PLAN = "measures.implementationplan"
COUNCIL_REPORT = "measures.councilreport"
HEARING = "hearings.hearing"


def _kind(obj: Any) -> str | None:
    meta = getattr(obj, "_meta", None)
    return meta.label_lower if meta is not None else None


def can(user, action: Action | str, obj: Any = None) -> bool:
    """May `user` do `action` to `obj`? The single entry point for every rule."""
    action = Action(action)
    kind = _kind(obj)

    if kind == IMPLEMENTATION_PLAN:
        if action is Action.VIEW:
            return can_view_implementation_plan(user, obj)
        return can(user, action, obj.measure)
    if kind == COUNCIL_REPORT:
        if action is Action.VIEW:
            return can_view_report(user, obj)
        return is_coordinator(user) and action in _COORDINATOR_ONLY

    if kind == HEARING and action is Action.VIEW:
        # A planned hearing is the administration's draft; once open it is public.
        if obj.status == obj.Status.PLANNED:
            return is_staff_member(user)
        return can_view_plan(user, obj.plan)

    plan = obj if kind == PLAN else getattr(obj, "plan", None)
    if action is Action.VIEW:
        return plan is None or can_view_plan(user, plan)
    if action in {Action.VIEW_NOTIFICATION_LOG, Action.MANAGE_INTEGRATIONS}:
        return bool(user is not None and user.is_authenticated and user.is_active)
    if action in {Action.VIEW_MEASURE_LIST, Action.VIEW_EXACT_COUNTS}:
        return is_staff_member(user)
    if action in _COORDINATOR_ONLY:
        return is_coordinator(user)
    if action is Action.DELEGATE_REPORTING:
        return kind == MEASURE and (
            is_coordinator(user)
            or (
                role_of(user) == Role.LEAD
                and is_measure_owner_side(user, obj)
                and user.pk != obj.reporting_delegate_id
            )
        )
    if action is Action.CONFIRM_OWNERSHIP:
        # Only the named owner can accept the responsibility; nobody does it for them.
        return kind == MEASURE and is_staff_member(user) and user.pk == obj.responsible_person_id
    if action is Action.VIEW_FOLLOW_UP:
        return is_staff_member(user)
    if action in _OWNER_SIDE:
        if is_coordinator(user):
            return True
        return kind == MEASURE and is_measure_owner_side(user, obj)
    return False


def check(user, action: Action | str, obj: Any = None) -> None:
    """Raise 404 when the user may not see `obj`, 403 when they may not do `action`
    (with `refusal()`'s words, which the 403 page shows)."""
    if not can(user, Action.VIEW, obj):
        raise Http404
    if action != Action.VIEW and not can(user, action, obj):
        raise PermissionDenied(refusal(user, action, obj))


# Pages and actions only the people who follow up the plan (coordinator, leads) use.
_STAFF_ONLY = {Action.VIEW_FOLLOW_UP, Action.VIEW_MEASURE_LIST, Action.DELEGATE_REPORTING}
_STAFF_ONLY |= _COORDINATOR_ONLY | _OWNER_SIDE


def refusal(user, action: Action | str, obj: Any = None) -> str:
    """Why `user` may not do `action`: the sentence the 403 page shows, per case."""
    action = Action(action)
    role = role_of(user)
    if role in {Role.POLITICIAN, Role.PUBLIC} and action in _STAFF_ONLY:
        if role == Role.POLITICIAN:
            return _(
                "Denne siden er for dem som følger opp planen i kommunen: boligkoordinatoren "
                "og virksomhetslederne. Som folkevalgt kan du lese planene, resultattavlen, "
                "tiltakene og de publiserte statusrapportene til bystyret."
            )
        return _(
            "Denne siden er for ansatte i kommunen som følger opp planen. Planene, "
            "tiltakene og de publiserte statusrapportene kan alle lese uten å logge inn."
        )
    if action in _COORDINATOR_ONLY:
        return _(
            "Dette kan bare boligkoordinatoren gjøre. Ta kontakt med boligkoordinatoren "
            "hvis noe bør endres."
        )
    owner_side = _OWNER_SIDE | {Action.DELEGATE_REPORTING}
    if _kind(obj) in {MEASURE, IMPLEMENTATION_PLAN} and action in owner_side:
        return _(
            "Bare hovedansvarlig og virksomheten som har ansvar for tiltaket, kan gjøre dette. "
            "Ta kontakt med boligkoordinatoren hvis tiltaket skal ha en annen ansvarlig."
        )
    return _(
        "Du kan se denne siden, men ikke gjøre denne endringen. Ta kontakt med "
        "boligkoordinatoren hvis du mener du skal ha tilgang."
    )


def get_object_for_user(queryset, user, action: Action | str = Action.VIEW, **lookup):
    """Load one object and apply `check`; the helper every detail view uses."""
    try:
        obj = queryset.get(**lookup)
    except queryset.model.DoesNotExist:
        raise Http404 from None
    check(user, action, obj)
    return obj


class ReadOnlyForVisible(drf_permissions.BasePermission):
    """DRF default: safe methods for what the user may see; writes need an explicit action.

    API views that write set `permission_action` (an Action) and are checked
    against the object with the same `can()` the HTML views use.
    """

    def has_permission(self, request, view) -> bool:
        if request.method in drf_permissions.SAFE_METHODS:
            return True
        return getattr(view, "permission_action", None) is not None and is_staff_member(
            request.user
        )

    def has_object_permission(self, request, view, obj) -> bool:
        if not can(request.user, Action.VIEW, obj):
            return False
        if request.method in drf_permissions.SAFE_METHODS:
            return True
        return can(request.user, view.permission_action, obj)
