"""Forms for the coordinator's work on indicators, imports, challenges and analyses:
shape only; the services decide."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from analyses.models import (
    Analysis,
    Challenge,
    Indicator,
    IndicatorTarget,
    Region,
    Symbol,
    home_region_code,
)
from bodobolig.forms import Form, ModelForm
from plans.models import Goal, Plan


class IndicatorForm(ModelForm):
    class Meta:
        model = Indicator
        fields = [
            "code",
            "name",
            "name_en",
            "unit",
            "description",
            "source",
            "ssb_table",
            "source_code",
            "source_note",
            "frequency",
            "direction",
            "goal",
            "compare_with",
            "need_low",
            "need_high",
            "counts_people",
            "is_key",
            "is_illustrative",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "source_note": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "code": _("Små bokstaver og bindestrek, f.eks. fullforte-boliger. Brukes i CSV-filer."),
            "ssb_table": _("Tabellnummer i SSBs statistikkbank, f.eks. 05940."),
            "source_code": _(
                "SSBs ContentsCode eller KOSTRA-kode, f.eks. KOSboligSper10000000. "
                "Brukes når en JSON-stat-fil importeres."
            ),
            "counts_people": _(
                "Kryss av for antall personer eller husstander: små tall (under %(n)s) "
                "vises da som «<%(n)s» for folkevalgte og publikum."
            )
            % {"n": settings.SMALL_COUNT_THRESHOLD},
            "need_low": _(
                "Et behov som vises som et bånd i figuren, f.eks. 300–400 boliger i året."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = Goal.objects.select_related("plan").order_by(
            "-plan__period_start", "number"
        )
        others = Indicator.objects.order_by("name")
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        self.fields["compare_with"].queryset = others

    def clean(self):
        data = super().clean()
        low, high = data.get("need_low"), data.get("need_high")
        if (low is None) != (high is None):
            self.add_error("need_high", _("Oppgi både nedre og øvre behov, eller ingen."))
        elif low is not None and high < low:
            self.add_error("need_high", _("Øvre behov kan ikke være lavere enn nedre."))
        return data

    def _post_clean(self):
        pass  # the service checks the code; the model's constraints back it


def _region_choices():
    home = home_region_code()
    choices = list(Region.objects.values_list("code", "name"))
    if home not in {code for code, _name in choices}:
        choices.insert(0, (home, settings.MUNICIPALITY_NAME))
    return choices


class IndicatorValueForm(Form):
    region = forms.ChoiceField(label=_("Region"))
    year = forms.IntegerField(label=_("År"), min_value=1900, max_value=2100)
    subperiod = forms.IntegerField(
        label=_("Kvartal eller måned"),
        min_value=0,
        max_value=12,
        required=False,
        help_text=_("Tomt for hele året; 1–4 for kvartal, 1–12 for måned."),
    )
    breakdown = forms.CharField(
        label=_("Inndeling"),
        max_length=100,
        required=False,
        help_text=_("Valgfritt, f.eks. en bydel. Tomt er hele regionen."),
    )
    value = forms.DecimalField(label=_("Verdi"), max_digits=14, decimal_places=2, required=False)
    symbol = forms.ChoiceField(
        label=_("SSB-symbol"),
        choices=[("", _("Ingen (verdien er oppgitt)")), *Symbol.choices],
        required=False,
        help_text=_("Når tallet mangler: symbolet vises i stedet, tallet blir aldri 0."),
    )
    note = forms.CharField(label=_("Merknad"), max_length=300, required=False)

    def __init__(self, *args, indicator: Indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.fields["region"].choices = _region_choices()
        self.fields["region"].initial = home_region_code()

    def clean(self):
        data = super().clean()
        value, symbol = data.get("value"), data.get("symbol")
        if value is None and not symbol and "value" not in self.errors:
            self.add_error("value", _("Oppgi en verdi eller et SSB-symbol."))
        if value is not None and symbol and symbol != Symbol.NIL:
            self.add_error("symbol", _("En verdi kan ikke ha dette symbolet."))
        subperiod = data.get("subperiod") or 0
        frequency = self.indicator.frequency
        if frequency == Indicator.Frequency.ANNUAL and subperiod:
            self.add_error("subperiod", _("Indikatoren er årlig: la feltet stå tomt."))
        elif frequency == Indicator.Frequency.QUARTERLY and not 1 <= subperiod <= 4:
            self.add_error("subperiod", _("Oppgi kvartal 1–4."))
        elif frequency == Indicator.Frequency.MONTHLY and not 1 <= subperiod <= 12:
            self.add_error("subperiod", _("Oppgi måned 1–12."))
        data["subperiod"] = subperiod
        return data


class IndicatorTargetForm(ModelForm):
    class Meta:
        model = IndicatorTarget
        fields = ["year", "value", "note"]

    def _post_clean(self):
        pass  # the service replaces the year's target


class ImportForm(Form):
    file = forms.FileField(
        label=_("Fil (CSV eller JSON-stat 2.0)"),
        help_text=_(
            "CSV etter malen, eller et datasett lastet ned fra SSBs API i formatet json-stat2."
        ),
    )
    indicator = forms.ModelChoiceField(
        label=_("Indikator (bare for JSON-stat)"),
        queryset=Indicator.objects.order_by("name"),
        required=False,
        to_field_name="code",
        help_text=_("Tomt: indikatorene finnes av ContentsCode i filen (SSB-/KOSTRA-koden)."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.STATISTICS_IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("Filen er for stor; største tillatte er %(max)s MB.")
                % {"max": round(settings.STATISTICS_IMPORT_MAX_BYTES / 1_048_576, 1)}
            )
        return upload


class ChallengeForm(ModelForm):
    class Meta:
        model = Challenge
        fields = ["goal", "area", "title", "evidence", "analysis", "indicators"]
        widgets = {
            "evidence": forms.Textarea(attrs={"rows": 4}),
            "indicators": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "evidence": _("Hva i analysene eller tallene viser utfordringen."),
        }

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = plan.goals.order_by("number")
        self.fields["analysis"].queryset = Analysis.objects.order_by("-year", "title")
        self.fields["indicators"].queryset = Indicator.objects.order_by("name")

    def _post_clean(self):
        pass


class AnalysisForm(ModelForm):
    class Meta:
        model = Analysis
        fields = [
            "plan",
            "kind",
            "title",
            "year",
            "author",
            "summary",
            "document",
            "source_url",
            "indicators",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 5}),
            "indicators": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = Plan.objects.order_by("-period_start")
        self.fields["indicators"].queryset = Indicator.objects.order_by("name")
        self.fields["year"].min_value = 1900

    def clean_document(self):
        document = self.cleaned_data.get("document")
        if document and getattr(document, "size", 0) > 50 * 1024 * 1024:
            raise forms.ValidationError(_("Dokumentet er for stort; største tillatte er 50 MB."))
        return document

    def _post_clean(self):
        pass
