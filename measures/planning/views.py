"""Pages of the plan's life on the measure side: the carry-over (videreføring) with its
preview, yearly work plans, funding decisions, ongoing projects, handing over the measures
of a person who leaves, and the "Hvem gjør hva" annex."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from bodobolig import permissions
from bodobolig.errors import DomainError, add_to_form
from bodobolig.permissions import Action
from measures import background_pdf
from measures.models import FundingRequest, OngoingProject, WhoDoesWhatPdf, WorkPlanItem
from measures.planning import annex_pdf, carryover, exports, forms, selectors, services
from plans.models import Plan, Strategy, WorkPlan
from plans.services import plan_create_successor


def _plan(request, slug, action=Action.VIEW) -> Plan:
    plan = get_object_or_404(Plan, slug=slug)
    permissions.check(request.user, action, plan)
    return plan


def _form_page(request, form, title, *, plan=None, back=None, submit_label=None, intro=""):
    return render(
        request,
        "measures/planning_form.html",
        {
            "form": form,
            "title": title,
            "plan": plan,
            "back": back,
            "submit_label": submit_label,
            "intro": intro,
        },
        status=400 if form.errors else 200,
    )


# --- Carry-over (videreføring) ---------------------------------------------------------


@login_required
def carry_over_start(request, slug):
    """Choose the plan that carries the measures on, or create it (goals copied)."""
    source = _plan(request, slug, Action.EDIT_PLAN)
    form = forms.SuccessorForm(
        request.POST or None,
        initial={
            "title": source.title,
            "period_start": source.period_end + 1,
            "period_end": source.period_end + 1 + (source.period_end - source.period_start),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            target = plan_create_successor(source=source, by=request.user, **form.cleaned_data)
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Den nye planen er opprettet som utkast."))
            return redirect("planning:carry_over", slug=source.slug, target=target.slug)
    return render(
        request,
        "measures/carry_over_start.html",
        {"plan": source, "form": form, "targets": selectors.successor_candidates(source)},
        status=400 if form.errors else 200,
    )


@login_required
def carry_over(request, slug, target):
    """Pick the measures (unfinished ones pre-selected) and map the strategies; "Forhåndsvis"
    shows what will happen, "Viderefør" does it in one transaction."""
    source = _plan(request, slug, Action.EDIT_PLAN)
    target_plan = get_object_or_404(Plan, slug=target)
    permissions.check(request.user, Action.EDIT_PLAN, target_plan)
    candidates = selectors.carry_over_candidates(source)
    old_strategies = selectors.source_strategies(source)
    new_strategies = list(
        Strategy.objects.filter(goal__plan=target_plan)
        .select_related("goal")
        .order_by("goal__number", "number")
    )
    initial = {"measures": carryover.default_selection(candidates)}
    mapping = carryover.default_strategy_map(source, target_plan)
    initial.update({f"strategy_{old}": new for old, new in mapping.items()})
    form = forms.CarryOverForm(
        request.POST or None,
        initial=initial,
        candidates=candidates,
        old_strategies=old_strategies,
        new_strategies=new_strategies,
    )
    context = {"plan": source, "target": target_plan, "form": form, "candidates": candidates}
    if request.method == "POST" and form.is_valid():
        chosen = set(form.cleaned_data["measures"])
        if request.POST.get("confirm"):
            try:
                result = carryover.plan_carry_over(
                    source_plan_id=source.pk,
                    target_plan_id=target_plan.pk,
                    by=request.user,
                    measure_ids=chosen,
                    strategy_map=form.strategy_map(),
                    final_report=form.cleaned_data["final_report"],
                )
            except DomainError as error:
                add_to_form(form, error)  # unknown fields ("strategies") go on top
            else:
                messages.success(
                    request,
                    _("%(count)s tiltak er videreført. Hovedansvarlige blir bedt om å bekrefte.")
                    % {"count": result.measures},
                )
                return redirect(result.target_plan)
        elif not request.POST.get("back"):
            strategy_map = form.strategy_map()
            titles = {s.pk: s for s in new_strategies}
            context["preview"] = [
                (m, titles.get(strategy_map.get(m.strategy_id)))
                for m in candidates
                if m.pk in chosen
            ]
            context["unmapped"] = [m for m, strategy in context["preview"] if strategy is None]
            context["open_funding"] = FundingRequest.objects.filter(
                measure_id__in=chosen,
                status=FundingRequest.Status.REQUESTED,
                year__gte=target_plan.period_start,
            ).count()
            return render(request, "measures/carry_over_preview.html", context)
    return render(request, "measures/carry_over.html", context, status=400 if form.errors else 200)


# --- "Hvem gjør hva" --------------------------------------------------------------------


def who_does_what(request, slug, fmt):
    """The annex as an Excel sheet (made at once). The PDF is made in the background
    (`who_does_what_pdf_request`); its old address leads to the plan page's button."""
    plan = _plan(request, slug)
    if fmt == "pdf":
        return redirect("plans:plan_about", slug=plan.slug)
    if fmt != "xlsx":
        raise Http404
    response = HttpResponse(
        exports.who_does_what_xlsx(plan, selectors.who_does_what(plan)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="hvem-gjor-hva-{plan.slug}.xlsx"'
    return response


@require_POST
def who_does_what_pdf_request(request, slug):
    """Ask for the PDF of the plan's current measures: straight to the file when one made
    from the same data is ready (at once in the embedded default), else to its page."""
    plan = _plan(request, slug)
    try:
        annex = annex_pdf.who_does_what_pdf_request(plan=plan, user=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(plan)
    annex.refresh_from_db()  # rendered meanwhile when tasks run in process (eager)
    if annex.status == WhoDoesWhatPdf.Status.READY:
        return redirect("planning:who_does_what_pdf_download", slug=plan.slug, pk=annex.pk)
    return redirect(annex)


def _annex(request, slug, pk) -> WhoDoesWhatPdf:
    plan = _plan(request, slug)
    return get_object_or_404(WhoDoesWhatPdf.objects.select_related("plan"), pk=pk, plan=plan)


def _annex_context(annex: WhoDoesWhatPdf) -> dict:
    return {
        "annex": annex,
        "plan": annex.plan,
        "is_pending": annex.status in annex_pdf.PENDING,
    }


def who_does_what_pdf_detail(request, slug, pk):
    """The PDF's state (updated by a small poll while pending), its link when ready, and
    "Prøv igjen" when it failed (anyone who may see the plan may ask again)."""
    annex = _annex(request, slug, pk)
    return render(request, "measures/who_does_what_pdf.html", _annex_context(annex))


def who_does_what_pdf_status(request, slug, pk):
    """The state for the page's poll: a sentence for the live region and the panel."""
    annex = _annex(request, slug, pk)
    return background_pdf.status_response(
        request, annex, _annex_context(annex), templates="measures/includes/who_does_what_pdf"
    )


def who_does_what_pdf_download(request, slug, pk):
    """The file, served after the permission check (never a public media URL)."""
    annex = _annex(request, slug, pk)
    if annex.status != WhoDoesWhatPdf.Status.READY or not annex.file:
        raise Http404
    return FileResponse(
        annex.file.open("rb"),
        as_attachment=True,
        filename=f"hvem-gjor-hva-{annex.plan.slug}.pdf",
        content_type="application/pdf",
    )


# --- Yearly work plans ---------------------------------------------------------------


@login_required
def work_plan_list(request, slug):
    plan = _plan(request, slug)
    can_edit = permissions.can(request.user, Action.EDIT_PLAN, plan)
    work_plans = selectors.work_plans_visible_to(request.user, plan)
    if (
        not can_edit
        and not permissions.is_staff_member(request.user)
        and not permissions.is_politician(request.user)
    ):
        raise Http404
    form = forms.WorkPlanCreateForm(request.POST or None) if can_edit else None
    if request.method == "POST":
        permissions.check(request.user, Action.EDIT_PLAN, plan)
        if form.is_valid():
            try:
                work_plan = services.work_plan_create(
                    plan=plan, by=request.user, **form.cleaned_data
                )
            except DomainError as error:
                add_to_form(form, error)
            else:
                messages.success(request, _("Arbeidsplanen er laget."))
                return redirect("planning:work_plan_detail", slug=plan.slug, year=work_plan.year)
    return render(
        request,
        "measures/work_plan_list.html",
        {"plan": plan, "work_plans": work_plans, "form": form, "can_edit": can_edit},
        status=400 if form is not None and form.errors else 200,
    )


@login_required
def work_plan_detail(request, slug, year):
    plan = _plan(request, slug)
    work_plan = get_object_or_404(selectors.work_plans_visible_to(request.user, plan), year=year)
    return render(
        request,
        "measures/work_plan_detail.html",
        {
            "plan": plan,
            "work_plan": work_plan,
            "items": selectors.work_plan_items(work_plan),
            "can_edit": permissions.can(request.user, Action.EDIT_PLAN, plan),
        },
    )


@login_required
@require_POST
def work_plan_publish(request, slug, year):
    plan = _plan(request, slug, Action.EDIT_PLAN)
    work_plan = get_object_or_404(WorkPlan, plan=plan, year=year)
    try:
        services.work_plan_publish(work_plan_id=work_plan.pk, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Arbeidsplanen er publisert for folkevalgte."))
    return redirect("planning:work_plan_detail", slug=plan.slug, year=year)


@login_required
def work_plan_item_edit(request, pk):
    item = get_object_or_404(
        WorkPlanItem.objects.select_related("work_plan__plan", "measure"), pk=pk
    )
    plan = item.work_plan.plan
    permissions.check(request.user, Action.EDIT_PLAN, plan)
    form = forms.WorkPlanItemForm(
        request.POST or None,
        initial={
            "target": item.target,
            "responsible": item.responsible_id,
            "quarter": item.quarter,
            "due_date": item.due_date,
            "state": item.state,
        },
    )
    back = reverse(
        "planning:work_plan_detail", kwargs={"slug": plan.slug, "year": item.work_plan.year}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.work_plan_item_update(item_id=item.pk, by=request.user, **form.cleaned_data)
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Linjen i arbeidsplanen er lagret."))
            return redirect(back)
    return _form_page(
        request,
        form,
        _("%(code)s i %(work_plan)s") % {"code": item.measure.code, "work_plan": item.work_plan},
        plan=plan,
        back=back,
        intro=item.measure.title,
    )


# --- Funding decisions ------------------------------------------------------------------


@login_required
def funding_decision(request, pk):
    """The coordinator records the political decision on one funding request."""
    funding = get_object_or_404(FundingRequest.objects.select_related("measure__plan"), pk=pk)
    permissions.check(request.user, Action.DECIDE_FUNDING, funding.measure)
    form = forms.FundingDecisionForm(
        request.POST or None,
        initial={
            "granted_amount": funding.granted_amount
            if funding.granted_amount is not None
            else funding.amount,
            "decision_body": funding.decision_body,
            "decided_on": funding.decided_on,
            "decision_case_number": funding.decision_case_number,
            "in_economy_plan": funding.in_economy_plan,
        },
    )
    back = f"{funding.measure.get_absolute_url()}#funding"
    if request.method == "POST" and form.is_valid():
        try:
            services.funding_decide(
                funding_request_id=funding.pk, by=request.user, **form.cleaned_data
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Vedtaket om finansiering er registrert."))
            return redirect(back)
    return _form_page(
        request,
        form,
        _("Vedtak om finansiering: %(code)s, %(year)s")
        % {"code": funding.measure.code, "year": funding.year},
        plan=funding.measure.plan,
        back=back,
        intro=_("Søkt: %(amount)s kr fra %(source)s.")
        % {
            "amount": f"{funding.amount:,.0f}".replace(",", " "),
            "source": funding.get_source_display().lower(),
        },
    )


# --- Ongoing projects -----------------------------------------------------------------


@login_required
def ongoing_project_list(request):
    permissions.check(request.user, Action.VIEW_FOLLOW_UP)
    return render(
        request,
        "measures/ongoing_project_list.html",
        {
            "projects": selectors.ongoing_projects(),
            "can_edit": permissions.can(request.user, Action.EDIT_MEASURE),
        },
    )


def _project_form(request, project: OngoingProject | None):
    permissions.check(request.user, Action.EDIT_MEASURE)
    if project is not None:
        initial = {
            "name": project.name,
            "department": project.department_id,
            "start": project.start,
            "end": project.end,
            "contact": project.contact_id,
            "description": project.description,
            "measures": list(project.measures.values_list("pk", flat=True)),
        }
    else:
        initial = {
            "measures": [request.GET["tiltak"]] if request.GET.get("tiltak", "").isdigit() else []
        }
    form = forms.OngoingProjectForm(request.POST or None, initial=initial)
    back = reverse("measures:ongoing_project_list")
    if request.method == "POST" and form.is_valid():
        try:
            services.ongoing_project_save(
                by=request.user, project_id=project.pk if project else None, **form.cleaned_data
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Prosjektet er lagret."))
            return redirect(back)
    title = _("Endre %(name)s") % {"name": project} if project else _("Nytt pågående prosjekt")
    return _form_page(request, form, title, back=back)


@login_required
def ongoing_project_create(request):
    return _project_form(request, None)


@login_required
def ongoing_project_edit(request, pk):
    return _project_form(request, get_object_or_404(OngoingProject, pk=pk))


# --- A person who leaves ---------------------------------------------------------------


@login_required
def person_handover(request):
    """Choose the person who leaves; their measures are handed over on the next page."""
    permissions.check(request.user, Action.MANAGE_DEPARTMENTS)
    form = forms.HandoverPersonForm(request.GET or None)
    if request.GET and form.is_valid():
        return redirect("measures:person_handover_measures", user_pk=form.cleaned_data["person"].pk)
    return render(request, "measures/person_handover.html", {"form": form})


@login_required
def person_handover_measures(request, user_pk):
    """Every measure the person owns gets a new owner and a reason, in one step."""
    permissions.check(request.user, Action.MANAGE_DEPARTMENTS)
    person = get_object_or_404(get_user_model(), pk=user_pk)
    measures = selectors.measures_owned_by(person)
    form = forms.HandoverForm(request.POST or None, measures=measures)
    if request.method == "POST" and form.is_valid():
        try:
            count = services.person_hand_over(
                person=person, by=request.user, assignments=form.assignments()
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(
                request, _("%(count)s tiltak har fått ny hovedansvarlig.") % {"count": count}
            )
            return redirect("department_list")
    return render(
        request,
        "measures/person_handover_measures.html",
        {"form": form, "person": person, "measures": measures},
        status=400 if form.errors else 200,
    )
