"""Changes of state for a plan's goals and strategies."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bodobolig.audit import changes_between, log_action
from bodobolig.errors import DomainError
from plans.models import Goal, Plan, Strategy

# The fields an edit shows as before → after, with their labels.
GOAL_FIELDS = {
    "number": gettext_lazy("Nummer"),
    "title": gettext_lazy("Tittel"),
    "statement": gettext_lazy("Hovedmål"),
}
STRATEGY_FIELDS = {
    "goal": gettext_lazy("Målområde"),
    "number": gettext_lazy("Nummer"),
    "title": gettext_lazy("Tittel"),
    "description": gettext_lazy("Beskrivelse"),
}


def _values(obj, fields: dict) -> dict[str, str]:
    """The fields as the audit trail shows them: label -> display value."""
    return {str(label): str(getattr(obj, name)) for name, label in fields.items()}


def _validate_texts(title: str, **required: str) -> None:
    if not (title or "").strip():
        raise DomainError(_("Skriv en tittel."), field="title")
    for field, value in required.items():
        if not (value or "").strip():
            raise DomainError(_("Dette feltet må fylles ut."), field=field)


def _create_unique(model, **values):
    """Insert in a savepoint. Two simultaneous requests (a double-click) both pass the
    "number taken?" check; the unique constraint stops the second, which raises
    IntegrityError for the caller to turn into the same field message."""
    with transaction.atomic():
        return model.objects.create(**values)


@transaction.atomic
def goal_create(*, plan: Plan, by, number: int, title: str, statement: str) -> Goal:
    """A new målområde in the plan. Raises DomainError when the number is taken."""
    _validate_texts(title, statement=statement)
    if plan.goals.filter(number=number).exists():
        raise DomainError(
            _("Planen har allerede et målområde med nummer %(n)s.") % {"n": number}, field="number"
        )
    try:
        goal = _create_unique(
            Goal, plan=plan, number=number, title=title.strip(), statement=statement.strip()
        )
    except IntegrityError as exc:
        raise DomainError(
            _("Planen har allerede et målområde med nummer %(n)s.") % {"n": number}, field="number"
        ) from exc
    log_action("goal.created", actor=by, target=goal, plan=plan)
    return goal


@transaction.atomic
def goal_update(*, goal_id: int, by, number: int, title: str, statement: str) -> Goal:
    """Change a målområde. Raises DomainError when the number is taken."""
    goal = Goal.objects.select_for_update().get(pk=goal_id)
    _validate_texts(title, statement=statement)
    if Goal.objects.filter(plan_id=goal.plan_id, number=number).exclude(pk=goal.pk).exists():
        raise DomainError(
            _("Planen har allerede et målområde med nummer %(n)s.") % {"n": number}, field="number"
        )
    before = _values(goal, GOAL_FIELDS)
    goal.number, goal.title, goal.statement = number, title.strip(), statement.strip()
    goal.save(update_fields=["number", "title", "statement"])
    log_action(
        "goal.updated",
        actor=by,
        target=goal,
        plan=goal.plan,
        changes=changes_between(before, _values(goal, GOAL_FIELDS)),
    )
    return goal


def _check_strategy_number(goal: Goal, number: int, exclude_pk: int | None = None) -> None:
    if goal.strategies.filter(number=number).exclude(pk=exclude_pk).exists():
        raise DomainError(
            _("Målområdet har allerede en strategi med nummer %(n)s.") % {"n": number},
            field="number",
        )


@transaction.atomic
def strategy_create(*, goal: Goal, by, number: int, title: str, description: str = "") -> Strategy:
    """A new strategy under a goal. Raises DomainError when the number is taken."""
    _validate_texts(title)
    _check_strategy_number(goal, number)
    try:
        strategy = _create_unique(
            Strategy, goal=goal, number=number, title=title.strip(), description=description.strip()
        )
    except IntegrityError as exc:
        raise DomainError(
            _("Målområdet har allerede en strategi med nummer %(n)s.") % {"n": number},
            field="number",
        ) from exc
    log_action("strategy.created", actor=by, target=strategy, plan=goal.plan)
    return strategy


@transaction.atomic
def strategy_update(
    *, strategy_id: int, by, goal: Goal, number: int, title: str, description: str = ""
) -> Strategy:
    """Change a strategy (it may move to another goal of the same plan)."""
    strategy = Strategy.objects.select_for_update().select_related("goal").get(pk=strategy_id)
    _validate_texts(title)
    if goal.plan_id != strategy.goal.plan_id:
        raise DomainError(_("Målområdet hører til en annen plan."), field="goal")
    _check_strategy_number(goal, number, exclude_pk=strategy.pk)
    before = _values(strategy, STRATEGY_FIELDS)
    strategy.goal, strategy.number = goal, number
    strategy.title, strategy.description = title.strip(), description.strip()
    strategy.save(update_fields=["goal", "number", "title", "description"])
    log_action(
        "strategy.updated",
        actor=by,
        target=strategy,
        plan=goal.plan,
        changes=changes_between(before, _values(strategy, STRATEGY_FIELDS)),
    )
    return strategy
