"""The audit trail: every change of state writes one entry, and pages read them back.

Services call `log_action` inside their transaction, after the change is saved::

    log_action(
        "implementation_plan.returned",
        actor=by,
        target=plan,
        measure=plan.measure,
        text=feedback,
        changes={"status": ["Levert", "Sendt tilbake"]},
    )

Each app declares the plain words for its actions as `audit_actions` on its
AppConfig (a dict of action -> gettext_lazy sentence), so this module knows no app; `describe` turns an entry into a sentence
such as "Kari Koordinator sendte gjennomføringsplanen tilbake".
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _

from bodobolig.models import AuditEntry
from bodobolig.people import display_name

TEXT_MAX_LENGTH = 20_000
LABEL_MAX_LENGTH = 400


@functools.cache
def registered_actions() -> dict[str, Any]:
    """action -> sentence with %(actor)s, %(target)s and keys of `data`, from every app."""
    wording: dict[str, Any] = {}
    for config in apps.get_app_configs():
        wording.update(getattr(config, "audit_actions", {}))
    return wording


def _display(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if hasattr(value, "isoformat"):
        return value.strftime("%d.%m.%Y") if not hasattr(value, "hour") else value.isoformat()
    return str(value)


def changes_between(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict:
    """label -> (before, after) for two snapshots of the same labels; `log_action`
    leaves out the pairs that did not change."""
    return {label: (before.get(label), value) for label, value in after.items()}


def log_action(
    action: str,
    *,
    actor,
    target: Any = None,
    plan: Any = None,
    measure: Any = None,
    changes: Mapping[str, tuple[Any, Any] | list[Any]] | None = None,
    text: str = "",
    data: Mapping[str, Any] | None = None,
) -> AuditEntry:
    """Write one entry for `action` by `actor` on `target`, in the caller's transaction.

    `plan` and `measure` say where the entry shows (the plan's feed, the measure's
    timeline); when left out they are taken from the target (`target.plan`,
    `target.measure`) where it has them. `changes` maps a field's label to
    (before, after). Raises KeyError for an action nobody registered, so a typo
    cannot write an entry no page can word.
    """
    entry = entry_for(
        action,
        actor=actor,
        target=target,
        plan=plan,
        measure=measure,
        changes=changes,
        text=text,
        data=data,
    )
    entry.save()
    return entry


def entry_for(
    action: str,
    *,
    actor,
    target: Any = None,
    plan: Any = None,
    measure: Any = None,
    changes: Mapping[str, tuple[Any, Any] | list[Any]] | None = None,
    text: str = "",
    data: Mapping[str, Any] | None = None,
) -> AuditEntry:
    """The entry `log_action` writes, unsaved: for loaders that write many at once
    (`AuditEntry.objects.bulk_create`). Raises KeyError for an unregistered action."""
    if action not in registered_actions():
        raise KeyError(f"Unregistered audit action: {action}")
    if measure is None and target is not None:
        measure = target if target._meta.label_lower == "measures.measure" else None
        measure = measure or getattr(target, "measure", None)
    plan_id = plan.pk if plan is not None else None
    if plan_id is None:
        # The id is enough for the link: reading `source.plan` would cost a query.
        source = measure if measure is not None else target
        if source is not None and source._meta.label_lower == "plans.plan":
            plan_id = source.pk
        elif source is not None:
            plan_id = getattr(source, "plan_id", None)
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEntry(
        actor=actor if authenticated else None,
        actor_name=display_name(actor) if authenticated else "",
        action=action,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:LABEL_MAX_LENGTH] if target is not None else "",
        plan_id=plan_id,
        measure=measure,
        # Only what really changed: "Pågår → Pågår" says nothing.
        changes={
            str(label): [_display(before), _display(after)]
            for label, (before, after) in (changes or {}).items()
            if _display(before) != _display(after)
        },
        text=(text or "")[:TEXT_MAX_LENGTH],
        data={key: _display(value) for key, value in (data or {}).items()},
    )


# Entries keep labels as the services wrote them (bokmål, the site's language). These
# are catalogue words (field labels, status names) and are shown in the reader's
# language; other values (names, titles, texts) are shown as written.
TRANSLATED_DATA_KEYS = ("status",)
TRANSLATED_CHANGE_VALUES = ("Status",)


def _translated(value: Any) -> Any:
    return _(value) if isinstance(value, str) and value else value


def describe(entry: AuditEntry) -> str:
    """The entry as one plain sentence in the active language."""
    wording = registered_actions().get(entry.action)
    actor = entry.actor_name or _("Systemet")
    if wording is None:
        return f"{actor}: {entry.action}"
    data = {
        key: _translated(value) if key in TRANSLATED_DATA_KEYS else value
        for key, value in entry.data.items()
    }
    values = {**data, "actor": actor, "target": entry.target_label}
    try:
        return str(wording) % values
    except (KeyError, TypeError, ValueError):
        return f"{actor}: {entry.action}"


def changes_for_display(entry: AuditEntry) -> list[tuple[str, Any, Any]]:
    """(label, before, after) in the reader's language, as the timeline shows them."""
    shown = []
    for label, (before, after) in entry.changes.items():
        if label in TRANSLATED_CHANGE_VALUES:
            before, after = _translated(before), _translated(after)
        shown.append((_translated(label), before, after))
    return shown
