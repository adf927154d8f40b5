"""Forms and filters of the notification pages (log, preferences, follow-up settings)."""

from __future__ import annotations

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from bodobolig.forms import Form
from measures.models import Notification

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


class NotificationPreferenceForm(Form):
    digest_opt_out = forms.BooleanField(
        label=_("Ikke send meg ukesammendraget"),
        help_text=_("Påminnelser om det du selv skal levere, kan ikke velges bort."),
        required=False,
    )


class NotificationFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Type"), choices=Notification.Kind.choices, empty_label=_("Alle typer")
    )
    state = django_filters.ChoiceFilter(
        label=_("Leveringsstatus"), choices=Notification.State.choices, empty_label=_("Alle")
    )
    recipient = django_filters.ModelChoiceFilter(
        label=_("Mottaker"),
        queryset=get_user_model().objects.none(),
        empty_label=_("Alle mottakere"),
    )
    created_from = django_filters.DateFilter(
        field_name="created_at",
        lookup_expr="date__gte",
        label=_("Fra dato"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    created_to = django_filters.DateFilter(
        field_name="created_at",
        lookup_expr="date__lte",
        label=_("Til dato"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    class Meta:
        model = Notification
        fields = ["kind", "state", "recipient", "created_from", "created_to"]
        form = Form

    def __init__(self, *args, show_recipient: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if show_recipient:
            self.filters["recipient"].queryset = (
                get_user_model()
                .objects.filter(notifications__isnull=False)
                .distinct()
                .order_by("first_name", "last_name", "username")
            )
        else:
            del self.filters["recipient"]
        for name, field in self.form.fields.items():
            field.widget.attrs.setdefault("class", "ds-input")
            field.required = False
            if name.startswith("created_"):
                field.error_messages["invalid"] = _(
                    "Skriv en gyldig dato, for eksempel 2026-03-01."
                )
