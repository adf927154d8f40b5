"""Pages of council reports: the list, requesting one, its page with live status,
the PDF download, publishing and retrying."""

from __future__ import annotations

import django_filters
from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from analyses import charts
from bodobolig import permissions
from bodobolig.errors import DomainError, add_to_form
from bodobolig.pagination import paginate
from measures import background_pdf
from measures.models import (
    CouncilReport,
)
from measures.reports import rendering, selectors, services
from measures.reports.forms import CouncilReportRequestForm, CouncilReportWithdrawForm
from plans.models import Plan
from plans.selectors import plans_visible_to


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


REPORTS_PER_PAGE = 25


def council_report_list(request):
    """Staff see every report; politicians the published ones; the public the published
    reports of adopted plans. Filter by plan, paginated."""
    reports = selectors.council_reports_visible_to(request.user).order_by("-requested_at")
    report_filter = CouncilReportFilter(request.GET, queryset=reports, request=request)
    page = paginate(request, report_filter.qs, REPORTS_PER_PAGE)
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
            messages.success(request, _("Rapporten er bestilt."))
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
        and not report.is_withdrawn
        and permissions.can(request.user, permissions.Action.PUBLISH_REPORT, report),
        "can_withdraw": report.is_published
        and permissions.can(request.user, permissions.Action.PUBLISH_REPORT, report),
        "can_export": report.status == CouncilReport.Status.READY
        and permissions.can(request.user, permissions.Action.EXPORT_ARCHIVE, report),
        "can_retry": report.status == CouncilReport.Status.FAILED
        and permissions.can(request.user, permissions.Action.REQUEST_REPORT, report),
        "is_pending": report.status
        in {CouncilReport.Status.QUEUED, CouncilReport.Status.RENDERING},
    }


def council_report_detail(request, pk):
    """The report's parameters, its state (updated by a small poll while pending), the
    download, publish and retry actions, and the key figures with the report's charts."""
    report = _report_for_page(request, pk)
    chart_list = charts.render_charts(report.snapshot.get("charts", []))
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
    return background_pdf.status_response(
        request,
        report,
        _report_actions(request, report),
        templates="measures/includes/council_report",
    )


def council_report_download(request, pk):
    """The PDF, served after the permission check (never a public media URL)."""
    report = _report_for_page(request, pk)
    if report.status != CouncilReport.Status.READY or not report.file:
        raise Http404
    return FileResponse(
        report.file.open("rb"),
        as_attachment=True,
        filename=rendering.report_file_name(report),
        content_type="application/pdf",
    )


def council_report_publish(request, pk):
    """Publishing in two steps: the page says who will see the report (the politicians,
    by e-mail, and the public when the plan is adopted); the form on it publishes."""
    report = _report_for_page(request, pk, permissions.Action.PUBLISH_REPORT)
    if request.method == "POST" and request.POST.get("confirmed") == "yes":
        try:
            services.council_report_publish(report=report, user=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("Rapporten er publisert. Folkevalgte får beskjed på e-post.")
            )
        return redirect(report)
    return render(
        request,
        "measures/council_report_publish.html",
        {
            "report": report,
            "politician_count": selectors.politician_count(),
            "public_now": report.plan.status in {Plan.Status.ADOPTED, Plan.Status.COMPLETED},
        },
    )


def council_report_withdraw(request, pk):
    """Withdraw a published report with a reason; the file stays archived for staff."""
    report = _report_for_page(request, pk, permissions.Action.PUBLISH_REPORT)
    form = CouncilReportWithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.council_report_withdraw(
                report=report, user=request.user, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            if error.field != "reason":
                messages.error(request, error.message)
                return redirect(report)
            add_to_form(form, error)
        else:
            messages.success(
                request,
                _(
                    "Rapporten er trukket tilbake. Folkevalgte og publikum ser den ikke lenger; "
                    "filen er arkivert."
                ),
            )
            return redirect(report)
    return render(
        request,
        "measures/council_report_withdraw.html",
        {"report": report, "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


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
