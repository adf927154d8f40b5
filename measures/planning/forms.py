"""Forms of the plan's life on the measure side; they check shape, services check rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from bodobolig.forms import Form, PersonChoiceField
from measures.models import FUNDING_AMOUNT_CAP, Measure, WorkPlanItem
from measures.register.forms import DATE_WIDGET, department_people
from plans.models import Department
from plans.services import DECISION_BODIES


class FundingDecisionForm(Form):
    granted_amount = forms.DecimalField(
        label=_("Innvilget beløp (kr)"),
        max_digits=14,
        decimal_places=0,
        help_text=_("0 hvis søknaden ble avslått."),
    )
    decision_body = forms.ChoiceField(
        label=_("Vedtatt av"),
        choices=[("", _("Velg organ")), *((body, body) for body in DECISION_BODIES)],
    )
    decided_on = forms.DateField(label=_("Vedtaksdato"), widget=DATE_WIDGET)
    decision_case_number = forms.CharField(
        label=_("Saksnummer"), max_length=20, help_text=_("For eksempel 14/1234 eller 2014/1234.")
    )
    in_economy_plan = forms.BooleanField(label=_("Tatt inn i økonomiplanen"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The cap is the service's rule; the form only stops digits the column cannot hold.
        self.fields["granted_amount"].widget.attrs["inputmode"] = "numeric"
        self.fields["granted_amount"].help_text = _(
            "0 hvis søknaden ble avslått. Høyst %(cap)s kr."
        ) % {"cap": f"{FUNDING_AMOUNT_CAP:,}".replace(",", " ")}


class WorkPlanCreateForm(Form):
    year = forms.IntegerField(label=_("År"), min_value=1900, max_value=2200)
    title = forms.CharField(label=_("Tittel"), max_length=200, required=False)


class WorkPlanItemForm(Form):
    target = forms.CharField(
        label=_("Årets mål"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    responsible = PersonChoiceField(label=_("Ansvarlig"), queryset=None, required=False)
    quarter = forms.TypedChoiceField(
        label=_("Kvartal"),
        coerce=int,
        empty_value=None,
        required=False,
        choices=[("", "—"), (1, "1"), (2, "2"), (3, "3"), (4, "4")],
    )
    due_date = forms.DateField(label=_("Dato"), required=False, widget=DATE_WIDGET)
    state = forms.ChoiceField(label=_("Tilstand"), choices=WorkPlanItem.State.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = department_people()


class OngoingProjectForm(Form):
    name = forms.CharField(label=_("Navn"), max_length=200)
    department = forms.ModelChoiceField(
        label=_("Virksomhet"), queryset=Department.objects.order_by("name")
    )
    start = forms.DateField(label=_("Start"), required=False, widget=DATE_WIDGET)
    end = forms.DateField(label=_("Slutt"), required=False, widget=DATE_WIDGET)
    contact = PersonChoiceField(label=_("Kontaktperson"), queryset=None, required=False)
    description = forms.CharField(
        label=_("Beskrivelse"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    measures = forms.ModelMultipleChoiceField(
        label=_("Tiltak prosjektet bidrar til"),
        queryset=Measure.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = department_people()
        self.fields["measures"].queryset = (
            Measure.objects.exclude(plan__status="completed")
            .select_related("plan")
            .order_by("-plan__period_start", "code")
        )
        self.fields["measures"].label_from_instance = lambda m: f"{m.code} {m.title} ({m.plan})"


class SuccessorForm(Form):
    """The next plan, created from the one that ends (goals and strategies copied)."""

    title = forms.CharField(label=_("Tittel"), max_length=200)
    period_start = forms.IntegerField(label=_("Periode fra (år)"), min_value=1900, max_value=2200)
    period_end = forms.IntegerField(label=_("Periode til (år)"), min_value=1900, max_value=2200)


class CarryOverForm(Form):
    """Which measures go, to which strategy of the new plan, and the old plan's final report.

    One select per strategy of the old plan (not per measure): a plan of 2,000 measures
    has a few dozen strategies."""

    measures = forms.TypedMultipleChoiceField(
        label=_("Tiltak som videreføres"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Velg minst ett tiltak å videreføre.")},
    )
    final_report = forms.CharField(
        label=_("Sluttrapport for planen som avsluttes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, candidates, old_strategies, new_strategies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measures"].choices = [
            (m.pk, f"{m.code} {m.title} – {m.get_status_display()}") for m in candidates
        ]
        choices = [("", _("Velg strategi"))] + [
            (s.pk, f"{s.goal.number}.{s.number} {s.title}") for s in new_strategies
        ]
        for strategy in old_strategies:
            self.fields[f"strategy_{strategy.pk}"] = forms.TypedChoiceField(
                label=_("Strategi %(code)s %(title)s blir i den nye planen")
                % {"code": f"{strategy.goal.number}.{strategy.number}", "title": strategy.title},
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
            )
        self.old_strategies = old_strategies

    def strategy_map(self) -> dict[int, int]:
        return {
            s.pk: self.cleaned_data[f"strategy_{s.pk}"]
            for s in self.old_strategies
            if self.cleaned_data.get(f"strategy_{s.pk}")
        }

    def strategy_fields(self):
        return [self[f"strategy_{s.pk}"] for s in self.old_strategies]


class HandoverPersonForm(Form):
    person = PersonChoiceField(label=_("Hvem slutter?"), queryset=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = department_people()


class HandoverForm(Form):
    """One new owner and one reason per measure of the person who leaves."""

    def __init__(self, *args, measures, **kwargs):
        super().__init__(*args, **kwargs)
        self.measures = measures
        for measure in measures:
            self.fields[f"department_{measure.pk}"] = forms.ModelChoiceField(
                label=_("Ny ansvarlig virksomhet for %(code)s") % {"code": measure.code},
                queryset=Department.objects.order_by("name"),
                initial=measure.responsible_department_id,
            )
            self.fields[f"person_{measure.pk}"] = PersonChoiceField(
                label=_("Ny hovedansvarlig for %(code)s") % {"code": measure.code},
                queryset=department_people(),
            )
            self.fields[f"reason_{measure.pk}"] = forms.CharField(
                label=_("Begrunnelse for %(code)s") % {"code": measure.code},
                max_length=500,
            )

    def assignments(self) -> list[dict]:
        return [
            {
                "measure_id": m.pk,
                "department": self.cleaned_data[f"department_{m.pk}"],
                "person": self.cleaned_data[f"person_{m.pk}"],
                "reason": self.cleaned_data[f"reason_{m.pk}"],
            }
            for m in self.measures
        ]

    def rows(self):
        return [
            (m, self[f"department_{m.pk}"], self[f"person_{m.pk}"], self[f"reason_{m.pk}"])
            for m in self.measures
        ]
