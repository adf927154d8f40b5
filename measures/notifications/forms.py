"""Forms of the notification log: the user's e-mail choices and the log's filters."""

from __future__ import annotations

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from bodobolig.forms import Form
from measures.models import Notification


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
