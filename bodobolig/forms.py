"""Form plumbing shared by every app: Designsystemet markup and accessible errors."""

from django import forms
from django.forms.boundfield import BoundField

_PLAIN_WIDGETS = (forms.CheckboxInput, forms.RadioSelect, forms.CheckboxSelectMultiple)


class AccessibleBoundField(BoundField):
    """Ties help text and the error message to the input for screen readers."""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        described_by = []
        if self.help_text:
            described_by.append(f"{self.auto_id}_helptext")
        if self.errors:
            described_by.append(f"{self.auto_id}_error")
            attrs["aria-invalid"] = "true"
        if described_by:
            attrs["aria-describedby"] = " ".join(described_by)
        if not isinstance(widget, _PLAIN_WIDGETS):
            attrs["class"] = f"{attrs.get('class', '')} ds-input".strip()
        return attrs


class FormMixin:
    """Use on every form: renders with `templates/forms/field.html`."""

    bound_field_class = AccessibleBoundField
    # `{{ form }}` renders `template_name`; `template_name_div` only serves `as_div()`.
    template_name = "forms/div.html"
    template_name_div = "forms/div.html"
    required_css_class = "required"


class Form(FormMixin, forms.Form):
    pass


class ModelForm(FormMixin, forms.ModelForm):
    pass


class VersionField(forms.IntegerField):
    """The version the user started editing from, for refusing lost updates."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        super().__init__(**kwargs)
