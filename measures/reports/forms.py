"""The form that requests a council report."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bodobolig.forms import Form
from bodobolig.validators import validate_case_number
from measures.models import ReportingRound


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class CouncilReportRequestForm(Form):
    as_of = forms.DateField(
        label=_("Status per dato"),
        widget=DateInput(),
        help_text=_("Statusoppdateringer levert til og med denne datoen tas med."),
        error_messages={"invalid": _("Skriv datoen som dd.mm.åååå, for eksempel 01.03.2026.")},
    )
    reporting_round = forms.ModelChoiceField(
        label=_("Rapporteringsrunde"),
        queryset=ReportingRound.objects.none(),
        required=False,
        empty_label=_("Ingen (siste statusoppdatering for hvert tiltak)"),
        help_text=_("Velg en runde for å vise svarene fra den og hvem som ikke har svart."),
    )
    title = forms.CharField(
        label=_("Tittel"),
        max_length=300,
        required=False,
        help_text=_("La stå tom for «Statusrapport <plan> per <dato>»."),
    )
    case_number = forms.CharField(
        label=_("Arkivsaksnummer"),
        max_length=20,
        required=False,
        validators=[validate_case_number],
        help_text=_("For eksempel 14/1234 eller 2014/1234."),
    )
    committee = forms.CharField(
        label=_("Utvalg"),
        max_length=200,
        required=False,
        help_text=_("For eksempel bystyret, formannskapet eller levekårskomiteen."),
    )
    meeting_date = forms.DateField(
        label=_("Møtedato"),
        widget=DateInput(),
        required=False,
        error_messages={"invalid": _("Skriv datoen som dd.mm.åååå, for eksempel 01.03.2026.")},
    )
    introduction = forms.CharField(
        label=_("Innledning"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=20000,
        required=False,
        help_text=_("Vises først i rapporten, før sammendraget."),
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["reporting_round"].queryset = ReportingRound.objects.filter(plan=plan)
        self.fields["as_of"].initial = timezone.localdate()

    def clean_as_of(self):
        as_of = self.cleaned_data["as_of"]
        if as_of > timezone.localdate():
            raise forms.ValidationError(_("Datoen for status kan ikke være fram i tid."))
        if as_of.year < self.plan.period_start:
            raise forms.ValidationError(
                _("Datoen for status kan ikke være før planperioden (%(year)s).")
                % {"year": self.plan.period_start}
            )
        return as_of

    def clean(self):
        cleaned = super().clean()
        as_of, meeting = cleaned.get("as_of"), cleaned.get("meeting_date")
        if as_of and meeting and meeting < as_of:
            self.add_error(
                "meeting_date", _("Møtedatoen kan ikke være før datoen rapporten viser status for.")
            )
        return cleaned


class CouncilReportWithdrawForm(Form):
    reason = forms.CharField(
        label=_("Hvorfor trekkes rapporten tilbake?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_(
            "Begrunnelsen lagres i endringsloggen og vises for ansatte på rapportens side."
        ),
        error_messages={"required": _("Skriv hvorfor rapporten trekkes tilbake.")},
    )
