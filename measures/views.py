import django_filters
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import models
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from analyses import charts
from bodobolig import permissions
from bodobolig.errors import ConflictError, DomainError, add_to_form
from bodobolig.permissions import Action
from measures import diff, exports, reports, selectors, services
from measures import workflow_forms as mforms
from measures.filters import DEFAULT_SORT, MeasureFilter
from measures.forms import CommentForm, CouncilReportRequestForm, MeasureForm, MeasureReassignForm
from measures.models import (
    CouncilReport,
    FundingRequest,
    ImplementationPlan,
    Measure,
    MeasureStatus,
    ReportingRound,
    StatusUpdate,
)
from plans.models import Plan
from plans.selectors import current_plan, department_users, plans_visible_to

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
            "followup_links": _followup_links(user, measure),
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
            # Fields only the other person changed take their saved value; fields the
            # user changed keep the user's text. Saving again is then "mine over theirs"
            # only where both changed, knowingly: the form takes the current version.
            current = Measure.objects.get(pk=measure.pk)
            _keep_changes_the_user_did_not_touch(data, form, changes, current)
            data["version"] = str(current.version)
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


def _keep_changes_the_user_did_not_touch(data, form, changes, current: Measure) -> None:
    """Put the saved value into `data` for each field someone else changed and the user
    left as it was when they opened the form."""
    for change in changes:
        if change.field not in form.fields or change.field not in form.cleaned_data:
            continue
        submitted = form.cleaned_data[change.field]
        started = change.old
        if isinstance(submitted, models.Model):
            submitted = str(submitted)
        if (submitted or "") != (started or ""):
            continue  # the user changed it too: keep their text, the page shows theirs
        value = getattr(current, f"{change.field}_id", None)
        if value is None:
            value = getattr(current, change.field)
        data[change.field] = "" if value is None else str(value)


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


# --- Follow-up workflow: implementation plans, rounds, "mine tiltak" (h3a) -------------------


def _followup_links(user, measure) -> list[tuple[str, str]]:
    """Links from the measure page to its implementation plan and delegation, by permission."""
    links = []
    try:
        ip = measure.implementation_plan  # joined by selectors.measure_for_page
    except ImplementationPlan.DoesNotExist:
        ip = None
    if ip is not None:
        if permissions.can(user, permissions.Action.VIEW, ip):
            links.append(
                (
                    _("Gjennomføringsplan (%(status)s)")
                    % {"status": ip.get_status_display().lower()},
                    ip.get_absolute_url(),
                )
            )
    elif permissions.can(user, permissions.Action.ORDER_IMPLEMENTATION_PLAN, measure):
        url = reverse("measures:implementation_plan_order", kwargs={"slug": measure.plan.slug})
        links.append((_("Bestill gjennomføringsplan"), f"{url}?tiltak={measure.pk}"))
    if permissions.can(user, permissions.Action.DELEGATE_REPORTING, measure):
        links.append(
            (
                _("Deleger rapporteringen"),
                reverse("measures:measure_delegate", kwargs={"pk": measure.pk}),
            )
        )
    return links


# --- Implementation plans -------------------------------------------------------------------

A = permissions.Action


def _name(user) -> str:
    return user.get_full_name() or user.username


@login_required
def implementation_plan_order(request, slug):
    """The coordinator orders implementation plans for one or many measures of a plan."""
    plan = get_object_or_404(Plan, slug=slug)
    permissions.check(request.user, A.ORDER_IMPLEMENTATION_PLAN, plan)
    candidates = plan.measures.select_related(
        "responsible_department", "responsible_person", "implementation_plan"
    ).order_by("code")
    # "?tiltak=<pk>" (from a measure's page) ticks that measure.
    preselected = [v for v in request.GET.getlist("tiltak") if v.isdigit()]
    form = mforms.ImplementationPlanOrderForm(
        request.POST or None, measures_queryset=candidates, initial={"measures": preselected}
    )
    if request.method == "POST" and form.is_valid():
        try:
            result = services.implementation_plan_order(
                measures=form.cleaned_data["measures"],
                due_date=form.cleaned_data["due_date"],
                message=form.cleaned_data["message"],
                by=request.user,
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            if result.ordered:
                messages.success(
                    request,
                    ngettext(
                        "Gjennomføringsplan bestilt for %(count)d tiltak: %(codes)s.",
                        "Gjennomføringsplaner bestilt for %(count)d tiltak: %(codes)s.",
                        len(result.ordered),
                    )
                    % {
                        "count": len(result.ordered),
                        "codes": ", ".join(ip.measure.code for ip in result.ordered),
                    },
                )
            for ip in result.already:
                messages.warning(
                    request,
                    _(
                        "%(code)s har allerede en gjennomføringsplan (%(status)s) og ble ikke bestilt på nytt."
                    )
                    % {"code": ip.measure.code, "status": ip.get_status_display().lower()},
                )
            return redirect("measures:implementation_plan_order", slug=plan.slug)
    return render(
        request,
        "measures/implementation_plan_order.html",
        {"plan": plan, "form": form, "candidates": candidates, "checked": form.checked_ids()},
    )


def implementation_plan_detail(request, pk):
    """The plan page: content, activities, funding; actions by permission."""
    ip = selectors.implementation_plan_for_page(request.user, pk)
    return _render_plan_page(request, ip)


def _render_plan_page(request, ip, *, review_form=None, status=200):
    user, measure = request.user, ip.measure
    show_internal = permissions.can(user, A.VIEW_INTERNAL, measure)
    can_review = (
        permissions.can(user, A.APPROVE_IMPLEMENTATION_PLAN, measure)
        and ip.status == ImplementationPlan.Status.SUBMITTED
    )
    versions = list(ip.versions.all()) if show_internal else []
    return render(
        request,
        "measures/implementation_plan_detail.html",
        {
            "ip": ip,
            "measure": measure,
            "show_internal": show_internal,
            "can_edit": ip.is_open and permissions.can(user, A.SUBMIT_IMPLEMENTATION_PLAN, measure),
            "can_review": can_review,
            "versions": versions,
            "review_form": review_form or mforms.ReviewForm(initial={"version": ip.version}),
            "today": timezone.localdate(),
        },
        status=status,
    )


def _plan_forms(request, ip):
    users = department_users(ip.measure.responsible_department)
    activity_kwargs = {"responsible_queryset": users}
    funding_rows = [f for f in ip.funding.all() if f.status == f.Status.REQUESTED]
    if request.method == "POST":
        return (
            mforms.ImplementationPlanForm(request.POST),
            mforms.ActivityFormSet(request.POST, prefix="activities", form_kwargs=activity_kwargs),
            mforms.FundingFormSet(request.POST, prefix="funding"),
        )
    return (
        mforms.ImplementationPlanForm(
            initial={
                "version": ip.version,
                "expected_result": ip.expected_result,
                "resources": ip.resources,
                "risks": ip.risks,
            }
        ),
        mforms.ActivityFormSet(
            prefix="activities",
            form_kwargs=activity_kwargs,
            initial=[
                {
                    "id": a.pk,
                    "title": a.title,
                    "responsible": a.responsible_id,
                    "start_date": a.start_date,
                    "due_date": a.due_date,
                }
                for a in ip.activities.all()
            ],
        ),
        mforms.FundingFormSet(
            prefix="funding",
            initial=[
                {"id": f.pk, "year": f.year, "amount": f.amount, "source": f.source}
                for f in funding_rows
            ],
        ),
    )


def _typed_content(form, activities, funding) -> dict:
    """What the user typed, shaped like the frozen content, to show beside the saved text."""
    data = form.cleaned_data
    return {
        "expected_result": data.get("expected_result", ""),
        "resources": data.get("resources", ""),
        "risks": data.get("risks", ""),
        "activities": [
            {
                "title": row["title"],
                "responsible": _name(row["responsible"]) if row.get("responsible") else "",
                "start_date": row["start_date"].isoformat() if row.get("start_date") else "",
                "due_date": row["due_date"].isoformat() if row.get("due_date") else "",
            }
            for row in activities.rows()
        ],
        "funding": [
            {
                "year": row["year"],
                "amount": str(row["amount"]),
                "source": str(dict(FundingRequest.Source.choices)[row["source"]]),
            }
            for row in funding.rows()
        ],
    }


def _keep_plan_texts_the_user_did_not_touch(data, form, current) -> None:
    """After a conflict, a text the user left as it was when they opened the form takes
    the saved value, so saving again does not undo the other person's change.
    (Activities and funding rows keep the user's rows; the page shows both.)"""
    started = current.history.filter(version=form.cleaned_data["version"]).first()
    if started is None:
        return
    for name in ("expected_result", "resources", "risks"):
        if (form.cleaned_data.get(name) or "") == (getattr(started, name) or ""):
            data[name] = getattr(current, name)


@login_required
def implementation_plan_edit(request, pk):
    """The owner's draft: texts, activities and funding rows; save, or save and submit."""
    ip = selectors.implementation_plan_for_page(request.user, pk, A.SUBMIT_IMPLEMENTATION_PLAN)
    if not ip.is_open:
        messages.info(
            request,
            _("Planen er %(status)s og kan ikke endres nå.")
            % {"status": ip.get_status_display().lower()},
        )
        return redirect(ip)
    form, activities, funding = _plan_forms(request, ip)
    conflict = None
    status = 200
    if request.method == "POST":
        if form.is_valid() and activities.is_valid() and funding.is_valid():
            try:
                saved = services.implementation_plan_save_draft(
                    implementation_plan=ip,
                    by=request.user,
                    expected_version=form.cleaned_data["version"],
                    expected_result=form.cleaned_data["expected_result"],
                    resources=form.cleaned_data["resources"],
                    risks=form.cleaned_data["risks"],
                    activities=activities.rows(),
                    funding=funding.rows(),
                )
            except ConflictError as error:
                # Keep every word the user typed; show the saved text beside it, and let the
                # next save go through against the version they have now seen.
                mine = _typed_content(form, activities, funding)
                theirs = services.implementation_plan_content(error.current)
                conflict = {"message": error.message, "sections": diff.compare(theirs, mine)}
                data = request.POST.copy()
                _keep_plan_texts_the_user_did_not_touch(data, form, error.current)
                data["version"] = error.current.version
                form = mforms.ImplementationPlanForm(data)
                form.is_valid()
                add_to_form(form, error)
                status = 409
            except DomainError as error:
                add_to_form(form, error)
                status = 400
            else:
                if "submit" not in request.POST:
                    messages.success(request, _("Utkastet er lagret."))
                    if "more" in request.POST:
                        return redirect("measures:implementation_plan_edit", pk=pk)
                    return redirect(ip)
                try:
                    services.implementation_plan_submit(
                        implementation_plan=saved, by=request.user, expected_version=saved.version
                    )
                except DomainError as error:
                    messages.error(
                        request,
                        _("Utkastet er lagret, men planen ble ikke levert: %(reason)s")
                        % {"reason": error.message},
                    )
                    return redirect("measures:implementation_plan_edit", pk=pk)
                messages.success(request, _("Planen er levert til koordinator."))
                return redirect(ip)
        else:
            status = 400
    return render(
        request,
        "measures/implementation_plan_edit.html",
        {
            "ip": ip,
            "measure": ip.measure,
            "form": form,
            "activities": activities,
            "funding": funding,
            "formsets": [(activities, _("Aktivitet")), (funding, _("Finansiering"))],
            "decided_funding": [f for f in ip.funding.all() if f.status != f.Status.REQUESTED],
            "conflict": conflict,
        },
        status=status,
    )


@login_required
@require_POST
def implementation_plan_submit(request, pk):
    ip = selectors.implementation_plan_for_page(request.user, pk, A.SUBMIT_IMPLEMENTATION_PLAN)
    form = mforms.VersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Skjemaet mangler versjon. Last siden på nytt og prøv igjen."))
        return redirect(ip)
    try:
        services.implementation_plan_submit(
            implementation_plan=ip, by=request.user, expected_version=form.cleaned_data["version"]
        )
    except DomainError as error:
        messages.error(request, error.message)
        if error.field in {"expected_result", "activities"}:
            return redirect("measures:implementation_plan_edit", pk=pk)
    else:
        messages.success(request, _("Planen er levert til koordinator."))
    return redirect(ip)


@login_required
@require_POST
def implementation_plan_review(request, pk):
    """The coordinator approves a submitted plan or returns it with feedback."""
    ip = selectors.implementation_plan_for_page(request.user, pk, A.APPROVE_IMPLEMENTATION_PLAN)
    form = mforms.ReviewForm(request.POST)
    decision = request.POST.get("decision")
    if form.is_valid() and decision in {"approve", "return"}:
        try:
            if decision == "approve":
                services.implementation_plan_approve(
                    implementation_plan=ip,
                    by=request.user,
                    expected_version=form.cleaned_data["version"],
                )
                messages.success(request, _("Planen er godkjent."))
            else:
                services.implementation_plan_return(
                    implementation_plan=ip,
                    by=request.user,
                    expected_version=form.cleaned_data["version"],
                    feedback=form.cleaned_data["feedback"],
                )
                messages.success(request, _("Planen er sendt tilbake med tilbakemelding."))
        except DomainError as error:
            add_to_form(form, error)
            ip = selectors.implementation_plan_for_page(request.user, pk)
            return _render_plan_page(
                request, ip, review_form=form, status=getattr(error, "status_code", 400)
            )
        return redirect(ip)
    if form.is_valid():
        form.add_error(None, _("Velg om planen skal godkjennes eller sendes tilbake."))
    return _render_plan_page(request, ip, review_form=form, status=400)


@login_required
def implementation_plan_versions(request, pk):
    ip = selectors.implementation_plan_for_page(request.user, pk, A.VIEW_INTERNAL)
    return render(
        request,
        "measures/implementation_plan_versions.html",
        {"ip": ip, "measure": ip.measure, "versions": list(ip.versions.all())},
    )


@login_required
def implementation_plan_diff(request, pk, number):
    """What changed in version `number` since the version before it (side by side)."""
    ip = selectors.implementation_plan_for_page(request.user, pk, A.VIEW_INTERNAL)
    versions = {v.number: v for v in ip.versions.all()}
    version = versions.get(number)
    if version is None:
        raise Http404
    previous = versions.get(number - 1)
    sections = diff.compare(previous.content if previous else None, version.content)
    return render(
        request,
        "measures/implementation_plan_diff.html",
        {
            "ip": ip,
            "measure": ip.measure,
            "version": version,
            "previous": previous,
            "sections": sections,
            "any_change": any(s.changed for s in sections),
        },
    )


# --- Reporting rounds -----------------------------------------------------------------------


@login_required
def round_list(request):
    permissions.check(request.user, A.VIEW_FOLLOW_UP)
    rounds = selectors.reporting_rounds_with_counts(request.user)
    plans = (
        Plan.objects.filter(status__in=[Plan.Status.ADOPTED, Plan.Status.HEARING])
        if permissions.is_coordinator(request.user)
        else Plan.objects.none()
    )
    return render(request, "measures/round_list.html", {"rounds": rounds, "plans": plans})


@login_required
def round_open(request, slug):
    plan = get_object_or_404(Plan, slug=slug)
    permissions.check(request.user, A.MANAGE_ROUNDS, plan)
    candidates = plan.measures.select_related(
        "responsible_department", "responsible_person"
    ).order_by("code")
    form = mforms.ReportingRoundForm(
        request.POST or None,
        measures_queryset=candidates,
        initial={"measures": [m.pk for m in candidates if m.is_active]},
    )
    if request.method == "POST" and form.is_valid():
        try:
            round_ = services.reporting_round_open(
                plan=plan,
                name=form.cleaned_data["name"],
                due_date=form.cleaned_data["due_date"],
                message=form.cleaned_data["message"],
                measures=form.cleaned_data["measures"],
                by=request.user,
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Rapporteringsrunden er åpnet."))
            return redirect(round_)
    return render(
        request,
        "measures/round_open.html",
        {"plan": plan, "form": form, "candidates": candidates, "checked": form.checked_ids()},
    )


@login_required
def round_detail(request, pk):
    """x of y answered, and who has not (owner, department)."""
    round_ = permissions.get_object_for_user(
        ReportingRound.objects.select_related("plan", "opened_by"),
        request.user,
        A.VIEW_FOLLOW_UP,
        pk=pk,
    )
    rows = selectors.reporting_round_rows(round_)
    for measure in rows:
        measure.may_report = permissions.can(request.user, A.SUBMIT_STATUS_UPDATE, measure)
    answered = [m for m in rows if m.round_update]
    return render(
        request,
        "measures/round_detail.html",
        {
            "round": round_,
            "rows": rows,
            "answered_count": len(answered),
            "missing": [m for m in rows if not m.round_update],
            "can_manage": permissions.can(request.user, A.MANAGE_ROUNDS, round_),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def round_close(request, pk):
    round_ = permissions.get_object_for_user(
        ReportingRound.objects.all(), request.user, A.MANAGE_ROUNDS, pk=pk
    )
    try:
        services.reporting_round_close(reporting_round=round_, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("Runden er lukket. Svar som kommer etter dette merkes som for sene.")
        )
    return redirect(round_)


@login_required
def status_update(request, round_pk, pk):
    """One status update for one measure in one round."""
    measure = selectors.measure_for_page(request.user, pk)
    permissions.check(request.user, A.SUBMIT_STATUS_UPDATE, measure)
    round_ = get_object_or_404(ReportingRound, pk=round_pk, measures=measure)
    existing = (
        StatusUpdate.objects.filter(measure=measure, reporting_round=round_)
        .select_related("submitted_by")
        .first()
    )
    form = mforms.StatusUpdateForm(
        request.POST or None, initial={"status": measure.status, "progress": measure.progress}
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.status_update_submit(
                    measure=measure,
                    reporting_round=round_,
                    by=request.user,
                    **form.cleaned_data,
                )
            except DomainError as error:
                add_to_form(form, error)
                status = 400
            else:
                messages.success(request, _("Statusrapporten er levert. Takk!"))
                return redirect("measures:my_measures")
        else:
            status = 400
    return render(
        request,
        "measures/status_update_form.html",
        {
            "measure": measure,
            "round": round_,
            "form": form,
            "existing": existing,
            "late": round_.status == round_.Status.CLOSED or timezone.localdate() > round_.due_date,
        },
        status=status,
    )


# --- Mine tiltak and delegation -------------------------------------------------------------


@login_required
def my_measures(request):
    permissions.check(request.user, A.VIEW_FOLLOW_UP)
    today = timezone.localdate()
    measures = selectors.my_measures(request.user)
    owed = selectors.owed_by(measures, today)
    for measure in measures:
        measure.can_delegate = permissions.can(request.user, A.DELEGATE_REPORTING, measure)
    return render(
        request,
        "measures/my_measures.html",
        {"measures": measures, "owed": owed, "today": today},
    )


@login_required
def measure_delegate(request, pk):
    measure = selectors.measure_for_page(request.user, pk)
    permissions.check(request.user, A.DELEGATE_REPORTING, measure)
    form = mforms.DelegateForm(
        request.POST or None,
        delegate_queryset=department_users(measure.responsible_department),
        initial={"delegate": measure.reporting_delegate_id},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.measure_delegate_reporting(
                measure=measure, delegate=form.cleaned_data["delegate"], by=request.user
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Rapporteringen for tiltaket er oppdatert."))
            return redirect("measures:my_measures")
    return render(request, "measures/measure_delegate.html", {"measure": measure, "form": form})


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
