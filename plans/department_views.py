"""The coordinator's pages for departments (avdeling → kontor) and external partners."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _

from bodobolig import permissions
from bodobolig.errors import DomainError, add_to_form
from bodobolig.permissions import Action
from plans import selectors, services
from plans.forms import DepartmentForm
from plans.models import Department


@login_required
def department_list(request):
    permissions.check(request.user, Action.MANAGE_DEPARTMENTS)
    return render(
        request,
        "plans/department_list.html",
        {"tree": selectors.department_tree(), "partners": selectors.external_partners()},
    )


def _department_form(request, department: Department | None):
    permissions.check(request.user, Action.MANAGE_DEPARTMENTS)
    initial = {}
    if department is not None:
        initial = {
            "name": department.name,
            "short_name": department.short_name,
            "parent": department.parent_id,
            "is_external": department.is_external,
            "email": department.email,
            "lead": department.lead_id,
            "members": list(department.members.values_list("pk", flat=True)),
        }
    else:
        initial = {"is_external": request.GET.get("ekstern") == "1"}
    form = DepartmentForm(request.POST or None, initial=initial, department=department)
    if request.method == "POST" and form.is_valid():
        try:
            services.department_save(
                by=request.user,
                department_id=department.pk if department else None,
                **form.cleaned_data,
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Virksomheten er lagret."))
            return redirect("department_list")
    title = _("Endre %(name)s") % {"name": department} if department else _("Ny virksomhet")
    return render(
        request,
        "plans/plan_form.html",
        {"form": form, "title": title, "cancel_url": "department_list"},
        status=400 if form.errors else 200,
    )


@login_required
def department_create(request):
    return _department_form(request, None)


@login_required
def department_edit(request, pk):
    return _department_form(request, get_object_or_404(Department, pk=pk))
