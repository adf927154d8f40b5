"""Forms for the coordinator's editing of goals and strategies: shape only."""

from django import forms

from bodobolig.forms import ModelForm
from plans.models import NUMBER_MAX, Goal, Plan, Strategy


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
