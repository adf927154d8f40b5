"""The user's integrations page (API tokens, calendar address, archive export for the
coordinator), the calendar feed itself and the archive packages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bodobolig import permissions
from bodobolig.errors import DomainError, add_to_form
from hearings.models import Hearing
from integrations import archive, calendar, services
from integrations.forms import ApiTokenForm
from integrations.models import ApiToken, CalendarFeed
from measures.models import CouncilReport
from plans.models import Plan
from plans.selectors import plans_visible_to

Action = permissions.Action


def _page(request, form, new_key: str = "", status: int = 200):
    feed = services.calendar_feed_for(request.user)
    context = {
        "form": form,
        "new_key": new_key,
        "tokens": ApiToken.objects.filter(user=request.user).order_by("-created_at"),
        "feed_url": request.build_absolute_uri(
            reverse("integrations:calendar_feed", args=[feed.secret])
        ),
        "docs_url": reverse("api-v1:docs"),
    }
    if permissions.can(request.user, Action.EXPORT_ARCHIVE):
        context["archive_plans"] = plans_visible_to(request.user).order_by("-period_start")
        context["archive_hearings"] = Hearing.objects.select_related("plan").order_by("-starts_on")
    return render(request, "integrations/integrations.html", context, status=status)


@login_required
def integrations_page(request):
    """Tokens for the API (made, listed, revoked), the calendar address, archive export."""
    permissions.check(request.user, Action.MANAGE_INTEGRATIONS)
    return _page(request, ApiTokenForm())


@login_required
@require_POST
def token_create(request):
    """Make a named token and show its key once, on this answer only."""
    permissions.check(request.user, Action.MANAGE_INTEGRATIONS)
    form = ApiTokenForm(request.POST)
    if form.is_valid():
        try:
            _token, key = services.api_token_create(
                user=request.user, name=form.cleaned_data["name"]
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            return _page(request, ApiTokenForm(), new_key=key, status=201)
    return _page(request, form, status=400)


@login_required
@require_POST
def token_revoke(request, pk):
    permissions.check(request.user, Action.MANAGE_INTEGRATIONS)
    # Another user's token is "not found", never "forbidden".
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    services.api_token_revoke(token=token, by=request.user)
    messages.success(request, _("Nøkkelen «%(name)s» er trukket tilbake.") % {"name": token.name})
    return redirect("integrations:page")


@login_required
@require_POST
def calendar_regenerate(request):
    permissions.check(request.user, Action.MANAGE_INTEGRATIONS)
    services.calendar_feed_regenerate(user=request.user)
    messages.success(
        request,
        _("Du har fått en ny kalenderadresse. Den gamle virker ikke lenger: legg inn den nye."),
    )
    return redirect("integrations:page")


def calendar_feed(request, secret):
    """The .ics of the user the secret belongs to; an old or unknown secret is a 404."""
    feed = CalendarFeed.objects.select_related("user").filter(secret=secret).first()
    if feed is None or not feed.user.is_active:
        raise Http404
    response = HttpResponse(
        calendar.calendar_for(feed.user), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="frister.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response


def _zip_response(package: archive.Package) -> HttpResponse:
    response = HttpResponse(archive.zip_package(package), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{archive.file_name(package)}"'
    return response


@login_required
def archive_report(request, pk):
    report = permissions.get_object_for_user(
        CouncilReport.objects.select_related("plan"), request.user, Action.EXPORT_ARCHIVE, pk=pk
    )
    if report.status != CouncilReport.Status.READY or not report.file:
        raise Http404
    return _zip_response(archive.report_package(report))


@login_required
def archive_plan(request, slug):
    plan = permissions.get_object_for_user(
        Plan.objects.all(), request.user, Action.EXPORT_ARCHIVE, slug=slug
    )
    return _zip_response(archive.plan_package(plan))


@login_required
def archive_hearing(request, pk):
    hearing = get_object_or_404(Hearing.objects.select_related("plan"), pk=pk)
    permissions.check(request.user, Action.EXPORT_ARCHIVE, hearing.plan)
    return _zip_response(archive.hearing_package(hearing))
