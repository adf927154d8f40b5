from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bodobolig import permissions
from bodobolig.permissions import Action
from measures import exports, selectors
from measures.filters import DEFAULT_SORT, MeasureFilter
from measures.models import MeasureStatus
from plans.models import Plan
from plans.selectors import current_plan

MEASURES_PER_PAGE = 50


def plan_detail(request, slug):
    """The plan page: goals → strategies → measures, with owners, status and progress."""
    plan = get_object_or_404(Plan.objects.select_related("predecessor"), slug=slug)
    permissions.check(request.user, permissions.Action.VIEW, plan)
    goals = selectors.plan_tree(plan)
    return render(
        request,
        "plans/plan_detail.html",
        {"plan": plan, "goals": goals, "rollup": selectors.plan_rollup(goals)},
    )


def measure_detail(request, pk):
    measure = selectors.measure_for_page(request.user, pk)
    show_internal = permissions.can(request.user, permissions.Action.VIEW_INTERNAL, measure)
    updates = measure.status_updates.select_related("submitted_by", "reporting_round")
    return render(
        request,
        "measures/measure_detail.html",
        {
            "measure": measure,
            "status_updates": updates[:20],
            "show_internal": show_internal,
        },
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
