"""Forms of the follow-up: ordering and writing implementation plans, reporting rounds,
status updates, delegation and the follow-up settings. They check shape; services save."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from bodobolig.forms import Form, PersonChoiceField, VersionField
from bodobolig.people import display_name
from measures.followup import selectors
from measures.followup.content import funding_year_error
from measures.models import FundingRequest, MeasureStatus
from measures.status import progress_error

"""Forms for the follow-up workflow (implementation plans, rounds, delegation): they check shape;
services decide and save."""


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _textarea(rows: int = 4):
    return forms.Textarea(attrs={"rows": rows})


CODE_SEPARATORS = re.compile(r"[\s,;]+")


def _codes(text: str) -> list[str]:
    return [code for code in CODE_SEPARATORS.split(text or "") if code]


class MeasureSelectionForm(Form):
    """Which measures of a plan: all candidates, the candidates of chosen goals, strategies
    and departments, or measures named by code; minus codes to leave out.

    The page shows a fixed number of choices (goals, strategies, departments, with counts)
    whatever the plan's size; `cleaned_data["measures"]` is the chosen queryset.
    `candidates` are the measures "all" and the groups choose from (e.g. the active
    ones); codes may name any measure of `plan`."""

    ALL, GROUPS, CODES = "all", "groups", "codes"

    scope = forms.ChoiceField(label=_("Hvilke tiltak"), widget=forms.RadioSelect, initial=ALL)
    goals = forms.ModelMultipleChoiceField(
        label=_("Målområder"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    strategies = forms.ModelMultipleChoiceField(
        label=_("Strategier"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    departments = forms.ModelMultipleChoiceField(
        label=_("Ansvarlige virksomheter"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Med enhetene under. Velger du både målområde eller strategi og virksomhet, "
            "kommer tiltakene som passer med begge."
        ),
    )
    codes = forms.CharField(
        label=_("Tiltakskoder"),
        required=False,
        widget=_textarea(2),
        max_length=20_000,
        help_text=_("Skilt med komma, mellomrom eller linjeskift, f.eks. 1.2.3, 2.1.4."),
    )
    exclude_codes = forms.CharField(
        label=_("Ta ut tiltak (koder)"),
        required=False,
        widget=_textarea(2),
        max_length=20_000,
        help_text=_("Tiltak som ikke skal være med likevel, skilt med komma eller mellomrom."),
    )

    all_label = _("Alle aktive tiltak i planen (%(count)s)")

    def __init__(self, *args, plan, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.candidates = candidates
        groups = selectors.measure_group_counts(plan, candidates)
        self.fields["scope"].choices = [
            (self.ALL, self.all_label % {"count": groups.total}),
            (self.GROUPS, _("Tiltak i målområdene, strategiene eller virksomhetene jeg velger")),
            (self.CODES, _("Bare tiltakene jeg skriver inn koden til")),
        ]
        for name, (queryset, counts) in {
            "goals": (groups.goals, groups.by_goal),
            "strategies": (groups.strategies, groups.by_strategy),
            "departments": (groups.departments, groups.by_department),
        }.items():
            field = self.fields[name]
            field.queryset = queryset
            field.label_from_instance = lambda obj, counts=counts: (
                f"{obj} ({counts.get(obj.pk, 0)})"
            )

    def _find(self, field: str, codes: list[str]) -> list[int]:
        found = dict(self.plan.measures.filter(code__in=codes).values_list("code", "pk"))
        unknown = [code for code in codes if code not in found]
        if unknown:
            self.add_error(
                field,
                _("Finner ikke disse kodene i planen: %(codes)s.") % {"codes": ", ".join(unknown)},
            )
        return list(found.values())

    def clean(self):
        data = super().clean()
        scope = data.get("scope")
        if scope == self.GROUPS and not (
            data.get("goals") or data.get("strategies") or data.get("departments")
        ):
            self.add_error("goals", _("Velg minst ett målområde, én strategi eller én virksomhet."))
        if scope == self.CODES and not _codes(data.get("codes")):
            self.add_error("codes", _("Skriv minst én tiltakskode."))
        if self.errors:
            return data
        if scope == self.CODES:
            chosen = self.plan.measures.filter(pk__in=self._find("codes", _codes(data["codes"])))
        elif scope == self.GROUPS:
            chosen = selectors.measures_in_groups(
                self.candidates,
                goals=data.get("goals"),
                strategies=data.get("strategies"),
                departments=data.get("departments"),
            )
        else:
            chosen = self.candidates
        if leave_out := _codes(data.get("exclude_codes")):
            chosen = chosen.exclude(pk__in=self._find("exclude_codes", leave_out))
        if not self.errors and not chosen.exists():
            self.add_error("scope", _("Utvalget har ingen tiltak. Velg andre tiltak."))
        data["measures"] = chosen
        return data

    @property
    def measures(self):
        return self.cleaned_data["measures"]

    def preview(self, rows: int = 50) -> dict:
        """The count and the first `rows` of the selection, for the "Vis utvalget" button."""
        chosen = self.measures.select_related("responsible_department", "responsible_person")
        return {"count": chosen.count(), "rows": list(chosen.order_by("code")[:rows])}


class ImplementationPlanOrderForm(MeasureSelectionForm):
    all_label = _("Alle aktive tiltak i planen uten gjennomføringsplan (%(count)s)")
    due_date = forms.DateField(label=_("Frist for gjennomføringsplanen"), widget=DateInput())
    message = forms.CharField(
        label=_("Melding til hovedansvarlige"),
        required=False,
        widget=_textarea(3),
        max_length=20_000,
    )


class ImplementationPlanForm(Form):
    version = VersionField()
    expected_result = forms.CharField(
        label=_("Forventet resultat"), required=False, widget=_textarea(), max_length=20_000
    )
    resources = forms.CharField(
        label=_("Ressurser"),
        required=False,
        widget=_textarea(3),
        max_length=20_000,
        help_text=_("Årsverk, kompetanse og samarbeidspartnere."),
    )
    risks = forms.CharField(
        label=_("Risiko"), required=False, widget=_textarea(3), max_length=20_000
    )


class ActivityForm(Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    title = forms.CharField(label=_("Aktivitet"), max_length=300)
    responsible = PersonChoiceField(
        label=_("Ansvarlig"), queryset=None, required=False, empty_label=_("Ikke valgt")
    )
    start_date = forms.DateField(label=_("Start"), required=False, widget=DateInput())
    due_date = forms.DateField(label=_("Frist"), required=False, widget=DateInput())

    def __init__(self, *args, responsible_queryset=None, responsible_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = responsible_queryset
        if responsible_choices is not None:
            # Read once for all rows (see activity_form_kwargs); the queryset still validates.
            self.fields["responsible"].choices = responsible_choices

    def clean(self):
        data = super().clean()
        start, due = data.get("start_date"), data.get("due_date")
        if start and due and due < start:
            self.add_error("due_date", _("Fristen kan ikke være før start."))
        return data


def activity_form_kwargs(users) -> dict:
    """The kwargs for every activity row: the department's people are read once for the
    whole formset instead of once per row's <select>."""
    field = ActivityForm.base_fields["responsible"]
    choices = [("", field.empty_label)] + [(user.pk, display_name(user)) for user in users]
    return {"responsible_queryset": users, "responsible_choices": choices}


class FundingForm(Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    year = forms.IntegerField(label=_("År"), min_value=2000, max_value=2100)
    amount = forms.DecimalField(label=_("Beløp (kr)"), min_value=0, max_digits=14, decimal_places=0)
    # A blank first choice, so an untouched extra row stays empty and is ignored.
    source = forms.ChoiceField(
        label=_("Finansieringskilde"),
        choices=[("", _("Velg kilde")), *FundingRequest.Source.choices],
    )

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        if plan is not None:
            self.fields["year"].help_text = _("Et år i planperioden %(start)s–%(end)s.") % {
                "start": plan.period_start,
                "end": plan.period_end,
            }

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year is not None and (message := funding_year_error(year, self.plan)):
            raise forms.ValidationError(message, code="outside_plan_period")
        return year


class BaseRowFormSet(forms.BaseFormSet):
    def __init__(self, *args, form_kwargs=None, **kwargs):
        super().__init__(*args, form_kwargs=form_kwargs or {}, **kwargs)

    def rows(self) -> list[dict]:
        """The filled-in rows in order; untouched blank rows and deleted rows left out."""
        return [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]


ActivityFormSet = forms.formset_factory(
    ActivityForm, formset=BaseRowFormSet, extra=1, can_delete=True, max_num=100
)
FundingFormSet = forms.formset_factory(
    FundingForm, formset=BaseRowFormSet, extra=1, can_delete=True, max_num=50
)


class VersionForm(Form):
    version = VersionField()


class ReviewForm(Form):
    version = VersionField()
    feedback = forms.CharField(
        label=_("Tilbakemelding til hovedansvarlig"),
        required=False,
        widget=_textarea(4),
        max_length=20_000,
        help_text=_("Må fylles ut når du sender planen tilbake."),
    )


class ReportingRoundForm(MeasureSelectionForm):
    name = forms.CharField(label=_("Navn på runden"), max_length=200)
    due_date = forms.DateField(label=_("Frist"), widget=DateInput())
    message = forms.CharField(
        label=_("Melding til hovedansvarlige"),
        required=False,
        widget=_textarea(3),
        max_length=20_000,
    )

    confirm_parallel = forms.BooleanField(
        label=_("Ja, åpne en runde til mens den andre er åpen"),
        required=False,
    )

    field_order = ["name", "due_date", "message", "confirm_parallel"]

    def __init__(self, *args, open_rounds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.open_rounds = list(open_rounds)
        if not self.open_rounds:
            del self.fields["confirm_parallel"]


class StatusUpdateForm(Form):
    status = forms.ChoiceField(label=_("Status"), choices=MeasureStatus.choices)
    progress = forms.IntegerField(
        label=_("Framdrift (%)"),
        min_value=0,
        max_value=100,
        help_text=_("Et helt tall fra 0 til 100."),
    )
    text = forms.CharField(
        label=_("Status og resultater"),
        widget=_textarea(5),
        max_length=20_000,
        help_text=_("Teksten kan bli gjengitt i statusrapporten til bystyret, som er offentlig."),
    )
    risks = forms.CharField(
        label=_("Risiko og utfordringer"),
        required=False,
        widget=_textarea(3),
        max_length=20_000,
        help_text=_(
            "Vises i statusrapporten til bystyret under forsinkede tiltak og tiltak med risiko. "
            "Skriv ikke personopplysninger."
        ),
    )
    needs_help = forms.BooleanField(
        label=_("Jeg trenger hjelp fra koordinator"),
        required=False,
        help_text=_("Statusrapporten til bystyret nevner at tiltaket har bedt om hjelp."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") and cleaned.get("progress") is not None:
            if message := progress_error(cleaned["status"], cleaned["progress"]):
                self.add_error("progress", message)
        return cleaned


class StatusUpdateReopenForm(Form):
    reason = forms.CharField(
        label=_("Hvorfor skal statusoppdateringen rettes?"),
        widget=_textarea(3),
        max_length=2000,
        help_text=_("Hovedansvarlig ser begrunnelsen, og den lagres i endringsloggen."),
        error_messages={"required": _("Skriv hvorfor statusoppdateringen skal rettes.")},
    )


class DelegateForm(Form):
    delegate = PersonChoiceField(
        label=_("Rapporteringen gjøres av"),
        queryset=None,
        required=False,
        empty_label=_("Hovedansvarlig selv (ingen delegering)"),
    )

    def __init__(self, *args, delegate_queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delegate"].queryset = delegate_queryset


WEEKDAYS = [
    (0, _("mandag")),
    (1, _("tirsdag")),
    (2, _("onsdag")),
    (3, _("torsdag")),
    (4, _("fredag")),
    (5, _("lørdag")),
    (6, _("søndag")),
]


def _days_field(label, help_text, *, min_value: int, max_value: int = 365) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        help_text=help_text,
        min_value=min_value,
        max_value=max_value,
        error_messages={
            "required": _("Skriv inn et antall dager."),
            "invalid": _("Skriv antall dager som et helt tall, for eksempel 7."),
            "min_value": _("Antall dager må være minst %(limit_value)s."),
            "max_value": _("Antall dager kan ikke være mer enn %(limit_value)s."),
        },
    )


class FollowUpSettingsForm(Form):
    due_soon_days = _days_field(
        _("Varsle antall dager før frist (N)"),
        _("Hovedansvarlig får en påminnelse så mange dager før fristen. 0 betyr på fristdagen."),
        min_value=0,
    )
    overdue_repeat_days = _days_field(
        _("Purre på nytt hver n-te dag (M)"),
        _("Etter fristen purres det dagen etter, og så på nytt med dette mellomrommet."),
        min_value=1,
    )
    escalate_after_days = _days_field(
        _("Eskaler etter antall dager over frist (K)"),
        _("Så mange dager etter fristen går purringen også til virksomhetsleder og koordinator."),
        min_value=1,
    )
    stale_after_days = _days_field(
        _("Tiltak regnes som ikke oppdatert etter antall dager"),
        _("Brukes i oversikten over tiltak som ikke er oppdatert."),
        min_value=1,
        max_value=3650,
    )
    digest_weekday = forms.TypedChoiceField(
        label=_("Ukedag for ukesammendrag"),
        choices=WEEKDAYS,
        coerce=int,
        error_messages={"invalid_choice": _("Velg en ukedag fra listen.")},
    )
