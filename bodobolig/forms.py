"""Form plumbing shared by every app: Designsystemet markup and accessible errors."""

from django import forms
from django.forms.boundfield import BoundField
from django.forms.models import ModelChoiceIterator

from bodobolig.people import display_name, display_name_of

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


class ColumnsChoiceIterator(ModelChoiceIterator):
    """A model choice field's options read as plain columns (`field.label_columns`,
    labelled by `field.label_from_columns`) instead of one model instance each: a select of
    a few hundred people cost the measure list a fifth of its time (benchmarks/pages.py).
    Cleaning a submitted value still reads the instance, as Django's field does."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        rows = self.queryset.values_list("pk", *self.field.label_columns)
        for pk, *columns in rows:
            yield (pk, self.field.label_from_columns(*columns))


class PersonLabels:
    """Label people by the one naming rule (bodobolig.people), from columns or an instance."""

    iterator = ColumnsChoiceIterator
    label_columns = ("first_name", "last_name", "username")

    def label_from_columns(self, first_name, last_name, username) -> str:
        return display_name_of(first_name, last_name, username)

    def label_from_instance(self, obj) -> str:
        return display_name(obj)


class PersonChoiceField(PersonLabels, forms.ModelChoiceField):
    """Choose one person."""


class PeopleChoiceField(PersonLabels, forms.ModelMultipleChoiceField):
    """Choose several people."""
