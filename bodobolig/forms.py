"""Form plumbing shared by every app: Designsystemet markup and accessible errors."""

import html

from django import forms
from django.forms.boundfield import BoundField
from django.forms.models import ModelChoiceIterator
from django.forms.renderers import TemplatesSetting
from django.forms.utils import flatatt
from django.utils.safestring import SafeString, mark_safe

from bodobolig.people import display_name, display_name_of

_PLAIN_WIDGETS = (forms.CheckboxInput, forms.RadioSelect, forms.CheckboxSelectMultiple)


class FormRenderer(TemplatesSetting):
    """Django's renderer through the project's templates (templates/forms/), except the
    select, written here: the stock one includes a template per option, and even with one
    template a list's filter form of a dozen selects and a few hundred people cost more
    than the rest of the page (benchmarks/pages.py)."""

    def render(self, template_name, context, request=None):
        if template_name == "django/forms/widgets/select.html":
            return select_html(context["widget"])
        return super().render(template_name, context, request)


def select_html(widget: dict) -> SafeString:
    """A select widget's markup from its template context (`name`, `attrs`, `optgroups`),
    the same as Django's template gives."""
    return _select(widget["name"], widget["attrs"], options_html(widget["optgroups"]))


def options_html(optgroups) -> str:
    """The <option>s, in their <optgroup>s, of a select widget's `optgroups`."""
    parts = []
    for group_name, options, _index in optgroups:
        markup = "".join(
            _option(o["value"], o["label"], _option_attrs(o["attrs"])) for o in options
        )
        parts.append(_optgroup(group_name, markup) if group_name else markup)
    return "".join(parts)


# The pieces of Django's select template (django/forms/widgets/select.html and its option
# and optgroup templates), shared by `select_html` and `Select`.
def _select(name, attrs: dict, options: str) -> SafeString:
    return mark_safe(f'<select name="{_text(name)}"{_attrs(attrs)}>{options}\n</select>')


def _option(value, label, attrs: str = "") -> str:
    return f'\n  <option value="{_text(value)}"{attrs}>{_text(label)}</option>'


def _optgroup(label, options: str) -> str:
    return f'\n  <optgroup label="{_text(label)}">{options}\n  </optgroup>'


def _text(value) -> str:
    """Escaped like Django's conditional_escape, without its lazy-string checks, which
    cost more than the escaping over a few hundred options."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def _option_attrs(attrs: dict) -> str:
    if not attrs:
        return ""
    if attrs == {"selected": True}:
        return " selected"
    return flatatt(attrs)


class Select(forms.Select):
    """Django's select, written straight from its choices: the stock widget builds a dict
    of a dozen keys per option before any markup (`optgroups`), which over a filter form's
    few hundred options cost a tenth of a measure list. The markup is Django's, as
    `select_html` writes it. Every form of the project gets it (`FormMixin`)."""

    def render(self, name, value, attrs=None, renderer=None):
        values = self.format_value(value)
        has_selected = False
        parts = []
        for group_value, group_label in self.choices:
            group_value = "" if group_value is None else group_value
            grouped = isinstance(group_label, list | tuple)
            options = []
            for option_value, label in group_label if grouped else [(group_value, group_label)]:
                selected = (not has_selected or self.allow_multiple_selected) and str(
                    option_value
                ) in values
                has_selected |= selected
                options.append(_option(option_value, label, " selected" if selected else ""))
            markup = "".join(options)
            # As Django's template: a group without a name writes its options bare.
            parts.append(_optgroup(group_value, markup) if grouped and group_value else markup)
        return _select(name, self.build_attrs(self.attrs, attrs), "".join(parts))


def _attrs(attrs: dict) -> str:
    return "".join(
        f" {name}" if value is True else f' {name}="{_text(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            # Each form has its own copy of the widget: only this form's select changes.
            if type(field.widget) is forms.Select:
                field.widget.__class__ = Select


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
