"""The shared pieces that keep long lists cheap: keys-first paging, people's choices read
as columns, and select options written without a template per option."""

import pytest
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import F
from django.forms.renderers import DjangoTemplates

from bodobolig.forms import (
    FormRenderer,
    PeopleChoiceField,
    PersonChoiceField,
    Select,
    options_html,
)
from bodobolig.pagination import IdsFirstPaginator
from measures.followup.filters import MeasureFilter
from measures.models import Measure
from tests.factories import MeasureFactory, StrategyFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def measures():
    strategy = StrategyFactory()
    return [
        MeasureFactory(strategy=strategy, title=title, number=number)
        for number, title in enumerate(["Eple", "Banan", "Sitron", "Appelsin", "Druer"], 1)
    ]


def _titles(page):
    return [measure.title for measure in page.object_list]


def test_keys_first_pages_keep_the_order_and_the_annotations(measures):
    queryset = (
        Measure.objects.select_related("responsible_person")
        .annotate(shout=F("title"))
        .order_by("-title")
    )
    paginator = IdsFirstPaginator(queryset, 2)
    assert paginator.count == 5
    assert _titles(paginator.page(1)) == ["Sitron", "Eple"]
    assert _titles(paginator.page(2)) == ["Druer", "Banan"]
    last = paginator.page(3)
    assert _titles(last) == ["Appelsin"]
    assert last.object_list[0].shout == "Appelsin"
    assert last.has_previous() and not last.has_next()


def test_keys_first_sorts_by_an_annotation_it_does_not_select(measures):
    queryset = Measure.objects.annotate(reversed_number=-F("number")).order_by("reversed_number")
    assert _titles(IdsFirstPaginator(queryset, 3).page(1)) == ["Druer", "Appelsin", "Sitron"]


def test_keys_first_reads_the_keys_then_the_rows(measures, django_assert_num_queries):
    paginator = IdsFirstPaginator(Measure.objects.order_by("title"), 2)
    with django_assert_num_queries(3):  # the count, the page's keys, its rows
        assert _titles(paginator.get_page("2")) == ["Druer", "Eple"]


def test_an_empty_list_reads_only_its_count(django_assert_num_queries):
    with django_assert_num_queries(1):
        page = IdsFirstPaginator(Measure.objects.order_by("pk"), 50).get_page("1")
    assert list(page.object_list) == [] and page.number == 1


def test_a_person_choice_is_labelled_from_columns_and_still_validates():
    ada = UserFactory(first_name="Ada", last_name="Aas", username="ada")
    nameless = UserFactory(first_name="", last_name="", username="anonym")
    field = PersonChoiceField(queryset=get_user_model().objects.order_by("username"))
    choices = list(field.choices)
    assert choices[0][0] == ""
    assert (ada.pk, "Ada Aas") in choices
    assert (nameless.pk, "anonym") in choices
    assert field.clean(str(ada.pk)) == ada
    with pytest.raises(Exception, match="Velg et gyldig valg|Select a valid choice"):
        field.clean("999999")


def test_people_choices_use_the_same_labels():
    ada = UserFactory(first_name="Ada", last_name="Aas")
    field = PeopleChoiceField(queryset=get_user_model().objects.all())
    assert list(field.choices) == [(ada.pk, "Ada Aas")]
    assert list(field.clean([str(ada.pk)])) == [ada]


def test_select_options_escape_values_and_labels_and_mark_the_chosen():
    options = [
        {"value": "1", "label": 'Ola "<b>" & co', "attrs": {"selected": True}},
        {"value": '2"><script>', "label": "Kari", "attrs": {}},
        {"value": "3", "label": "Per", "attrs": {"disabled": True, "data-x": "y"}},
    ]
    html = options_html([(None, options, 0), ("Gruppe <1>", options[:1], 1)])
    assert '<option value="1" selected>Ola &quot;&lt;b&gt;&quot; &amp; co</option>' in html
    assert '<option value="2&quot;&gt;&lt;script&gt;">Kari</option>' in html
    assert '<option value="3" data-x="y" disabled>Per</option>' in html
    assert '<optgroup label="Gruppe &lt;1&gt;">' in html
    assert "<script>" not in html


@pytest.mark.parametrize("widget_class", [forms.Select, forms.SelectMultiple])
def test_the_select_written_in_python_is_the_one_djangos_template_writes(widget_class):
    choices = [
        ("", "Alle"),
        ("Grupper", [("1", 'Ola "<b>" & co'), ("2", "Kari")]),
        ("3", "Per"),
    ]
    widget = widget_class(
        choices=choices, attrs={"id": "id_x", "aria-describedby": "id_x_helptext"}
    )
    widget.is_required = True
    value = ["2", "3"] if widget_class is forms.SelectMultiple else "2"
    ours = widget.render("x", value, renderer=FormRenderer())
    djangos = widget.render("x", value, renderer=DjangoTemplates())
    assert _normalized(ours) == _normalized(djangos)
    assert "selected" in ours and "&lt;b&gt;" in ours


@pytest.mark.parametrize("value", ["2", None, "", "9", 3])
def test_the_projects_select_writes_what_djangos_select_writes(value):
    """The widget every project form uses (bodobolig.forms.Select) against the stock one
    through Django's own template: grouped, escaped, the first match selected only."""
    choices = [
        ("", "Alle"),
        ("Grupper", [("1", 'Ola "<b>" & co'), ("2", "Kari")]),
        ("3", "Per"),
        (None, "Ingen"),
        ("2", "Kari igjen"),
    ]
    attrs = {"id": "id_x", "aria-describedby": "id_x_helptext", "required": True}
    ours = Select(choices=choices).render("x", value, attrs=attrs)
    djangos = forms.Select(choices=choices).render("x", value, attrs, DjangoTemplates())
    assert _normalized(ours) == _normalized(djangos)


def test_project_forms_and_filters_use_the_projects_select():
    form = MeasureFilter({}, queryset=Measure.objects.all()).form
    assert type(form.fields["status"].widget) is Select
    assert type(form.fields["responsible_person"].widget) is Select


def _normalized(markup: str) -> str:
    return " ".join(markup.split()).replace("> <", "><")


def test_a_distinct_list_is_paged_as_django_pages_it(measures, django_assert_num_queries):
    queryset = Measure.objects.filter(strategy__goal__plan__isnull=False).distinct()
    paginator = IdsFirstPaginator(queryset.order_by("-title"), 2)
    with django_assert_num_queries(2):  # the count and the page, as Paginator reads them
        assert _titles(paginator.get_page("1")) == ["Sitron", "Eple"]
