"""The coordinator's pages for the evidence: indicators, values, targets, the import
(upload → preview → confirm), challenges and analysis documents."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from analyses import importing, services
from analyses.forms import (
    AnalysisForm,
    ChallengeForm,
    ImportForm,
    IndicatorForm,
    IndicatorTargetForm,
    IndicatorValueForm,
)
from analyses.models import Analysis, Challenge, Indicator, StatisticsImport
from bodobolig import permissions
from bodobolig.errors import DomainError
from bodobolig.form_pages import save_and_redirect
from plans.models import Plan

_SESSION_KEY = "analyses_import"


def _require_manager(request) -> None:
    permissions.check(request.user, permissions.Action.MANAGE_STATISTICS)


def _form_page(request, form, title, back, *, multipart=False):
    return render(
        request,
        "analyses/form.html",
        {"form": form, "title": title, "back": back, "multipart": multipart},
        status=400 if form.errors else 200,
    )


def _indicator_url(indicator) -> str:
    return reverse("analyses:indicator_detail", kwargs={"code": indicator.code})


@login_required
def indicator_create(request):
    _require_manager(request)
    form = IndicatorForm(request.POST or None)
    done = save_and_redirect(
        request,
        form,
        lambda: services.indicator_save(by=request.user, **form.cleaned_data),
        message=_("Indikatoren er opprettet."),
        to=_indicator_url,
    )
    return done or _form_page(request, form, _("Ny indikator"), reverse("analyses:indicator_list"))


@login_required
def indicator_edit(request, code):
    _require_manager(request)
    indicator = get_object_or_404(Indicator, code=code)
    form = IndicatorForm(request.POST or None, instance=indicator)
    done = save_and_redirect(
        request,
        form,
        lambda: services.indicator_save(
            by=request.user, indicator_id=indicator.pk, **form.cleaned_data
        ),
        message=_("Indikatoren er lagret."),
        to=_indicator_url,  # the saved one: its code may have changed
    )
    back = reverse("analyses:indicator_detail", kwargs={"code": code})
    title = _("Endre indikatoren «%(n)s»") % {"n": indicator.name}
    return done or _form_page(request, form, title, back)


@login_required
def indicator_value_add(request, code):
    _require_manager(request)
    indicator = get_object_or_404(Indicator, code=code)
    form = IndicatorValueForm(request.POST or None, indicator=indicator)
    done = save_and_redirect(
        request,
        form,
        lambda: services.indicator_value_save(
            by=request.user, indicator=indicator, **form.cleaned_data
        ),
        message=_("Verdien er lagret."),
        to=_indicator_url(indicator),
    )
    title = _("Ny verdi for «%(n)s»") % {"n": indicator.name}
    return done or _form_page(request, form, title, _indicator_url(indicator))


@login_required
@require_POST
def indicator_value_delete(request, code, pk):
    _require_manager(request)
    indicator = get_object_or_404(Indicator, code=code)
    get_object_or_404(indicator.values, pk=pk)
    services.indicator_value_delete(by=request.user, value_id=pk)
    messages.success(request, _("Verdien er slettet."))
    return redirect("analyses:indicator_detail", code=code)


@login_required
def indicator_target_add(request, code):
    _require_manager(request)
    indicator = get_object_or_404(Indicator, code=code)
    form = IndicatorTargetForm(request.POST or None)
    done = save_and_redirect(
        request,
        form,
        lambda: services.indicator_target_save(
            by=request.user, indicator=indicator, **form.cleaned_data
        ),
        message=_("Målet er lagret."),
        to=_indicator_url(indicator),
    )
    title = _("Nytt mål for «%(n)s»") % {"n": indicator.name}
    return done or _form_page(request, form, title, _indicator_url(indicator))


@login_required
@require_POST
def indicator_target_delete(request, code, pk):
    _require_manager(request)
    indicator = get_object_or_404(Indicator, code=code)
    get_object_or_404(indicator.targets, pk=pk)
    services.indicator_target_delete(by=request.user, target_id=pk)
    messages.success(request, _("Målet er slettet."))
    return redirect("analyses:indicator_detail", code=code)


# --- Import: upload → preview → confirm -------------------------------------------


@login_required
def import_upload(request):
    """Upload a file; the page then previews what it would create and change, or lists
    every error with its row or cell. Nothing is written before the confirmation."""
    _require_manager(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    preview = None
    token = ""
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        indicator = form.cleaned_data["indicator"]
        data = upload.read()
        preview = importing.read_file(upload.name, data, indicator.code if indicator else None)
        if preview.ok:
            token = uuid.uuid4().hex
            path = default_storage.save(f"statistics-imports/{token}", ContentFile(data))
            request.session[_SESSION_KEY] = {
                "token": token,
                "path": path,
                "name": upload.name,
                "indicator": indicator.code if indicator else None,
                "rows": len(preview.rows),
            }
    return render(
        request,
        "analyses/import.html",
        {"form": form, "preview": preview, "token": token},
        status=400 if form.errors or (preview and not preview.ok) else 200,
    )


@login_required
@require_POST
def import_confirm(request):
    """Write the previewed file in one transaction; the file is read and checked again."""
    _require_manager(request)
    pending = request.session.get(_SESSION_KEY)
    if not pending or pending.get("token") != request.POST.get("token"):
        messages.error(request, _("Forhåndsvisningen er utløpt. Last opp filen på nytt."))
        return redirect("analyses:import_upload")
    if pending.get("rows", 0) >= settings.STATISTICS_IMPORT_WORKER_ROWS:
        request.session.pop(_SESSION_KEY, None)
        job = services.statistics_import_queue(
            by=request.user,
            path=pending["path"],
            file_name=pending["name"],
            indicator_code=pending["indicator"],
            rows=pending["rows"],
        )
        return redirect("analyses:import_status", pk=job.pk)
    with default_storage.open(pending["path"], "rb") as handle:
        data = handle.read()
    plan = importing.read_file(pending["name"], data, pending["indicator"])
    try:
        services.statistics_import_apply(by=request.user, plan=plan, file_name=pending["name"])
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("analyses:import_upload")
    finally:
        default_storage.delete(pending["path"])
        request.session.pop(_SESSION_KEY, None)
    messages.success(
        request,
        _("Importert: %(c)s nye verdier, %(u)s oppdatert, %(n)s uendret.")
        % {"c": plan.created, "u": plan.updated, "n": plan.unchanged},
    )
    return redirect("analyses:indicator_list")


@login_required
def import_status(request, pk):
    """A large import run by the worker: its state, reloaded while it runs."""
    _require_manager(request)
    job = get_object_or_404(StatisticsImport, pk=pk)
    return render(request, "analyses/import_status.html", {"job": job})


@login_required
def import_template(request):
    _require_manager(request)
    response = HttpResponse(
        "\ufeff" + importing.CSV_TEMPLATE, content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="statistikk-mal.csv"'
    return response


# --- Challenges and analyses ------------------------------------------------------


def _plan_for_editing(request, slug) -> Plan:
    return permissions.get_object_for_user(
        Plan.objects.all(), request.user, permissions.Action.EDIT_PLAN, slug=slug
    )


@login_required
def challenge_create(request, slug):
    plan = _plan_for_editing(request, slug)
    form = ChallengeForm(request.POST or None, plan=plan)
    back = reverse("analyses:coverage", kwargs={"slug": slug})
    done = save_and_redirect(
        request,
        form,
        lambda: services.challenge_save(by=request.user, **form.cleaned_data),
        message=_("Utfordringen er registrert."),
        to=back,
    )
    return done or _form_page(request, form, _("Ny utfordring"), back)


@login_required
def challenge_edit(request, slug, pk):
    plan = _plan_for_editing(request, slug)
    challenge = get_object_or_404(Challenge, pk=pk, goal__plan=plan)
    form = ChallengeForm(request.POST or None, instance=challenge, plan=plan)
    back = reverse("analyses:coverage", kwargs={"slug": slug})
    done = save_and_redirect(
        request,
        form,
        lambda: services.challenge_save(
            by=request.user, challenge_id=challenge.pk, **form.cleaned_data
        ),
        message=_("Utfordringen er lagret."),
        to=back,
    )
    return done or _form_page(request, form, _("Endre utfordringen"), back)


@login_required
def analysis_create(request):
    _require_manager(request)
    form = AnalysisForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        analysis = services.analysis_save(by=request.user, **form.cleaned_data)
        messages.success(request, _("Analysen er lagt til."))
        return redirect("analyses:analysis_detail", pk=analysis.pk)
    return _form_page(
        request, form, _("Ny analyse"), reverse("analyses:analysis_list"), multipart=True
    )


@login_required
def analysis_edit(request, pk):
    _require_manager(request)
    analysis = get_object_or_404(Analysis, pk=pk)
    form = AnalysisForm(request.POST or None, request.FILES or None, instance=analysis)
    if request.method == "POST" and form.is_valid():
        services.analysis_save(by=request.user, analysis_id=analysis.pk, **form.cleaned_data)
        messages.success(request, _("Analysen er lagret."))
        return redirect("analyses:analysis_detail", pk=analysis.pk)
    back = reverse("analyses:analysis_detail", kwargs={"pk": pk})
    return _form_page(request, form, _("Endre analysen"), back, multipart=True)
