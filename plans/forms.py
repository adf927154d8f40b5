"""Forms for the coordinator's editing of plans, goals, strategies and departments:
shape only (the services check the rules)."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from bodobolig.forms import Form, ModelForm, PeopleChoiceField, PersonChoiceField
from plans.models import (
    NUMBER_MAX,
    Department,
    Goal,
    Plan,
    PlanDocument,
    PlanGroupMember,
    Strategy,
)
from plans.services import DECISION_BODIES, PLAN_TRANSITIONS


class GoalForm(ModelForm):
    # _post_clean is skipped below, so the model's own validation never runs: the form
    # checks the number's range itself (PostgreSQL's smallint ends at NUMBER_MAX).
    number = Goal._meta.get_field("number").formfield(max_value=NUMBER_MAX)

    class Meta:
        model = Goal
        fields = ["number", "title", "statement"]
        widgets = {"statement": forms.Textarea(attrs={"rows": 4})}

    def _post_clean(self):
        pass  # the service checks the number against the plan


class StrategyForm(ModelForm):
    number = Strategy._meta.get_field("number").formfield(max_value=NUMBER_MAX)

    class Meta:
        model = Strategy
        fields = ["goal", "number", "title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = plan.goals.order_by("number")

    def _post_clean(self):
        pass  # the service checks the number against the goal


DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def active_people():
    return get_user_model().objects.filter(is_active=True).order_by("last_name", "first_name")


class PlanForm(Form):
    """A plan's title, period, summary and project leader (the service checks the period)."""

    title = forms.CharField(label=_("Tittel"), max_length=200)
    period_start = forms.IntegerField(label=_("Periode fra (år)"), min_value=1900, max_value=2200)
    period_end = forms.IntegerField(label=_("Periode til (år)"), min_value=1900, max_value=2200)
    summary = forms.CharField(
        label=_("Sammendrag"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    project_leader = PersonChoiceField(
        label=_("Prosjektleder"), queryset=active_people(), required=False
    )
    target_date = forms.DateField(
        label=_("Planlagt sluttført"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Senere endringer registreres med begrunnelse."),
    )

    def __init__(self, *args, creating: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project_leader"].queryset = active_people()
        if not creating:
            del self.fields["target_date"]


class PlanStatusForm(Form):
    """The next step in the plan's life; adopting asks for the decision."""

    status = forms.ChoiceField(label=_("Ny status"))
    adopted_by = forms.ChoiceField(
        label=_("Vedtatt av"),
        required=False,
        choices=[("", "—"), *((body, body) for body in DECISION_BODIES)],
        help_text=_("Fylles ut når planen vedtas."),
    )
    adopted_on = forms.DateField(label=_("Vedtaksdato"), required=False, widget=DATE_WIDGET)
    case_number = forms.CharField(
        label=_("Saksnummer"),
        required=False,
        max_length=20,
        help_text=_("For eksempel 14/1234 eller 2014/1234."),
    )
    final_report = forms.CharField(
        label=_("Sluttrapport"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Fylles ut når planen avsluttes."),
    )

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            (status.value, status.label)
            for status in Plan.Status
            if status in PLAN_TRANSITIONS[Plan.Status(plan.status)]
        ]


class TargetDateForm(Form):
    new_date = forms.DateField(label=_("Ny dato for sluttføring"), widget=DATE_WIDGET)
    decided_on = forms.DateField(label=_("Besluttet dato"), widget=DATE_WIDGET)
    reason = forms.CharField(
        label=_("Begrunnelse"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class GroupMemberForm(Form):
    group = forms.ChoiceField(label=_("Gruppe"), choices=PlanGroupMember.Group.choices)
    name = forms.CharField(label=_("Navn"), max_length=200)
    department = forms.ModelChoiceField(
        label=_("Virksomhet"), queryset=Department.objects.order_by("name"), required=False
    )
    role = forms.CharField(label=_("Rolle"), max_length=100, required=False)


class PlanDocumentForm(Form):
    title = forms.CharField(label=_("Tittel"), max_length=200)
    kind = forms.ChoiceField(label=_("Type dokument"), choices=PlanDocument.Kind.choices)
    document_date = forms.DateField(label=_("Dokumentdato"), widget=DATE_WIDGET)
    file = forms.FileField(label=_("Fil"))


class DepartmentForm(Form):
    name = forms.CharField(label=_("Navn"), max_length=200)
    short_name = forms.CharField(label=_("Kortnavn"), max_length=50, required=False)
    parent = forms.ModelChoiceField(
        label=_("Overordnet enhet"),
        queryset=Department.objects.order_by("name"),
        required=False,
        help_text=_("Et kontor ligger under sin avdeling."),
    )
    is_external = forms.BooleanField(
        label=_("Ekstern samarbeidspartner (for eksempel NAV eller Husbanken)"), required=False
    )
    email = forms.EmailField(label=_("E-post"), required=False)
    lead = PersonChoiceField(label=_("Leder"), queryset=active_people(), required=False)
    members = PeopleChoiceField(
        label=_("Medarbeidere"),
        queryset=active_people(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, department: Department | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = active_people()
        self.fields["members"].queryset = active_people()
        if department is not None:
            self.fields["parent"].queryset = Department.objects.exclude(pk=department.pk)
