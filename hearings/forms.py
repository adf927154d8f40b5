"""Forms of hearings: shape only. The services run the rules (hearings.services)."""

from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from bodobolig.forms import Form, ModelForm
from hearings.models import (
    Consultee,
    EngagementMeeting,
    Hearing,
    HearingResponse,
    ResponsePoint,
)
from hearings.services import PUBLIC_CATEGORIES
from hearings.uploads import MAX_FILE_BYTES, MAX_FILES
from measures.models import Measure
from plans.models import Milestone

ACCEPT = ".pdf,.docx,.odt,.jpg,.jpeg,.png"
FILE_HELP = _("PDF, DOCX, ODT, JPEG eller PNG. Høyst %(n)d filer på inntil %(mb)d MB hver.") % {
    "n": MAX_FILES,
    "mb": MAX_FILE_BYTES // (1024 * 1024),
}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; the service checks count, size and content."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


class PublicResponseForm(Form):
    sender_name = forms.CharField(label=_("Navn"), max_length=200)
    organisation = forms.CharField(
        label=_("Organisasjon"),
        max_length=200,
        required=False,
        help_text=_("Fyll ut hvis du svarer på vegne av en organisasjon eller virksomhet."),
    )
    sender_category = forms.ChoiceField(
        label=_("Jeg svarer som"),
        choices=[(c.value, c.label) for c in PUBLIC_CATEGORIES],
        widget=forms.RadioSelect,
    )
    email = forms.EmailField(
        label=_("E-post"),
        help_text=_("Vi sender kvittering hit. E-postadressen publiseres ikke."),
    )
    text = forms.CharField(label=_("Innspill"), widget=forms.Textarea(attrs={"rows": 10}))
    attachments = MultipleFileField(label=_("Vedlegg"), help_text=FILE_HELP)
    consent_to_publish_name = forms.BooleanField(
        label=_("Navnet mitt kan publiseres sammen med innspillet"), required=False
    )
    # The honeypot: hidden from people by CSS and from screen readers, filled by bots.
    website = forms.CharField(label=_("Nettsted"), required=False)
    submission_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        if not self.is_bound:
            self.initial.setdefault("submission_token", uuid.uuid4())

    def visible_fields(self):
        return [f for f in super().visible_fields() if f.name != "website"]


class HearingForm(ModelForm):
    class Meta:
        model = Hearing
        fields = ["title", "text", "starts_on", "ends_on", "case_number", "announcement"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 8}),
            "announcement": forms.Textarea(attrs={"rows": 3}),
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }


class HearingStatusForm(Form):
    status = forms.ChoiceField(label=_("Ny status"), choices=Hearing.Status.choices)


class DocumentForm(Form):
    title = forms.CharField(label=_("Tittel"), max_length=300)
    file = forms.FileField(
        label=_("Fil"),
        help_text=_("PDF, DOCX, ODT, JPEG eller PNG, inntil 20 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )


class ConsulteeForm(ModelForm):
    class Meta:
        model = Consultee
        fields = ["name", "category", "email", "contact_person", "is_active"]


class InvitationForm(Form):
    consultees = forms.ModelMultipleChoiceField(
        label=_("Høringsinstanser som skal få høringsbrevet"),
        queryset=Consultee.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, hearing: Hearing, **kwargs):
        super().__init__(*args, **kwargs)
        invited = hearing.invitations.values_list("consultee_id", flat=True)
        self.fields["consultees"].queryset = Consultee.objects.filter(is_active=True).exclude(
            pk__in=invited
        )


class RegisterResponseForm(ModelForm):
    attachment = MultipleFileField(label=_("Skannet brev eller vedlegg"), help_text=FILE_HELP)

    class Meta:
        model = HearingResponse
        fields = [
            "channel",
            "received_on",
            "consultee",
            "sender_name",
            "organisation",
            "sender_category",
            "email",
            "archive_reference",
            "text",
            "consent_to_publish_name",
            "publication",
            "publication_reason",
            "late_accepted",
        ]
        widgets = {
            "received_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "text": forms.Textarea(attrs={"rows": 8}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = [
            c for c in HearingResponse.Channel.choices if c[0] != HearingResponse.Channel.WEB
        ]
        self.fields["late_accepted"].help_text = _(
            "Gjelder bare innspill mottatt etter fristen: kryss av når det likevel skal behandles."
        )


class PublicationForm(ModelForm):
    class Meta:
        model = HearingResponse
        fields = ["publication", "publication_reason"]

    def _post_clean(self):
        pass  # the service decides and saves


class PointCreateForm(Form):
    text = forms.CharField(
        label=_("Innspillspunkt"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ett punkt fra innspillet, med egne ord eller sitert."),
    )


class PointForm(ModelForm):
    class Meta:
        model = ResponsePoint
        fields = [
            "text",
            "administration_comment",
            "outcome",
            "measures_added",
            "measures_changed",
            "measures_rejected",
        ]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 3}),
            "administration_comment": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        measures = Measure.objects.filter(plan=plan).order_by("code")
        for name in ("measures_added", "measures_changed", "measures_rejected"):
            self.fields[name].queryset = measures
            self.fields[name].help_text = _("Hold Ctrl (Cmd på Mac) for å velge flere.")


class MilestoneForm(ModelForm):
    class Meta:
        model = Milestone
        fields = ["step", "step_title", "date", "date_precision", "title"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class MeetingForm(ModelForm):
    class Meta:
        model = EngagementMeeting
        fields = ["kind", "held_on", "title", "participants", "topics", "summary"]
        widgets = {
            "held_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "summary": forms.Textarea(attrs={"rows": 5}),
        }
