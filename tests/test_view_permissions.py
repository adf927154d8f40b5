"""Every named URL of the project × role: the HTTP answer, as one table.

The rows are checked against `django.urls.get_resolver()`: a new URL without a row
(or a row for a URL that is gone) fails `test_every_url_has_a_row`, naming it. Only
the URLs in NOT_IN_THE_MATRIX are left out, each with its reason.

Cells: 200/403/404/405 are status codes; LOGIN is a redirect to the login page; DONE
is a redirect elsewhere (a POST that did its work, or a refusal told by a message).
GET for pages; POST (with a small body) for the POST-only endpoints, whose GET is
checked in `test_post_only_endpoints_refuse_get`.
"""

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from analyses.models import (
    Analysis,
    Challenge,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    StatisticsImport,
)
from bodobolig.permissions import Role
from hearings.models import (
    EngagementMeeting,
    Hearing,
    HearingDocument,
    ResponseAttachment,
    ResponsePoint,
)
from integrations.services import api_token_create, calendar_feed_for
from measures.models import (
    FundingRequest,
    OngoingProject,
    WhoDoesWhatPdf,
    WorkPlanItem,
)
from plans.models import Milestone, PlanDocument, PlanGroupMember, WorkPlan
from tests import worlds
from tests.factories import (
    ConsulteeFactory,
    HearingFactory,
    HearingResponseFactory,
    NotificationFactory,
    make_user,
)

ROLES = worlds.ROLES
LOGIN, DONE = "login", "done"

# Named URLs that are not the project's own pages, and why.
NOT_IN_THE_MATRIX = {
    "login": "Django's auth login page",
    "logout": "signing out, POST only (tests/plans/test_oidc_sign_in.py)",
    "set_language": "Django's i18n language switch",
    "oidc_authentication_init": "OpenID Connect sign-in (tests/plans/test_oidc_sign_in.py)",
    "oidc_authentication_callback": "OpenID Connect sign-in (tests/plans/test_oidc_sign_in.py)",
}
NOT_IN_THE_MATRIX_NAMESPACES = {
    "admin": "Django's admin (tests/test_admin.py)",
    "api-v1": "the API's own endpoint × role table (tests/integrations/test_api_permissions.py)",
}


@dataclass(frozen=True)
class Row:
    expected: dict[str, Any]  # role → cell
    kwargs: str = ""  # "name=world_attribute …": the URL's arguments from the world
    query: str = ""
    method: str = "get"
    data: dict = field(default_factory=dict)


def every(cell) -> dict[str, Any]:
    return dict.fromkeys(ROLES, cell)


def cells(anonymous, politician, owner_lead, other_lead, coordinator) -> dict[str, Any]:
    return dict(
        zip(ROLES, [anonymous, politician, owner_lead, other_lead, coordinator], strict=True)
    )


PUBLIC = every(200)
COORDINATOR_ONLY = cells(LOGIN, 403, 403, 403, 200)
STAFF = cells(LOGIN, 403, 200, 200, 200)
LOGGED_IN = cells(LOGIN, 200, 200, 200, 200)
OWNER_SIDE = cells(LOGIN, 403, 200, 403, 200)
HIDDEN_DRAFT = cells(404, 404, 200, 200, 200)  # a draft plan: staff only
UNPUBLISHED = cells(404, 404, 200, 200, 200)  # an unpublished report: staff only

# One row per URL name; "name@variant" adds a row for another object or query.
ROWS: dict[str, Row] = {
    # --- the root pages
    "home": Row(PUBLIC),  # the front page
    "plan_list": Row(PUBLIC),
    "accessibility_statement": Row(PUBLIC),
    "plan_detail": Row(PUBLIC, "slug=plan.slug"),
    "plan_detail@draft": Row(HIDDEN_DRAFT, "slug=draft_plan.slug"),
    "plan_detail@expanded": Row(PUBLIC, "slug=plan.slug", query="strategi=1"),
    "plan_full": Row(PUBLIC, "slug=plan.slug"),
    "plan_full@draft": Row(HIDDEN_DRAFT, "slug=draft_plan.slug"),
    "key_figures": Row(PUBLIC, "slug=plan.slug"),
    # --- plans
    "plans:goal_create": Row(COORDINATOR_ONLY, "slug=plan.slug"),
    "plans:goal_edit": Row(COORDINATOR_ONLY, "slug=plan.slug pk=goal.pk"),
    "plans:strategy_create": Row(COORDINATOR_ONLY, "slug=plan.slug"),
    "plans:strategy_edit": Row(COORDINATOR_ONLY, "slug=plan.slug pk=strategy.pk"),
    "plan_create": Row(COORDINATOR_ONLY),
    "plans:plan_about": Row(PUBLIC, "slug=plan.slug"),
    "plans:plan_about@draft": Row(HIDDEN_DRAFT, "slug=draft_plan.slug"),
    "plans:plan_edit": Row(COORDINATOR_ONLY, "slug=plan.slug"),
    "plans:plan_status": Row(COORDINATOR_ONLY, "slug=plan.slug"),
    "plans:plan_target_date": Row(COORDINATOR_ONLY, "slug=plan.slug"),
    "plans:group_member_add": Row(COORDINATOR_ONLY, "slug=plan.slug"),
    "plans:group_member_remove": Row(
        cells(LOGIN, 403, 403, 403, DONE), "slug=plan.slug pk=group_member.pk", method="post"
    ),
    "plans:plan_document_upload": Row(COORDINATOR_ONLY, "slug=plan.slug"),
    "plans:plan_document_download": Row(PUBLIC, "slug=plan.slug pk=plan_document.pk"),
    "plans:plan_document_download@draft": Row(
        HIDDEN_DRAFT, "slug=draft_plan.slug pk=draft_plan_document.pk"
    ),
    "plans:plan_document_delete": Row(
        cells(LOGIN, 403, 403, 403, DONE), "slug=plan.slug pk=spare_plan_document.pk", method="post"
    ),
    "department_list": Row(COORDINATOR_ONLY),
    "department_create": Row(COORDINATOR_ONLY),
    "department_edit": Row(COORDINATOR_ONLY, "pk=department.pk"),
    # --- plan life on the measure side (planning)
    "planning:work_plan_list": Row(cells(LOGIN, 200, 200, 200, 200), "slug=plan.slug"),
    "planning:work_plan_detail": Row(
        cells(LOGIN, 404, 200, 200, 200), "slug=plan.slug year=work_plan.year"
    ),
    "planning:work_plan_detail@published": Row(
        cells(LOGIN, 200, 200, 200, 200), "slug=plan.slug year=published_work_plan.year"
    ),
    "planning:work_plan_publish": Row(
        cells(LOGIN, 403, 403, 403, DONE), "slug=plan.slug year=work_plan.year", method="post"
    ),
    "planning:carry_over_start": Row(COORDINATOR_ONLY, "slug=plan.slug"),
    "planning:carry_over": Row(COORDINATOR_ONLY, "slug=plan.slug target=draft_plan.slug"),
    "planning:who_does_what": Row(PUBLIC, "slug=plan.slug fmt=xlsx"),
    "planning:who_does_what@pdf": Row(every(DONE), "slug=plan.slug fmt=pdf"),  # to the button
    # The PDF is rendered in the background: asking for it goes to its page (or its file).
    "planning:who_does_what_pdf_request": Row(every(DONE), "slug=plan.slug", method="post"),
    "planning:who_does_what_pdf_request@draft": Row(
        cells(404, 404, DONE, DONE, DONE), "slug=draft_plan.slug", method="post"
    ),
    "planning:who_does_what_pdf_detail": Row(PUBLIC, "slug=plan.slug pk=who_does_what_pdf.pk"),
    "planning:who_does_what_pdf_detail@draft": Row(
        HIDDEN_DRAFT, "slug=draft_plan.slug pk=draft_who_does_what_pdf.pk"
    ),
    "planning:who_does_what_pdf_status": Row(PUBLIC, "slug=plan.slug pk=who_does_what_pdf.pk"),
    "planning:who_does_what_pdf_status@draft": Row(
        HIDDEN_DRAFT, "slug=draft_plan.slug pk=draft_who_does_what_pdf.pk"
    ),
    "planning:who_does_what_pdf_download": Row(PUBLIC, "slug=plan.slug pk=who_does_what_pdf.pk"),
    "planning:who_does_what_pdf_download@draft": Row(
        HIDDEN_DRAFT, "slug=draft_plan.slug pk=draft_who_does_what_pdf.pk"
    ),
    "planning:who_does_what@draft": Row(HIDDEN_DRAFT, "slug=draft_plan.slug fmt=xlsx"),
    "measures:funding_decision": Row(COORDINATOR_ONLY, "pk=funding.pk"),
    "measures:work_plan_item_edit": Row(COORDINATOR_ONLY, "pk=work_plan_item.pk"),
    "measures:ongoing_project_list": Row(STAFF),
    "measures:ongoing_project_create": Row(COORDINATOR_ONLY),
    "measures:ongoing_project_edit": Row(COORDINATOR_ONLY, "pk=project.pk"),
    "measures:person_handover": Row(COORDINATOR_ONLY),
    "measures:person_handover_measures": Row(COORDINATOR_ONLY, "user_pk=leaver.pk"),
    # --- measures: register
    "measures:measure_create": Row(COORDINATOR_ONLY, "slug=plan.slug"),
    "measures:measure_detail": Row(PUBLIC, "pk=measure.pk"),
    "measures:measure_detail@draft_plan": Row(HIDDEN_DRAFT, "pk=draft_measure.pk"),
    "measures:measure_edit": Row(COORDINATOR_ONLY, "pk=measure.pk"),
    "measures:measure_reassign": Row(COORDINATOR_ONLY, "pk=measure.pk"),
    "measures:measure_confirm_ownership": Row(
        cells(LOGIN, 403, DONE, 403, 403), "pk=unconfirmed_measure.pk", method="post"
    ),
    "measures:comment_add": Row(
        cells(LOGIN, 403, DONE, 403, DONE),
        "pk=measure.pk",
        method="post",
        data={"text": "Et spørsmål om framdriften."},
    ),
    # --- measures: follow-up
    "measures:public_measure_list": Row(PUBLIC),
    "measures:public_measure_list@search": Row(PUBLIC, query="q=bolig&status=in_progress"),
    # Politicians and the public are sent on to the public list (filters kept).
    "measures:measure_list": Row(cells(DONE, DONE, 200, 200, 200)),
    "measures:measure_list@stale": Row(cells(DONE, DONE, 200, 200, 200), query="stale=1"),
    "measures:measure_export": Row(STAFF, "fmt=xlsx"),
    "measures:measure_export@csv": Row(STAFF, "fmt=csv"),
    "measures:dashboard": Row(COORDINATOR_ONLY),
    "measures:implementation_plan_order": Row(COORDINATOR_ONLY, "slug=plan.slug"),
    "measures:implementation_plan": Row(cells(404, 404, 200, 404, 200), "pk=measure.pk"),
    "measures:implementation_plan@approved": Row(PUBLIC, "pk=approved_measure.pk"),
    "measures:implementation_plan_edit": Row(
        cells(LOGIN, 404, DONE, 404, DONE),  # submitted: not editable, to the plan
        "pk=measure.pk",
    ),
    "measures:implementation_plan_submit": Row(
        cells(LOGIN, 404, DONE, 404, DONE), "pk=measure.pk", method="post"
    ),
    "measures:implementation_plan_review": Row(
        cells(LOGIN, 404, 403, 404, DONE),
        "pk=measure.pk",
        method="post",
        data={"decision": "approve", "feedback": "", "version": 1},
    ),
    "measures:implementation_plan_versions": Row(cells(LOGIN, 404, 200, 404, 200), "pk=measure.pk"),
    "measures:implementation_plan_diff": Row(
        cells(LOGIN, 404, 200, 404, 200), "pk=measure.pk number=version.number"
    ),
    "measures:round_list": Row(STAFF),
    "measures:round_open": Row(COORDINATOR_ONLY, "slug=plan.slug"),
    "measures:round_detail": Row(STAFF, "pk=round.pk"),
    "measures:round_close": Row(cells(LOGIN, 403, 403, 403, DONE), "pk=round.pk", method="post"),
    "measures:status_update": Row(OWNER_SIDE, "round_pk=round.pk pk=measure.pk"),
    "measures:status_update_reopen": Row(
        cells(LOGIN, 403, 403, 403, DONE),
        "round_pk=round.pk pk=approved_measure.pk",
        method="post",
        data={"reason": "Framdriften ser feil ut."},
    ),
    "measures:my_measures": Row(STAFF),
    "measures:measure_delegate": Row(OWNER_SIDE, "pk=measure.pk"),
    "measures:follow_up_settings": Row(COORDINATOR_ONLY),
    # --- measures: council reports
    "measures:council_report_list": Row(PUBLIC),
    "measures:council_report_request": Row(cells(403, 403, 403, 403, 200), "slug=plan.slug"),
    "measures:council_report_detail": Row(UNPUBLISHED, "pk=report.pk"),
    "measures:council_report_detail@published": Row(PUBLIC, "pk=published_report.pk"),
    "measures:council_report_status": Row(UNPUBLISHED, "pk=report.pk"),
    "measures:council_report_download": Row(UNPUBLISHED, "pk=report.pk"),
    "measures:council_report_download@published": Row(PUBLIC, "pk=published_report.pk"),
    "measures:council_report_publish": Row(cells(404, 404, 403, 403, 200), "pk=report.pk"),
    "measures:council_report_publish@confirmed": Row(
        cells(404, 404, 403, 403, DONE), "pk=report.pk", method="post", data={"confirmed": "yes"}
    ),
    "measures:council_report_withdraw": Row(
        cells(403, 403, 403, 403, 200), "pk=published_report.pk"
    ),
    "measures:council_report_withdraw@post": Row(
        cells(403, 403, 403, 403, DONE),
        "pk=published_report.pk",
        method="post",
        data={"reason": "Feil tall i kapittel 4."},
    ),
    "measures:council_report_retry": Row(
        cells(404, 404, 403, 403, DONE), "pk=report.pk", method="post"
    ),
    # --- measures: notifications
    "measures:notification_list": Row(LOGGED_IN),
    "measures:notification_resend": Row(
        cells(LOGIN, 403, 403, 403, DONE), "pk=notification.pk", method="post"
    ),
    "measures:notification_preferences": Row(LOGGED_IN),
    # --- signing in: login lockouts
    "login_lockouts": Row(COORDINATOR_ONLY),
    "login_lockout_unlock": Row(
        cells(LOGIN, 403, 403, 403, DONE), method="post", data={"username": "ukjent"}
    ),
    # --- analyses: the evidence behind the plan
    "analyses:coverage": Row(PUBLIC, "slug=plan.slug"),
    "analyses:coverage@draft": Row(HIDDEN_DRAFT, "slug=draft_plan.slug"),
    "analyses:challenge_create": Row(COORDINATOR_ONLY, "slug=plan.slug"),
    "analyses:challenge_edit": Row(COORDINATOR_ONLY, "slug=plan.slug pk=challenge.pk"),
    "analyses:indicator_list": Row(PUBLIC),
    "analyses:indicator_create": Row(COORDINATOR_ONLY),
    "analyses:indicator_detail": Row(PUBLIC, "code=indicator.code"),
    "analyses:indicator_export": Row(PUBLIC, "code=indicator.code"),
    "analyses:indicator_edit": Row(COORDINATOR_ONLY, "code=indicator.code"),
    "analyses:indicator_value_add": Row(COORDINATOR_ONLY, "code=indicator.code"),
    "analyses:indicator_value_delete": Row(
        cells(LOGIN, 403, 403, 403, DONE), "code=indicator.code pk=value.pk", method="post"
    ),
    "analyses:indicator_target_add": Row(COORDINATOR_ONLY, "code=indicator.code"),
    "analyses:indicator_target_delete": Row(
        cells(LOGIN, 403, 403, 403, DONE), "code=indicator.code pk=target.pk", method="post"
    ),
    "analyses:import_upload": Row(COORDINATOR_ONLY),
    "analyses:import_confirm": Row(cells(LOGIN, 403, 403, 403, DONE), method="post"),
    "analyses:import_template": Row(COORDINATOR_ONLY),
    "analyses:import_status": Row(COORDINATOR_ONLY, "pk=statistics_import.pk"),
    "analyses:analysis_list": Row(PUBLIC),
    "analyses:analysis_create": Row(COORDINATOR_ONLY),
    "analyses:analysis_detail": Row(PUBLIC, "pk=analysis.pk"),
    "analyses:analysis_detail@draft": Row(HIDDEN_DRAFT, "pk=draft_analysis.pk"),
    "analyses:analysis_edit": Row(COORDINATOR_ONLY, "pk=analysis.pk"),
    "analyses:analysis_document": Row(PUBLIC, "pk=analysis.pk"),
    # --- hearings (the public pages, then the coordinator's)
    "hearings:list": Row(PUBLIC),
    "hearings:detail": Row(PUBLIC, "pk=hearing.pk"),
    "hearings:detail@planned": Row(HIDDEN_DRAFT, "pk=planned_hearing.pk"),
    "hearings:receipt": Row(every(404), "pk=hearing.pk response_id=response.pk"),  # not sent here
    "hearings:document": Row(PUBLIC, "pk=hearing.pk document_id=hearing_document.pk"),
    "hearings:appendix": Row(HIDDEN_DRAFT, "pk=hearing.pk"),  # public once processed
    "hearings:attachment": Row(COORDINATOR_ONLY, "pk=hearing.pk attachment_id=attachment.pk"),
    "hearings:process": Row(PUBLIC, "slug=plan.slug"),
    "hearings:process@draft": Row(HIDDEN_DRAFT, "slug=draft_plan.slug"),
    "hearings:create": Row(COORDINATOR_ONLY, "slug=plan.slug"),
    "hearings:manage": Row(COORDINATOR_ONLY, "pk=hearing.pk"),
    "hearings:edit": Row(COORDINATOR_ONLY, "pk=hearing.pk"),
    "hearings:status": Row(
        cells(LOGIN, 403, 403, 403, DONE), "pk=hearing.pk", method="post", data={"status": "x"}
    ),
    "hearings:document_add": Row(COORDINATOR_ONLY, "pk=hearing.pk"),
    "hearings:invitations": Row(COORDINATOR_ONLY, "pk=hearing.pk"),
    "hearings:invitation_print": Row(COORDINATOR_ONLY, "pk=hearing.pk"),
    "hearings:response_export": Row(COORDINATOR_ONLY, "pk=hearing.pk"),
    "hearings:response_register": Row(COORDINATOR_ONLY, "pk=hearing.pk"),
    "hearings:response": Row(COORDINATOR_ONLY, "pk=hearing.pk response_id=response.pk"),
    "hearings:response_publication": Row(
        cells(LOGIN, 403, 403, 403, DONE),
        "pk=hearing.pk response_id=response.pk",
        method="post",
        data={"publication": "published"},
    ),
    "hearings:point_edit": Row(
        COORDINATOR_ONLY, "pk=hearing.pk response_id=response.pk point_id=point.pk"
    ),
    "hearings:appendix_request": Row(
        cells(LOGIN, 403, 403, 403, DONE), "pk=hearing.pk", method="post"
    ),
    "hearings:consultee_list": Row(COORDINATOR_ONLY),
    "hearings:consultee_edit": Row(COORDINATOR_ONLY, "consultee_id=consultee.pk"),
    "hearings:milestone_create": Row(COORDINATOR_ONLY, "slug=plan.slug"),
    "hearings:milestone_edit": Row(COORDINATOR_ONLY, "slug=plan.slug pk=milestone.pk"),
    "hearings:meeting_create": Row(COORDINATOR_ONLY, "slug=plan.slug"),
    "hearings:meeting_edit": Row(COORDINATOR_ONLY, "slug=plan.slug pk=meeting.pk"),
    # --- the API
    # --- the API: /api/v1/ has its own table; the first /api/ paths moved there
    "api-schema": Row(PUBLIC),
    "api-moved": Row(every(308)),
    "api-moved-path": Row(every(308), "rest=measures/"),
    # --- integrations
    "integrations:page": Row(LOGGED_IN),
    "integrations:token_create": Row(
        cells(LOGIN, 201, 201, 201, 201), method="post", data={"name": "Sak/arkiv"}
    ),
    "integrations:token_revoke": Row(
        cells(LOGIN, 404, DONE, 404, 404), "pk=owner_token.pk", method="post"
    ),
    "integrations:calendar_regenerate": Row(cells(LOGIN, DONE, DONE, DONE, DONE), method="post"),
    "integrations:calendar_feed": Row(PUBLIC, "secret=owner_feed.secret"),
    "integrations:calendar_feed@unknown": Row(every(404), "secret=ukjent"),
    "integrations:archive_report": Row(cells(LOGIN, 404, 403, 403, 200), "pk=report.pk"),
    "integrations:archive_plan": Row(COORDINATOR_ONLY, "slug=plan.slug"),
    "integrations:archive_hearing": Row(COORDINATOR_ONLY, "pk=hearing.pk"),
}


# --- The data: one world for the module -----------------------------------------


class World(worlds.World):
    """Everything the URLs need: the shared world (tests/worlds.py) and the pages' own
    objects, built with tests/factories.py."""

    def __init__(self):
        super().__init__()
        owner_lead = self.users["owner_lead"]
        self.notification = NotificationFactory(recipient=owner_lead)
        self.owner_token, _key = api_token_create(user=owner_lead, name="Budsjett")
        self.owner_feed = calendar_feed_for(owner_lead)
        self.indicator = Indicator.objects.create(
            code="indikator", name="Indikator", unit="boliger", source="ssb", goal=self.goal
        )
        self.value = IndicatorValue.objects.create(indicator=self.indicator, year=2015, value=3)
        self.target = IndicatorTarget.objects.create(indicator=self.indicator, year=2015, value=5)
        self.challenge = Challenge.objects.create(
            goal=self.goal, area=Challenge.Area.GENERAL, title="For få boliger"
        )
        self.analysis = Analysis.objects.create(
            plan=self.plan,
            kind=Analysis.Kind.GENERAL,
            title="Generell boliganalyse",
            year=2013,
            document=ContentFile(b"%PDF-1.4 analyse", name="analyse.pdf"),
        )
        self.statistics_import = StatisticsImport.objects.create(
            file_name="stor.json", path="statistics-imports/x", status=StatisticsImport.Status.DONE
        )
        self.draft_analysis = Analysis.objects.create(
            plan=self.draft_plan, kind=Analysis.Kind.SOCIAL, title="Utkast", year=2013
        )
        # The plan's life: organisation, documents, work plans, funding, projects.
        self.group_member = PlanGroupMember.objects.create(
            plan=self.plan, group=PlanGroupMember.Group.NETWORK, name="Kari Nettverk"
        )
        self.plan_document, self.spare_plan_document, self.draft_plan_document = (
            PlanDocument.objects.create(
                plan=plan,
                title=title,
                kind=PlanDocument.Kind.ANNEX,
                document_date=dt.date(2014, 2, 13),
                file=ContentFile(b"vedlegg", name=f"vedlegg-{uuid.uuid4().hex}.txt"),
            )
            for plan, title in (
                (self.plan, "Vedlegg"),
                (self.plan, "Slettes"),
                (self.draft_plan, "Utkast"),
            )
        )
        self.work_plan = WorkPlan.objects.create(
            plan=self.plan, year=2015, title="Arbeidsplan 2015"
        )
        self.work_plan_item = WorkPlanItem.objects.create(
            work_plan=self.work_plan, measure=self.measure
        )
        self.published_work_plan = WorkPlan.objects.create(
            plan=self.plan, year=2014, title="Arbeidsplan 2014", published_at=timezone.now()
        )
        self.funding = FundingRequest.objects.create(
            measure=self.measure, year=2015, amount=100000, source="operating"
        )
        self.project = OngoingProject.objects.create(name="Prosjekt", department=self.department)
        self.unconfirmed_measure = self.owned_measure()
        self.unconfirmed_measure.owner_confirmed_at = None
        self.unconfirmed_measure.save()
        self.leaver = make_user(Role.LEAD)
        self.who_does_what_pdf, self.draft_who_does_what_pdf = (
            WhoDoesWhatPdf.objects.create(
                plan=plan,
                fingerprint="0" * 64,
                status=WhoDoesWhatPdf.Status.READY,
                file=ContentFile(b"%PDF-1.7 hvem", name="hvem-gjor-hva.pdf"),
                page_count=1,
            )
            for plan in (self.plan, self.draft_plan)
        )
        # An open hearing of the plan with a document, a response with a point and an
        # attachment, and a stored appendix; a planned one; the process page's rows.
        self.hearing = HearingFactory(
            plan=self.plan, appendix_file=ContentFile(b"%PDF-1.4 vedlegg", name="vedlegg.pdf")
        )
        self.planned_hearing = HearingFactory(plan=self.plan, status=Hearing.Status.PLANNED)
        self.hearing_document = HearingDocument.objects.create(
            hearing=self.hearing,
            title="Planutkast",
            file=ContentFile(b"%PDF-1.4 utkast", name="utkast.pdf"),
        )
        self.response = HearingResponseFactory(hearing=self.hearing)
        self.point = ResponsePoint.objects.create(response=self.response, number=1, text="Ett")
        self.attachment = ResponseAttachment.objects.create(
            response=self.response,
            title="brev.pdf",
            file=ContentFile(b"%PDF-1.4 brev", name="brev.pdf"),
        )
        self.consultee = ConsulteeFactory()
        self.milestone = Milestone.objects.create(
            plan=self.plan, step=1, step_title="Oppstart", date="2013-01-01", title="Vedtak"
        )
        self.meeting = EngagementMeeting.objects.create(
            plan=self.plan, held_on="2013-09-02", title="Møte", participants="Ungdom"
        )


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """One data set for the module, rolled back after its last test."""
    with worlds.rolled_back_world(World, django_db_blocker) as world:
        yield world


# --- The URLs of the project ------------------------------------------------------


def project_url_names() -> set[str]:
    """Every named URL (with its namespace) outside NOT_IN_THE_MATRIX."""
    names: set[str] = set()

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace or namespace
                if inner in NOT_IN_THE_MATRIX_NAMESPACES:
                    continue
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns, None)
    return names - set(NOT_IN_THE_MATRIX)


def _url_name(row_name: str) -> str:
    return row_name.split("@")[0]


def test_every_url_has_a_row():
    names = project_url_names()
    rows = {_url_name(name) for name in ROWS}
    missing = sorted(names - rows)
    assert not missing, f"URLs without a row in ROWS (tests/test_view_permissions.py): {missing}"
    gone = sorted(rows - names)
    assert not gone, f"rows for URLs that no longer exist: {gone}"


def _request(client, world, name: str, role: str):
    row = ROWS[name]
    kwargs = {}
    for pair in row.kwargs.split():
        key, _sep, source = pair.partition("=")
        kwargs[key] = world.resolve(source) if "." in source else source
    url = reverse(_url_name(name), kwargs=kwargs)
    if row.query:
        url += "?" + row.query
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    if row.method == "post":
        return client.post(url, row.data)
    return client.get(url)


def _answer(response) -> Any:
    if response.status_code == 302:
        if response["Location"].startswith(reverse("login") + "?next="):
            return LOGIN
        return DONE
    return response.status_code


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(ROWS))
def test_each_role_gets_the_answer_in_the_table(client, world, name):
    got = {}
    for role in ROLES:
        got[role] = _answer(_request(client, world, name, role))
        client.logout()
    assert got == ROWS[name].expected


# A URL with a GET row is a page with a form, not a POST-only endpoint.
PAGES_WITH_A_FORM = {n.partition("@")[0] for n, row in ROWS.items() if row.method == "get"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    [
        n
        for n, row in ROWS.items()
        if row.method == "post" and n.partition("@")[0] not in PAGES_WITH_A_FORM
    ],
)
def test_post_only_endpoints_refuse_get(client, world, name):
    row = ROWS[name]
    kwargs = {}
    for pair in row.kwargs.split():
        key, _sep, source = pair.partition("=")
        kwargs[key] = world.resolve(source)
    client.force_login(world.users["coordinator"])
    assert client.get(reverse(_url_name(name), kwargs=kwargs)).status_code == 405
