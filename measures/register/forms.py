"""Forms of the measure register: a measure, its owner, a comment. They check shape; services save."""

from __future__ import annotations

import re

from django import forms
from django.contrib.auth import get_user_model
from django.core.validators import MaxLengthValidator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bodobolig.forms import Form, ModelForm, PersonChoiceField, VersionField
from measures.models import Measure
from measures.status import MeasureStatus, effective_progress, progress_error
from plans.models import Department, Plan

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def department_people():
    """Everyone who leads or belongs to a department: the possible owners."""
    return (
        get_user_model()
        .objects.filter(Q(led_departments__isnull=False) | Q(departments__isnull=False))
        .distinct()
        .order_by("last_name", "first_name")
    )


# "2.3.1": goal, strategy and number (one to four levels).
MEASURE_CODE = re.compile(r"[0-9]{1,3}(\.[0-9]{1,3}){0,3}")
DESCRIPTION_MAX_LENGTH = 20_000


class MeasureForm(ModelForm):
    """Create (with the owner) or edit (owner changes go through reassigning)."""

    class Meta:
        model = Measure
        fields = [
            "strategy",
            "code",
            "title",
            "description",
            "responsible_department",
            "responsible_person",
            "contributing_departments",
            "status",
            "progress",
            "planned_start",
            "planned_end",
            "cost_estimate",
            "legal_bases",
            "challenges",
        ]
        widgets = {
            "planned_start": DATE_WIDGET,
            "planned_end": DATE_WIDGET,
            "description": forms.Textarea(attrs={"rows": 5}),
            "contributing_departments": forms.CheckboxSelectMultiple,
            "legal_bases": forms.CheckboxSelectMultiple,
            "challenges": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "code": _("Målområde, strategi og nummer, for eksempel 2.3.1. Unik i planen."),
            "responsible_person": _("Leder eller medarbeider i den ansvarlige virksomheten."),
            "progress": _("«Fullført» er 100 % og «Ikke startet» er 0 %."),
        }

    def __init__(self, *args, plan: Plan, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.instance.plan = plan
        self.fields["strategy"].queryset = (
            self.fields["strategy"].queryset.filter(goal__plan=plan).select_related("goal")
        )
        # The plan's challenges, and any the measure already answers (a carried-over
        # measure keeps those of the earlier plan).
        challenges = Q(goal__plan=plan)
        if self.instance.pk:
            challenges |= Q(measures=self.instance)
        self.fields["challenges"].queryset = (
            self.fields["challenges"].queryset.filter(challenges).distinct()
        )
        self.fields["contributing_departments"].queryset = Department.objects.order_by("name")
        if not self.fields["challenges"].queryset.exists():
            # The field stays on every measure form: it says where challenges are mapped.
            self.fields["challenges"].help_text = _(
                "Planen har ingen kartlagte utfordringer ennå. Koordinatoren registrerer dem "
                "under «Utfordringer og tiltak» på planens side."
            )
        self.fields["description"].widget.attrs["maxlength"] = DESCRIPTION_MAX_LENGTH
        self.fields["description"].validators.append(MaxLengthValidator(DESCRIPTION_MAX_LENGTH))
        if editing:
            # Status and progress then follow the owner's status updates.
            del self.fields["status"]
            del self.fields["progress"]
            del self.fields["responsible_department"]
            del self.fields["responsible_person"]
            self.fields["version"] = VersionField()
            if not self.is_bound:
                self.initial["version"] = self.instance.version
        else:
            # Optional: a new measure is "Ikke startet", 0 %, unless told otherwise.
            self.fields["status"].required = False
            self.fields["progress"].required = False
            self.fields["responsible_person"] = PersonChoiceField(
                label=_("Hovedansvarlig"),
                queryset=department_people(),
                help_text=self.Meta.help_texts["responsible_person"],
            )

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if not MEASURE_CODE.fullmatch(code):
            raise forms.ValidationError(
                _("Koden skrives med tall og punktum, for eksempel 2.3.1."), code="invalid_code"
            )
        return code

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("planned_start"), cleaned.get("planned_end")
        if start and end and end < start:
            self.add_error("planned_end", _("Planlagt slutt kan ikke være før planlagt start."))
        if "status" in self.fields and "status" in cleaned:
            status = cleaned["status"] or MeasureStatus.NOT_STARTED
            progress = cleaned.get("progress")
            cleaned["status"] = status
            if progress is None and "progress" not in self.errors:
                # Left empty: the status's own progress ("Fullført" 100 %), else 0 %.
                cleaned["progress"] = effective_progress(status, 0)
            elif message := progress_error(status, progress):
                self.add_error("progress", message)
        return cleaned

    def validate_unique(self):
        # The service checks the code's uniqueness in the plan with its own message.
        pass

    def _post_clean(self):
        # Shape only: the service validates against the database (no model full_clean here,
        # which would repeat the checks with less clear messages).
        pass

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        data["description"] = data.get("description") or ""
        return data


class MeasureReassignForm(Form):
    department = forms.ModelChoiceField(
        label=_("Ny ansvarlig virksomhet"), queryset=Department.objects.order_by("name")
    )
    person = PersonChoiceField(
        label=_("Ny hovedansvarlig"),
        queryset=department_people(),
        help_text=_("Må være leder eller medarbeider i virksomheten."),
    )
    reason = forms.CharField(
        label=_("Begrunnelse"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Lagres i tiltakets historikk."),
    )


class CommentForm(Form):
    text = forms.CharField(
        label=_("Ny kommentar"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Synlig for koordinator og tiltakets ansvarlige, ikke for folkevalgte."),
    )


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)
