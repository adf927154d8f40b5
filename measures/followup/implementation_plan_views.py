"""Pages of implementation plans: ordering them, the plan's page, editing and
submitting it, the coordinator's review, its versions and their differences."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from bodobolig import permissions
from bodobolig.errors import ConflictError, DomainError, add_to_form
from bodobolig.people import display_name
from bodobolig.permissions import Action
from measures.followup import content, diff, forms, selectors, services
from measures.followup.content import int_or_none
from measures.models import (
    FundingRequest,
    ImplementationPlan,
)
from plans.models import Plan
from plans.selectors import department_users


@login_required
def implementation_plan_order(request, slug):
    """The coordinator orders implementation plans for one or many measures of a plan."""
    plan = get_object_or_404(Plan, slug=slug)
    permissions.check(request.user, Action.ORDER_IMPLEMENTATION_PLAN, plan)
    # "All" and the groups choose among the active measures that have no plan yet; a code
    # may name any measure (one with a plan is reported, not ordered twice).
    candidates = plan.measures.active().filter(implementation_plan__isnull=True)
    # "?tiltak=<pk>" (from a measure's page) fills in that measure's code.
    preselected = [v for v in request.GET.getlist("tiltak") if v.isdigit()]
    initial = {}
    if preselected:
        codes = (
            plan.measures.filter(pk__in=preselected).order_by("code").values_list("code", flat=True)
        )
        initial = {"scope": forms.ImplementationPlanOrderForm.CODES, "codes": ", ".join(codes)}
    form = forms.ImplementationPlanOrderForm(
        request.POST or None, plan=plan, candidates=candidates, initial=initial
    )
    preview = None
    if request.method == "POST" and form.is_valid() and "preview" in request.POST:
        preview = form.preview()
    elif request.method == "POST" and form.is_valid():
        try:
            result = services.implementation_plan_order(
                measures=form.measures,
                due_date=form.cleaned_data["due_date"],
                message=form.cleaned_data["message"],
                by=request.user,
            )
        except DomainError as error:
            if error.field == "measures":
                error.field = "scope"
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
                        "codes": _listed_codes(ip.measure.code for ip in result.ordered),
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
        {"plan": plan, "form": form, "preview": preview},
    )


# How many codes a message names before it says "…": ordering for a whole plan at once
# must not give a message of 2,000 codes.
CODES_IN_MESSAGE = 20


def _listed_codes(codes) -> str:
    codes = list(codes)
    listed = ", ".join(codes[:CODES_IN_MESSAGE])
    return f"{listed} …" if len(codes) > CODES_IN_MESSAGE else listed


def implementation_plan_detail(request, pk):
    """The plan page: content, activities, funding; actions by permission."""
    ip = selectors.implementation_plan_for_page(request.user, pk)
    return _render_plan_page(request, ip)


def _render_plan_page(request, ip, *, review_form=None, status=200):
    user, measure = request.user, ip.measure
    show_internal = permissions.can(user, Action.VIEW_INTERNAL, measure)
    can_review = (
        permissions.can(user, Action.APPROVE_IMPLEMENTATION_PLAN, measure)
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
            "can_edit": ip.is_open
            and permissions.can(user, Action.SUBMIT_IMPLEMENTATION_PLAN, measure),
            "can_review": can_review,
            "versions": versions,
            "review_form": review_form or forms.ReviewForm(initial={"version": ip.version}),
            "today": timezone.localdate(),
        },
        status=status,
    )


def _plan_forms(request, ip, *, data=None):
    users = department_users(ip.measure.responsible_department)
    activity_kwargs = forms.activity_form_kwargs(users)
    funding_rows = [f for f in ip.funding.all() if f.status == f.Status.REQUESTED]
    funding_kwargs = {"plan": ip.measure.plan}
    if data is None and request.method == "POST":
        data = request.POST
    if data is not None:
        return (
            forms.ImplementationPlanForm(data),
            forms.ActivityFormSet(data, prefix="activities", form_kwargs=activity_kwargs),
            forms.FundingFormSet(data, prefix="funding", form_kwargs=funding_kwargs),
        )
    return (
        forms.ImplementationPlanForm(
            initial={
                "version": ip.version,
                "expected_result": ip.expected_result,
                "resources": ip.resources,
                "risks": ip.risks,
            }
        ),
        forms.ActivityFormSet(
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
        forms.FundingFormSet(
            prefix="funding",
            form_kwargs=funding_kwargs,
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
                "responsible": display_name(row["responsible"]) if row.get("responsible") else "",
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


def _carry_in_rows_saved_by_others(data, prefix: str, saved_rows: list[dict]) -> int:
    """After a conflict, append to the posted formset the saved rows this form has never
    shown (the other person added them), so that saving the form again keeps them
    instead of deleting them. Rows the form knew, kept or marked "Fjern", are left as
    the user has them. Returns how many rows were carried in."""
    total = int_or_none(data.get(f"{prefix}-TOTAL_FORMS")) or 0
    seen = {data.get(f"{prefix}-{index}-id") for index in range(total)}
    carried = [row for row in saved_rows if str(row["id"]) not in seen]
    for offset, row in enumerate(carried):
        for name, value in row.items():
            data[f"{prefix}-{total + offset}-{name}"] = "" if value is None else str(value)
    data[f"{prefix}-TOTAL_FORMS"] = str(total + len(carried))
    return len(carried)


def _saved_rows(ip: ImplementationPlan) -> tuple[list[dict], list[dict]]:
    """The plan's saved activities and open funding rows, shaped like the formsets' fields."""
    activities = [
        {
            "id": a.pk,
            "title": a.title,
            "responsible": a.responsible_id,
            "start_date": a.start_date.isoformat() if a.start_date else None,
            "due_date": a.due_date.isoformat() if a.due_date else None,
        }
        for a in ip.activities.order_by("position", "pk")
    ]
    funding = [
        {"id": f.pk, "year": f.year, "amount": f.amount, "source": f.source}
        for f in ip.funding.filter(status=FundingRequest.Status.REQUESTED).order_by("year", "pk")
    ]
    return activities, funding


def _funding_totals(ip: ImplementationPlan) -> list[dict]:
    """The saved funding need summed per year (every source and decision state), from
    the rows the page already loaded."""
    totals: dict[int, Decimal] = {}
    for row in ip.funding.all():
        totals[row.year] = totals.get(row.year, Decimal(0)) + row.amount
    return [{"year": year, "amount": totals[year]} for year in sorted(totals)]


@login_required
def implementation_plan_edit(request, pk):
    """The owner's draft: texts, activities and funding rows; save, or save and submit."""
    ip = selectors.implementation_plan_for_page(request.user, pk, Action.SUBMIT_IMPLEMENTATION_PLAN)
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
                theirs = content.implementation_plan_content(error.current)
                conflict = {"message": error.message, "sections": diff.compare(theirs, mine)}
                data = request.POST.copy()
                _keep_plan_texts_the_user_did_not_touch(data, form, error.current)
                data["version"] = error.current.version
                saved_activities, saved_funding = _saved_rows(error.current)
                conflict["carried"] = _carry_in_rows_saved_by_others(
                    data, "activities", saved_activities
                ) + _carry_in_rows_saved_by_others(data, "funding", saved_funding)
                form, activities, funding = _plan_forms(request, ip, data=data)
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
    funding_totals = _funding_totals(ip)
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
            "activity_columns": [_("Aktivitet"), _("Ansvarlig"), _("Start"), _("Frist")],
            "funding_columns": [_("År"), _("Beløp (kr)"), _("Finansieringskilde")],
            "decided_funding": [f for f in ip.funding.all() if f.status != f.Status.REQUESTED],
            "funding_totals": funding_totals,
            "funding_grand_total": sum(t["amount"] for t in funding_totals),
            "conflict": conflict,
            "today": timezone.localdate(),
        },
        status=status,
    )


@login_required
@require_POST
def implementation_plan_submit(request, pk):
    ip = selectors.implementation_plan_for_page(request.user, pk, Action.SUBMIT_IMPLEMENTATION_PLAN)
    form = forms.VersionForm(request.POST)
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
    ip = selectors.implementation_plan_for_page(
        request.user, pk, Action.APPROVE_IMPLEMENTATION_PLAN
    )
    form = forms.ReviewForm(request.POST)
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
    ip = selectors.implementation_plan_for_page(request.user, pk, Action.VIEW_INTERNAL)
    return render(
        request,
        "measures/implementation_plan_versions.html",
        {"ip": ip, "measure": ip.measure, "versions": list(ip.versions.all())},
    )


@login_required
def implementation_plan_diff(request, pk, number):
    """What changed in version `number` since the version before it (side by side)."""
    ip = selectors.implementation_plan_for_page(request.user, pk, Action.VIEW_INTERNAL)
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
