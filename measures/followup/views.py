"""Pages of the follow-up: the coordinator's dashboard, the filtered measure list and
its exports, reporting rounds, status updates, "Mine tiltak" and delegation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from bodobolig import permissions
from bodobolig.errors import DomainError, add_to_form
from bodobolig.pagination import paginate
from bodobolig.permissions import Action
from measures.followup import dashboard as dashboard_selectors
from measures.followup import exports, forms, reporting, selectors
from measures.followup.filters import DEFAULT_SORT, MeasureFilter, MyMeasureFilter
from measures.models import (
    MeasureStatus,
    ReportingRound,
    StatusUpdate,
)
from measures.register import selectors as register_selectors
from measures.register import services as register_services
from plans.models import Plan
from plans.selectors import current_plan, department_users

MEASURES_PER_PAGE = 50


@login_required
def dashboard(request):
    """The coordinator's overview of one plan's follow-up; every number links to its list."""
    permissions.check(request.user, Action.VIEW_DASHBOARD)
    plans = list(dashboard_selectors.dashboard_plans(request.user))
    chosen = request.GET.get("plan", "")
    if chosen:
        plan = next((p for p in plans if str(p.pk) == chosen), None)
        if plan is None:
            raise Http404
    else:
        plan = current_plan(request.user)
    return render(
        request,
        "measures/dashboard.html",
        {
            "plans": plans,
            "plan": plan,
            "dashboard": dashboard_selectors.dashboard(plan) if plan else None,
            "status_choices": MeasureStatus.choices,
            "unconfirmed_shown": dashboard_selectors.UNCONFIRMED_SHOWN,
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


def measure_list(request):
    """Every measure the user may list, filtered, sorted and paginated. Politicians and the
    public get the public measure list (same filters where they exist) instead."""
    if not permissions.can(request.user, Action.VIEW_MEASURE_LIST):
        query = request.GET.urlencode()
        url = reverse("measures:public_measure_list")
        return redirect(f"{url}?{query}" if query else url)
    measure_filter = _measure_filter(request)
    page = paginate(request, measure_filter.qs, MEASURES_PER_PAGE, ids_first=True)
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


# --- Reporting rounds and status updates ----------------------------------------------------


@login_required
def round_list(request):
    permissions.check(request.user, Action.VIEW_FOLLOW_UP)
    rounds = selectors.reporting_rounds_with_counts(request.user)
    plans = (
        Plan.objects.filter(status__in=[Plan.Status.ADOPTED, Plan.Status.HEARING])
        if permissions.is_coordinator(request.user)
        else Plan.objects.none()
    )
    return render(request, "measures/round_list.html", {"rounds": rounds, "plans": plans})


@login_required
def round_open(request, slug):
    """Open a reporting round for all active measures of the plan, those of chosen goals,
    strategies or departments, or measures named by code: a page of the same size at 20
    measures or 20,000."""
    plan = get_object_or_404(Plan, slug=slug)
    permissions.check(request.user, Action.MANAGE_ROUNDS, plan)
    candidates = plan.measures.active()
    form = forms.ReportingRoundForm(
        request.POST or None,
        plan=plan,
        candidates=candidates,
        open_rounds=selectors.open_rounds_of(plan),
    )
    preview = None
    if request.method == "POST" and form.is_valid():
        if "preview" in request.POST:
            preview = form.preview()
        else:
            try:
                round_ = reporting.reporting_round_open(
                    plan=plan,
                    name=form.cleaned_data["name"],
                    due_date=form.cleaned_data["due_date"],
                    message=form.cleaned_data["message"],
                    measures=form.measures,
                    confirm_parallel=form.cleaned_data.get("confirm_parallel", False),
                    by=request.user,
                )
            except DomainError as error:
                if error.field == "confirm_parallel" and "confirm_parallel" not in form.fields:
                    # Another round was opened while this form was on screen: ask now.
                    form = forms.ReportingRoundForm(
                        request.POST,
                        plan=plan,
                        candidates=candidates,
                        open_rounds=selectors.open_rounds_of(plan),
                    )
                    form.is_valid()
                if error.field == "measures":
                    error.field = "scope"
                add_to_form(form, error)
            else:
                messages.success(request, _("Rapporteringsrunden er åpnet."))
                return redirect(round_)
    return render(
        request,
        "measures/round_open.html",
        {"plan": plan, "form": form, "open_rounds": form.open_rounds, "preview": preview},
    )


# Rows per page of the round page's two tables (who has not answered, who has).
ROUND_ROWS_PER_PAGE = 50
ROUND_TABLES = ("mangler", "besvart")


@login_required
def round_detail(request, pk):
    """x of y answered; one table at a time, paginated: who has not answered (owner,
    department) or the answers given. A round of thousands of measures stays one page."""
    round_ = permissions.get_object_for_user(
        ReportingRound.objects.select_related("plan", "opened_by"),
        request.user,
        Action.VIEW_FOLLOW_UP,
        pk=pk,
    )
    total, answered_count = selectors.reporting_round_counts(round_)
    missing_count = total - answered_count
    show = request.GET.get("vis")
    if show not in ROUND_TABLES:
        show = "mangler" if missing_count else "besvart"
    if show == "mangler":
        page = paginate(request, selectors.round_missing_measures(round_), ROUND_ROWS_PER_PAGE)
        for measure in page:
            measure.may_report = permissions.can(request.user, Action.SUBMIT_STATUS_UPDATE, measure)
    else:
        page = paginate(request, selectors.round_answers(round_), ROUND_ROWS_PER_PAGE)
    return render(
        request,
        "measures/round_detail.html",
        {
            "round": round_,
            "total": total,
            "answered_count": answered_count,
            "missing_count": missing_count,
            "show": show,
            "page": page,
            "missing": page.object_list if show == "mangler" else [],
            "can_manage": permissions.can(request.user, Action.MANAGE_ROUNDS, round_),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def round_close(request, pk):
    round_ = permissions.get_object_for_user(
        ReportingRound.objects.all(), request.user, Action.MANAGE_ROUNDS, pk=pk
    )
    try:
        reporting.reporting_round_close(reporting_round=round_, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("Runden er lukket. Svar som kommer etter dette merkes som for sene.")
        )
    return redirect(round_)


@login_required
def status_update(request, round_pk, pk):
    """One status update for one measure in one round; corrected here once reopened."""
    measure = register_selectors.measure_for_page(request.user, pk)
    permissions.check(request.user, Action.SUBMIT_STATUS_UPDATE, measure)
    round_ = get_object_or_404(ReportingRound, pk=round_pk, measures=measure)
    existing = _existing_update(measure, round_)
    form = forms.StatusUpdateForm(request.POST or None, initial=_status_initial(measure, existing))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                if not (existing and existing.is_reopened):
                    # A second answer (another tab) gets the service's "already submitted".
                    reporting.status_update_submit(
                        measure=measure,
                        reporting_round=round_,
                        by=request.user,
                        **form.cleaned_data,
                    )
                else:
                    reporting.status_update_correct(
                        status_update=existing, by=request.user, **form.cleaned_data
                    )
            except DomainError as error:
                add_to_form(form, error)
                status = 400
            else:
                messages.success(
                    request,
                    _("Statusoppdateringen er rettet.")
                    if existing and existing.is_reopened
                    else _("Statusoppdateringen er levert. Takk!"),
                )
                return redirect("measures:my_measures")
        else:
            status = 400
    return _status_update_page(request, measure, round_, existing, form, status=status)


def _existing_update(measure, round_) -> StatusUpdate | None:
    return (
        StatusUpdate.objects.filter(measure=measure, reporting_round=round_)
        .select_related("submitted_by", "reopened_by")
        .first()
    )


def _status_initial(measure, existing: StatusUpdate | None) -> dict:
    """A reopened update starts from what was submitted; a new one from the measure."""
    if existing is not None and existing.is_reopened:
        return {
            "status": existing.status,
            "progress": existing.progress,
            "text": existing.text,
            "risks": existing.risks,
            "needs_help": existing.needs_help,
        }
    return {"status": measure.status, "progress": measure.progress}


def _status_update_page(request, measure, round_, existing, form, *, reopen_form=None, status=200):
    can_reopen = (
        existing is not None
        and not existing.is_reopened
        and permissions.can(request.user, Action.REOPEN_STATUS_UPDATE, measure)
    )
    if can_reopen and reopen_form is None:
        reopen_form = forms.StatusUpdateReopenForm()
    return render(
        request,
        "measures/status_update_form.html",
        {
            "measure": measure,
            "round": round_,
            "form": form,
            "existing": existing,
            # Editable while there is none yet, or while the coordinator has reopened it.
            "editable": existing is None or existing.is_reopened,
            "can_reopen": can_reopen,
            "reopen_form": reopen_form if can_reopen else None,
            "previous": selectors.previous_status_update(measure, round_),
            "activities": selectors.approved_activities(measure),
            "late": round_.status == round_.Status.CLOSED or timezone.localdate() > round_.due_date,
        },
        status=status,
    )


@login_required
@require_POST
def status_update_reopen(request, round_pk, pk):
    """The coordinator opens a submitted status update for correction, with a reason."""
    measure = register_selectors.measure_for_page(request.user, pk)
    permissions.check(request.user, Action.REOPEN_STATUS_UPDATE, measure)
    round_ = get_object_or_404(ReportingRound, pk=round_pk, measures=measure)
    existing = _existing_update(measure, round_)
    if existing is None:
        raise Http404
    reopen_form = forms.StatusUpdateReopenForm(request.POST)
    if reopen_form.is_valid():
        try:
            reporting.status_update_reopen(
                status_update=existing, by=request.user, reason=reopen_form.cleaned_data["reason"]
            )
        except DomainError as error:
            add_to_form(reopen_form, error)
        else:
            messages.success(
                request,
                _("Statusoppdateringen er åpnet for retting. Hovedansvarlig kan nå rette den."),
            )
            return redirect("measures:status_update", round_pk=round_pk, pk=measure.pk)
    # The page again, with the reason's error on its field (nothing was changed).
    form = forms.StatusUpdateForm(initial=_status_initial(measure, existing))
    return _status_update_page(
        request, measure, round_, existing, form, reopen_form=reopen_form, status=400
    )


# --- Mine tiltak and delegation -------------------------------------------------------------


# "Mine tiltak" pages both lists, so a lead with hundreds of measures gets a page of the
# same size as one with five: what to deliver (earliest due date first) and the measures.
OWED_PER_PAGE = 10
MY_MEASURES_PER_PAGE = 25
# The year's work plan lines and the measures to confirm: both grow with what a lead
# owns (a lead of 500 measures had 70 lines), so each is paged on its own.
WORK_PLAN_ITEMS_PER_PAGE = 20
TO_CONFIRM_PER_PAGE = 20


@login_required
def my_measures(request):
    """What the user's measures owe, soonest first, and the measures themselves, filtered
    (search, plan, status, how the user is responsible) and paginated."""
    permissions.check(request.user, Action.VIEW_FOLLOW_UP)
    today = timezone.localdate()
    # Read once for the page, the total and the overdue count (three passes over the
    # union cost a lead who owns 500 measures a third of the page).
    owed = list(selectors.owed_rows(request.user))
    owed_page = paginate(request, owed, OWED_PER_PAGE, param="frister")
    measure_filter = MyMeasureFilter(
        request.GET, queryset=selectors.my_measures(request.user), request=request
    )
    page = paginate(request, measure_filter.qs, MY_MEASURES_PER_PAGE, ids_first=True)
    for measure in page:
        measure.can_delegate = permissions.can(request.user, Action.DELEGATE_REPORTING, measure)
    return render(
        request,
        "measures/my_measures.html",
        {
            "owed": selectors.owed_items(owed_page, today),
            "owed_page": owed_page,
            "overdue_count": sum(selectors.is_overdue(row, today) for row in owed),
            "filter": measure_filter,
            "page": page,
            "filtered": any(measure_filter.form.data.get(name) for name in measure_filter.filters),
            "today": today,
            "to_confirm": paginate(
                request,
                selectors.measures_to_confirm(request.user),
                TO_CONFIRM_PER_PAGE,
                param="bekreft",
            ),
            "work_plan_items": paginate(
                request,
                selectors.my_work_plan_items(request.user, today.year),
                WORK_PLAN_ITEMS_PER_PAGE,
                param="arbeidsplan",
            ),
        },
    )


@login_required
def measure_delegate(request, pk):
    measure = register_selectors.measure_for_page(request.user, pk)
    permissions.check(request.user, Action.DELEGATE_REPORTING, measure)
    form = forms.DelegateForm(
        request.POST or None,
        # The owner is the empty choice ("Hovedansvarlig selv"), not a second entry.
        delegate_queryset=department_users(measure.responsible_department).exclude(
            pk=measure.responsible_person_id
        ),
        initial={"delegate": measure.reporting_delegate_id},
    )
    if request.method == "POST" and form.is_valid():
        try:
            register_services.measure_delegate_reporting(
                measure=measure, delegate=form.cleaned_data["delegate"], by=request.user
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Rapporteringen for tiltaket er oppdatert."))
            return redirect("measures:my_measures")
    return render(request, "measures/measure_delegate.html", {"measure": measure, "form": form})
