from django import forms
from django.utils.translation import gettext_lazy as _

from bodobolig.forms import Form
from integrations.models import ApiToken


class ApiTokenForm(Form):
    name = forms.CharField(
        label=_("Navn på nøkkelen"),
        max_length=ApiToken._meta.get_field("name").max_length,
        help_text=_(
            "Hvilket system skal bruke nøkkelen? For eksempel «Sak/arkiv» eller «Rapportverktøy»."
        ),
    )
