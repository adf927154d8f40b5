"""The coordinator's hearing pages: create and edit, status, documents, consultees and
invitations, staff registration of responses, processing into points, the appendix."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bodobolig import permissions
from bodobolig.errors import DomainError, add_to_form
from bodobolig.pagination import paginate
from hearings import exports, selectors, services
from hearings.forms import (
    ConsulteeForm,
    DocumentForm,
    HearingForm,
    HearingStatusForm,
    InvitationForm,
    PointCreateForm,
    PointForm,
    PublicationForm,
    RegisterResponseForm,
)
from hearings.models import Consultee, Hearing, HearingResponse, ResponsePoint
from plans.models import Plan

Action = permissions.Action


def _managed(request, pk) -> Hearing:
    return permissions.get_object_for_user(
        Hearing.objects.select_related("plan"), request.user, Action.MANAGE_HEARING, pk=pk
    )


def _form_page(request, form, *, title, back, hearing=None, plan=None, intro="", multipart=False):
    return render(
        request,
        "hearings/form.html",
        {
            "form": form,
            "title": title,
            "back": back,
            "hearing": hearing,
            "plan": plan or (hearing.plan if hearing else None),
            "intro": intro,
            "multipart": multipart,
        },
        status=400 if form.errors else 200,
    )


def _warn_if_short(request, hearing: Hearing) -> None:
    if services.shorter_than_six_weeks(hearing.starts_on, hearing.ends_on):
        messages.warning(
            request,
            _(
                "Høringsperioden er kortere enn seks uker. Plan- og bygningsloven § 11-14 og "
                "utredningsinstruksen krever normalt minst seks uker."
            ),
        )


@login_required
def hearing_create(request, slug):
    plan = get_object_or_404(Plan, slug=slug)
    permissions.check(request.user, Action.MANAGE_HEARING, plan)
    form = HearingForm(
        request.POST or None, initial={"title": _("Høring: %(plan)s") % {"plan": plan}}
    )
    if request.method == "POST" and form.is_valid():
        try:
            hearing = services.hearing_create(plan=plan, by=request.user, **form.cleaned_data)
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Høringen er opprettet som planlagt."))
            _warn_if_short(request, hearing)
            return redirect("hearings:manage", pk=hearing.pk)
    return _form_page(request, form, title=_("Ny høring"), back=plan.get_absolute_url(), plan=plan)


@login_required
def hearing_edit(request, pk):
    hearing = _managed(request, pk)
    form = HearingForm(request.POST or None, instance=hearing)
    if request.method == "POST" and form.is_valid():
        services.hearing_update(hearing=hearing, by=request.user, **form.cleaned_data)
        messages.success(request, _("Høringen er lagret."))
        _warn_if_short(request, hearing)
        return redirect("hearings:manage", pk=hearing.pk)
    return _form_page(
        request, form, title=_("Endre høringen"), back=_manage_url(hearing), hearing=hearing
    )


def _manage_url(hearing):
    return reverse("hearings:manage", kwargs={"pk": hearing.pk})


@login_required
def hearing_manage(request, pk):
    """The coordinator's overview: status, progress, invitations, responses."""
    hearing = _managed(request, pk)
    return render(
        request,
        "hearings/hearing_manage.html",
        {
            "hearing": hearing,
            "plan": hearing.plan,
            "progress": selectors.progress(hearing),
            "responses": selectors.responses_for_staff(hearing),
            "invitations": selectors.invitations(hearing),
            "documents": hearing.documents.order_by("pk"),
            "next_statuses": [
                (s, Hearing.Status(s).label) for s in services.TRANSITIONS[hearing.status]
            ],
            "short_period": services.shorter_than_six_weeks(hearing.starts_on, hearing.ends_on),
        },
    )


@login_required
@require_POST
def hearing_status(request, pk):
    hearing = _managed(request, pk)
    form = HearingStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Velg en gyldig status."))
        return redirect("hearings:manage", pk=hearing.pk)
    try:
        services.hearing_set_status(
            hearing=hearing, by=request.user, status=form.cleaned_data["status"]
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Statusen er endret."))
    return redirect("hearings:manage", pk=hearing.pk)


@login_required
def document_add(request, pk):
    hearing = _managed(request, pk)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.document_add(hearing=hearing, by=request.user, **form.cleaned_data)
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Dokumentet er lagt til."))
            return redirect("hearings:manage", pk=hearing.pk)
    return _form_page(
        request,
        form,
        title=_("Legg til dokument"),
        back=_manage_url(hearing),
        hearing=hearing,
        multipart=True,
    )


@login_required
def invitations(request, pk):
    """Pick consultees to invite; the worker sends the høringsbrev and records each state."""
    hearing = _managed(request, pk)
    form = InvitationForm(request.POST or None, hearing=hearing)
    if request.method == "POST" and form.is_valid():
        try:
            count = services.invitations_send(
                hearing=hearing, by=request.user, consultees=form.cleaned_data["consultees"]
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(
                request, _("%(n)d invitasjoner er lagt i kø for sending.") % {"n": count}
            )
            return redirect("hearings:manage", pk=hearing.pk)
    return _form_page(
        request,
        form,
        title=_("Send høringsbrev"),
        back=_manage_url(hearing),
        hearing=hearing,
        intro=_(
            "Hver valgte høringsinstans får høringsbrevet på e-post. Instanser som allerede er "
            "invitert, vises ikke her."
        ),
    )


@login_required
def response_export(request, pk):
    """The responses and points as an Excel file, for the administration's own work."""
    hearing = _managed(request, pk)
    response = HttpResponse(
        exports.responses_xlsx(hearing),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="hoeringsinnspill-{hearing.pk}.xlsx"'
    return response


@login_required
def invitation_list_print(request, pk):
    """The printable list "Høringen er sendt til følgende høringsinstanser"."""
    hearing = _managed(request, pk)
    return render(
        request,
        "hearings/invitation_list_print.html",
        {"hearing": hearing, "invitations": selectors.invitations(hearing)},
    )


@login_required
def response_register(request, pk):
    hearing = _managed(request, pk)
    form = RegisterResponseForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "attachment"}
        try:
            response = services.response_register(
                hearing=hearing, by=request.user, files=form.cleaned_data["attachment"], **data
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Innspillet er registrert."))
            return redirect("hearings:response", pk=hearing.pk, response_id=response.pk)
    return _form_page(
        request,
        form,
        title=_("Registrer innspill"),
        back=_manage_url(hearing),
        hearing=hearing,
        intro=_("For innspill som kom på e-post, brev eller som vedtak i et råd eller utvalg."),
        multipart=True,
    )


@login_required
def response_detail(request, pk, response_id):
    """One response with its numbered points; a form adds the next point."""
    hearing = _managed(request, pk)
    response = get_object_or_404(
        HearingResponse.objects.select_related("consultee", "registered_by"),
        pk=response_id,
        hearing=hearing,
    )
    form = PointCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.point_create(response=response, by=request.user, **form.cleaned_data)
        messages.success(request, _("Punktet er lagt til."))
        return redirect("hearings:response", pk=hearing.pk, response_id=response.pk)
    points = response.points.prefetch_related(
        "measures_added", "measures_changed", "measures_rejected"
    ).order_by("number")
    return render(
        request,
        "hearings/response_detail.html",
        {
            "hearing": hearing,
            "plan": hearing.plan,
            "response": response,
            "points": points,
            "attachments": response.attachments.order_by("pk"),
            "form": form,
            "publication_form": PublicationForm(instance=response),
            "may_view_files": permissions.can(
                request.user, Action.VIEW_HEARING_RESPONSE_FILES, hearing
            ),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def response_publication(request, pk, response_id):
    hearing = _managed(request, pk)
    response = get_object_or_404(HearingResponse, pk=response_id, hearing=hearing)
    form = PublicationForm(request.POST, instance=response)
    if form.is_valid():
        try:
            services.response_set_publication(
                response=response, by=request.user, **form.cleaned_data
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Publiseringen er lagret."))
    else:
        messages.error(request, _("Velg hvordan innspillet skal publiseres."))
    return redirect("hearings:response", pk=hearing.pk, response_id=response.pk)


@login_required
def point_edit(request, pk, response_id, point_id):
    hearing = _managed(request, pk)
    point = get_object_or_404(
        ResponsePoint.objects.select_related("response"),
        pk=point_id,
        response_id=response_id,
        response__hearing=hearing,
    )
    form = PointForm(request.POST or None, instance=point, plan=hearing.plan)
    if request.method == "POST" and form.is_valid():
        services.point_update(point=point, by=request.user, **form.cleaned_data)
        messages.success(request, _("Kommentaren er lagret."))
        return redirect("hearings:response", pk=hearing.pk, response_id=response_id)
    return _form_page(
        request,
        form,
        title=_("Punkt %(n)d: kommentar og utfall") % {"n": point.number},
        back=reverse("hearings:response", kwargs={"pk": hearing.pk, "response_id": response_id}),
        hearing=hearing,
        intro=point.response.public_sender,
    )


@login_required
@require_POST
def appendix_request(request, pk):
    hearing = _managed(request, pk)
    services.appendix_request(hearing=hearing, by=request.user)
    messages.success(request, _("Høringsvedlegget lages i bakgrunnen. Last siden på nytt om litt."))
    return redirect("hearings:manage", pk=hearing.pk)


@login_required
def consultee_list(request):
    """The register of høringsinstanser, reused across hearings, with a form to add one."""
    permissions.check(request.user, Action.MANAGE_HEARING)
    form = ConsulteeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.consultee_save(consultee=form.save(commit=False), by=request.user)
        messages.success(request, _("Høringsinstansen er lagt til."))
        return redirect("hearings:consultee_list")
    return render(
        request,
        "hearings/consultee_list.html",
        {
            "page": paginate(request, Consultee.objects.order_by("category", "name"), 50),
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@login_required
def consultee_edit(request, consultee_id):
    permissions.check(request.user, Action.MANAGE_HEARING)
    consultee = get_object_or_404(Consultee, pk=consultee_id)
    form = ConsulteeForm(request.POST or None, instance=consultee)
    if request.method == "POST" and form.is_valid():
        services.consultee_save(consultee=form.save(commit=False), by=request.user)
        messages.success(request, _("Høringsinstansen er lagret."))
        return redirect("hearings:consultee_list")
    return _form_page(
        request, form, title=_("Endre høringsinstans"), back=reverse("hearings:consultee_list")
    )
