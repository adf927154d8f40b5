"""The public pages of a hearing: the list, one hearing with its response form, the receipt,
and the downloads (documents and the appendix for everyone who may see the hearing;
response attachments for staff only, after a permission check)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from bodobolig import permissions
from bodobolig.errors import DomainError, add_to_form
from bodobolig.pagination import paginate
from hearings import selectors, services
from hearings.forms import PublicResponseForm
from hearings.models import Hearing, HearingDocument, ResponseAttachment

Action = permissions.Action
RECEIPTS_SESSION_KEY = "hearing_receipts"


def _hearing(request, pk, action=Action.VIEW) -> Hearing:
    return permissions.get_object_for_user(
        Hearing.objects.select_related("plan"), request.user, action, pk=pk
    )


def client_address(request) -> str:
    """The visitor's address: from the header the reverse proxy sets, else REMOTE_ADDR."""
    header = settings.CLIENT_ADDRESS_HEADER
    if header and request.META.get(header):
        # X-Forwarded-For may carry a chain; the last entry is the one our proxy added.
        return request.META[header].split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


@require_GET
def hearing_list(request):
    hearings = selectors.hearings_visible_to(request.user).order_by("-ends_on", "-pk")
    open_now = selectors.open_hearings(hearings, today=timezone.localdate())
    others = hearings.exclude(pk__in=open_now.values("pk"))
    return render(
        request,
        "hearings/hearing_list.html",
        {"open_hearings": open_now, "page": paginate(request, others, 20)},
    )


def hearing_detail(request, pk):
    """One hearing: the draft, its documents and deadline, and while open the response form."""
    hearing = _hearing(request, pk)
    is_open = services.is_accepting_responses(hearing)
    form = PublicResponseForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                response, _created = services.submit_public_response(
                    hearing,
                    data=form.cleaned_data,
                    files=form.cleaned_data["attachments"],
                    client_address=client_address(request),
                )
            except DomainError as error:
                add_to_form(form, error)
            else:
                receipts = request.session.get(RECEIPTS_SESSION_KEY, [])
                if response.pk not in receipts:
                    request.session[RECEIPTS_SESSION_KEY] = [*receipts, response.pk][-20:]
                return redirect("hearings:receipt", pk=hearing.pk, response_id=response.pk)
        status = 400
    return render(
        request,
        "hearings/hearing_detail.html",
        {
            "hearing": hearing,
            "plan": hearing.plan,
            "is_open": is_open,
            "form": form,
            "documents": hearing.documents.order_by("pk"),
            "responses": selectors.published_responses(hearing) if not is_open else None,
            "may_manage": permissions.can(request.user, Action.MANAGE_HEARING, hearing),
        },
        status=status,
    )


@require_GET
def receipt(request, pk, response_id):
    """The receipt after a submit; only in the session that sent the response."""
    hearing = _hearing(request, pk)
    if response_id not in request.session.get(RECEIPTS_SESSION_KEY, []):
        raise Http404
    response = hearing.responses.filter(pk=response_id).first()
    if response is None:
        raise Http404
    return render(request, "hearings/receipt.html", {"hearing": hearing, "response": response})


def _file_response(field_file, filename, content_type=None):
    try:
        handle = field_file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=filename)
    if content_type:
        response["Content-Type"] = content_type
    return response


@require_GET
def document_download(request, pk, document_id):
    hearing = _hearing(request, pk)
    document = HearingDocument.objects.filter(pk=document_id, hearing=hearing).first()
    if document is None:
        raise Http404
    return _file_response(document.file, document.file.name.rsplit("/", 1)[-1])


@require_GET
def appendix_download(request, pk):
    """The appendix PDF: staff always, the public once the hearing is processed."""
    hearing = _hearing(request, pk)
    if not hearing.appendix_file:
        raise Http404
    if hearing.status != Hearing.Status.PROCESSED and not permissions.is_staff_member(request.user):
        raise Http404
    return _file_response(
        hearing.appendix_file, f"hoeringsinnspill-{hearing.pk}.pdf", "application/pdf"
    )


@login_required
@require_GET
def attachment_download(request, pk, attachment_id):
    """A sender's attachment, from storage outside the public media: coordinators only."""
    hearing = _hearing(request, pk, Action.VIEW_HEARING_RESPONSE_FILES)
    attachment = (
        ResponseAttachment.objects.filter(pk=attachment_id, response__hearing=hearing)
        .only("file", "title", "content_type")
        .first()
    )
    if attachment is None:
        raise Http404
    return _file_response(attachment.file, attachment.file.name.rsplit("/", 1)[-1])
