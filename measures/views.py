import django_filters
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from analyses import charts
from bodobolig import permissions
from bodobolig.errors import ConflictError, DomainError, add_to_form
from bodobolig.permissions import Action
from measures import exports, reports, selectors, services
from measures.filters import DEFAULT_SORT, MeasureFilter
from measures.forms import CommentForm, CouncilReportRequestForm, MeasureForm, MeasureReassignForm
from measures.models import CouncilReport, Measure, MeasureStatus
from plans.models import Plan
from plans.selectors import current_plan, plans_visible_to

MEASURES_PER_PAGE = 50


def plan_detail(request, slug):
    """The plan page: goals → strategies → measures, with owners, status and progress."""
    plan = get_object_or_404(Plan.objects.select_related("predecessor"), slug=slug)
    permissions.check(request.user, permissions.Action.VIEW, plan)
    goals = selectors.plan_tree(plan)
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "goals": goals,
            "rollup": selectors.plan_rollup(goals),
            "can_edit": permissions.can(request.user, Action.EDIT_PLAN, plan),
        },
    )


def measure_detail(request, pk):
    measure = selectors.measure_for_page(request.user, pk)
    return _measure_page(request, measure)


def _measure_page(request, measure, comment_form=None, status=200):
    """The measure page; internals (timeline beyond status updates, comments) by permission."""
    user = request.user
    show_internal = permissions.can(user, Action.VIEW_INTERNAL, measure)
    timeline = selectors.measure_timeline(measure, internal=show_internal)
    can_comment = show_internal and permissions.can(user, Action.COMMENT, measure)
    return render(
        request,
        "measures/measure_detail.html",
        {
            "measure": measure,
            "status_updates": [e.obj for e in timeline if e.kind == "status_update"][:20],
            "timeline": timeline,
            "show_internal": show_internal,
            "comment_form": comment_form or (CommentForm() if can_comment else None),
            "can_edit": permissions.can(user, Action.EDIT_MEASURE, measure),
            "can_reassign": permissions.can(user, Action.REASSIGN_OWNER, measure),
        },
        status=status,
    )


@login_required
@require_POST
def comment_add(request, pk):
    """Post a message in the measure's thread (coordinator and the owner side)."""
    measure = selectors.measure_for_page(request.user, pk)
    permissions.check(request.user, Action.COMMENT, measure)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.comment_add(
                measure=measure, author=request.user, text=form.cleaned_data["text"]
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Kommentaren er lagret."))
            return redirect(f"{measure.get_absolute_url()}#comments")
    return _measure_page(request, measure, comment_form=form, status=400)


@login_required
def measure_create(request, slug):
    """The coordinator adds a measure to a plan, with its one owner."""
    plan = get_object_or_404(Plan, slug=slug)
    permissions.check(request.user, Action.EDIT_MEASURE, plan)
    form = MeasureForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            measure = services.measure_create(plan=plan, user=request.user, **form.service_kwargs())
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Tiltaket er opprettet."))
            return redirect(measure)
    return render(
        request,
        "measures/measure_form.html",
        {"form": form, "plan": plan, "title": _("Nytt tiltak")},
        status=400 if form.errors else 200,
    )


@login_required
def measure_edit(request, pk):
    """The coordinator edits a measure; a save over someone else's is refused, text kept."""
    measure = selectors.measure_for_page(request.user, pk)
    permissions.check(request.user, Action.EDIT_MEASURE, measure)
    data = request.POST.copy() if request.method == "POST" else None
    form = MeasureForm(data, instance=measure, plan=measure.plan, editing=True)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.measure_update(
                measure_id=measure.pk,
                version=form.cleaned_data["version"],
                user=request.user,
                **form.service_kwargs(),
            )
        except ConflictError as error:
            changes, who = error.current
            conflict = {"message": error.message, "changes": changes, "who": who}
            # Saving again now means "mine over theirs", knowingly: the form takes the
            # current version while keeping every field the user typed.
            data["version"] = str(
                Measure.objects.values_list("version", flat=True).get(pk=measure.pk)
            )
            form = MeasureForm(data, instance=measure, plan=measure.plan, editing=True)
            form.is_valid()
            form.add_error(None, error.message)
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Endringene er lagret."))
            return redirect(measure)
    return render(
        request,
        "measures/measure_form.html",
        {
            "form": form,
            "plan": measure.plan,
            "measure": measure,
            "conflict": conflict,
            "title": _("Endre tiltak %(code)s") % {"code": measure.code},
        },
        status=409 if conflict else 400 if form.errors else 200,
    )


@login_required
def measure_reassign(request, pk):
    """Give the measure a new owner: its own action, with a reason kept in the history."""
    measure = selectors.measure_for_page(request.user, pk)
    permissions.check(request.user, Action.REASSIGN_OWNER, measure)
    form = MeasureReassignForm(
        request.POST or None,
        initial={
            "department": measure.responsible_department,
            "person": measure.responsible_person,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.measure_reassign(
                measure_id=measure.pk,
                user=request.user,
                department=form.cleaned_data["department"],
                person=form.cleaned_data["person"],
                reason=form.cleaned_data["reason"],
            )
        except DomainError as error:
            if error.field == "responsible_person":
                error.field = "person"
            add_to_form(form, error)
        else:
            messages.success(request, _("Tiltaket har fått ny hovedansvarlig."))
            return redirect(measure)
    return render(
        request,
        "measures/measure_form.html",
        {
            "form": form,
            "plan": measure.plan,
            "measure": measure,
            "title": _("Ny hovedansvarlig for %(code)s") % {"code": measure.code},
            "submit_label": _("Bytt hovedansvarlig"),
        },
        status=400 if form.errors else 200,
    )


@login_required
def dashboard(request):
    """The coordinator's overview of one plan's follow-up; every number links to its list."""
    permissions.check(request.user, Action.VIEW_DASHBOARD)
    plans = list(selectors.dashboard_plans(request.user))
    chosen = request.GET.get("plan", "")
    if chosen:
        plan = next((p for p in plans if str(p.pk) == chosen), None)
        if plan is None:
            raise Http404
    else:
        plan = current_plan(request.user)
    data = selectors.dashboard(plan) if plan else None
    return render(
        request,
        "measures/dashboard.html",
        {
            "plans": plans,
            "plan": plan,
            "dashboard": data,
            "status_choices": MeasureStatus.choices,
        },
    )


# (sort key, heading) of the list's sortable columns, in display order.
LIST_COLUMNS = [
    ("code", _("Kode")),
    ("title", _("Tiltak")),
    ("department", _("Ansvarlig")),
    ("status", _("Status")),
    ("progress", _("Framdrift")),
    ("implementation_plan", _("Gjennomføringsplan")),
    ("planned_end", _("Planlagt slutt")),
    ("last_reported_at", _("Sist rapportert")),
]


def _measure_filter(request) -> MeasureFilter:
    """The list's filters from the query string; without a plan chosen, the current plan."""
    data = request.GET.copy()
    if "plan" not in data:
        plan = current_plan(request.user)
        data["plan"] = str(plan.pk) if plan else ""
    return MeasureFilter(data, queryset=selectors.measure_list(request.user), request=request)


def _sort_columns(current: str) -> list[dict]:
    columns = []
    for key, label in LIST_COLUMNS:
        if current == key:
            state, next_sort = "ascending", f"-{key}"
        elif current == f"-{key}":
            state, next_sort = "descending", key
        else:
            state, next_sort = "none", key
        columns.append({"key": key, "label": label, "aria_sort": state, "next": next_sort})
    return columns


@login_required
def measure_list(request):
    """Every measure the user may list, filtered, sorted and paginated."""
    permissions.check(request.user, Action.VIEW_MEASURE_LIST)
    measure_filter = _measure_filter(request)
    page = Paginator(measure_filter.qs, MEASURES_PER_PAGE).get_page(request.GET.get("page"))
    sort = measure_filter.data.get("sort") or DEFAULT_SORT
    return render(
        request,
        "measures/measure_list.html",
        {
            "filter": measure_filter,
            "page": page,
            "columns": _sort_columns(sort),
            "sort": sort,
        },
    )


@login_required
def measure_export(request, fmt):
    """The filtered list (all pages) as Excel or CSV, with the same columns."""
    if fmt not in {"xlsx", "csv"}:
        raise Http404
    permissions.check(request.user, Action.VIEW_MEASURE_LIST)
    headings, rows = exports.measure_rows(_measure_filter(request).qs)
    stamp = timezone.localdate().isoformat()
    if fmt == "xlsx":
        response = HttpResponse(
            exports.to_xlsx(headings, rows),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(
            exports.to_csv(headings, rows), content_type="text/csv; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="tiltak-{stamp}.{fmt}"'
    return response


class CouncilReportFilter(django_filters.FilterSet):
    plan = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Plan"),
        queryset=lambda request: plans_visible_to(request.user),
        empty_label=gettext_lazy("Alle planer"),
        widget=forms.Select(attrs={"class": "ds-input"}),
    )

    class Meta:
        model = CouncilReport
        fields = ["plan"]


# --- Council reports ------------------------------------------------------------------------

REPORTS_PER_PAGE = 25


def council_report_list(request):
    """Staff see every report; politicians the published ones; the public the published
    reports of adopted plans. Filter by plan, paginated."""
    reports = selectors.council_reports_visible_to(request.user).order_by("-requested_at")
    report_filter = CouncilReportFilter(request.GET, queryset=reports, request=request)
    page = Paginator(report_filter.qs, REPORTS_PER_PAGE).get_page(request.GET.get("side"))
    requestable = [
        plan
        for plan in plans_visible_to(request.user).order_by("-period_start")
        if permissions.can(request.user, permissions.Action.REQUEST_REPORT, plan)
    ]
    return render(
        request,
        "measures/council_report_list.html",
        {"page": page, "filter": report_filter, "requestable_plans": requestable},
    )


def council_report_request(request, slug):
    plan = get_object_or_404(Plan, slug=slug)
    permissions.check(request.user, permissions.Action.REQUEST_REPORT, plan)
    form = CouncilReportRequestForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.council_report_request(
                plan=plan, user=request.user, **form.cleaned_data
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Rapporten er bestilt og lages nå."))
            return redirect(report)
    return render(request, "measures/council_report_request.html", {"plan": plan, "form": form})


def _report_for_page(request, pk, action=permissions.Action.VIEW):
    return permissions.get_object_for_user(
        CouncilReport.objects.select_related("plan", "requested_by", "published_by"),
        request.user,
        action,
        pk=pk,
    )


def _report_actions(request, report) -> dict:
    return {
        "report": report,
        "can_publish": report.status == CouncilReport.Status.READY
        and not report.is_published
        and permissions.can(request.user, permissions.Action.PUBLISH_REPORT, report),
        "can_retry": report.status == CouncilReport.Status.FAILED
        and permissions.can(request.user, permissions.Action.REQUEST_REPORT, report),
        "is_pending": report.status
        in {CouncilReport.Status.QUEUED, CouncilReport.Status.RENDERING},
    }


def council_report_detail(request, pk):
    """The report's parameters, its state (updated by a small poll while pending), the
    download, publish and retry actions, and the key figures with the report's charts."""
    report = _report_for_page(request, pk)
    chart_list = [
        {"spec": spec, "svg": charts.chart_svg(spec), "table": charts.chart_table(spec)}
        for spec in report.snapshot.get("charts", [])
    ]
    return render(
        request,
        "measures/council_report_detail.html",
        {
            **_report_actions(request, report),
            "charts": chart_list,
            "status_counts": [
                (label, report.snapshot["summary"]["counts"].get(value, 0))
                for value, label in report.snapshot.get("statuses", [])
            ],
        },
    )


def council_report_status(request, pk):
    """The state for the detail page's poll: a sentence for the live region and the panel."""
    report = _report_for_page(request, pk)
    context = _report_actions(request, report)
    return JsonResponse(
        {
            "status": report.status,
            "message": render_to_string(
                "measures/includes/council_report_status_text.html", context, request=request
            ).strip(),
            "panel": render_to_string(
                "measures/includes/council_report_panel.html", context, request=request
            ),
            "pending": context["is_pending"],
        }
    )


def council_report_download(request, pk):
    """The PDF, served after the permission check (never a public media URL)."""
    report = _report_for_page(request, pk)
    if report.status != CouncilReport.Status.READY or not report.file:
        raise Http404
    return FileResponse(
        report.file.open("rb"),
        as_attachment=True,
        filename=reports.report_file_name(report),
        content_type="application/pdf",
    )


@require_POST
def council_report_publish(request, pk):
    report = _report_for_page(request, pk, permissions.Action.PUBLISH_REPORT)
    try:
        services.council_report_publish(report=report, user=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Rapporten er publisert. Folkevalgte får beskjed på e-post."))
    return redirect(report)


@require_POST
def council_report_retry(request, pk):
    report = _report_for_page(request, pk, permissions.Action.REQUEST_REPORT)
    try:
        services.council_report_retry(report=report, user=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Rapporten lages på nytt."))
    return redirect(report)
