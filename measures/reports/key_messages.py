"""The three to five key messages that open the council report's summary, written from
the snapshot's own figures (and the previous published report's snapshot), so the
sentences and the tables below them can never disagree."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

NO_BREAK_SPACE = "\u00a0"


def is_delayed(row: dict) -> bool:
    """Delayed for the report: postponed, or still active after its planned end (the
    snapshot row's `delayed`; rows frozen before that key existed count postponed only)."""
    return row.get("delayed", row.get("status") == "postponed")


def _percent(value) -> str:
    return f"{value}{NO_BREAK_SPACE}%"


def key_messages(snapshot: dict, previous: dict | None) -> list[str]:
    """Sentences for the top of the summary, most important first. `snapshot` is the
    report's (without key messages yet); `previous` the last published report's."""
    rows = snapshot["measures"]
    total = len(rows)
    if total == 0:
        return []
    summary = snapshot["summary"]
    completed = summary["counts"].get("completed", 0)
    messages = [
        ngettext(
            "Planen har %(total)s tiltak med samlet framdrift %(progress)s; %(completed)s er fullført.",
            "Planen har %(total)s tiltak med samlet framdrift %(progress)s; %(completed)s er fullført.",
            total,
        )
        % {"total": total, "progress": _percent(summary["progress"]), "completed": completed}
    ]

    delayed = {r["code"] for r in rows if is_delayed(r)}
    delayed_text = ngettext(
        "%(delayed)s av %(total)s tiltak er forsinket eller utsatt",
        "%(delayed)s av %(total)s tiltak er forsinket eller utsatt",
        total,
    ) % {"delayed": len(delayed), "total": total}
    if previous:
        before = {r["code"] for r in previous.get("measures", []) if is_delayed(r)}
        new = len(delayed - before)
        delayed_text += "; " + ngettext(
            "%(count)s nytt siden forrige rapport", "%(count)s nye siden forrige rapport", new
        ) % {"count": new}
    messages.append(delayed_text + ".")

    if previous:
        before_rows = {r["code"]: r for r in previous.get("measures", [])}
        changed = sum(
            1
            for r in rows
            if (old := before_rows.get(r["code"])) is None
            or (old["status"], old["progress"]) != (r["status"], r["progress"])
        )
        newly_completed = sum(
            1
            for r in rows
            if r["status"] == "completed"
            and before_rows.get(r["code"], {}).get("status") != "completed"
        )
        messages.append(
            ngettext(
                "Siden forrige rapport har %(changed)s tiltak endret status eller framdrift, "
                "og %(completed)s er blitt fullført.",
                "Siden forrige rapport har %(changed)s tiltak endret status eller framdrift, "
                "og %(completed)s er blitt fullført.",
                changed,
            )
            % {"changed": changed, "completed": newly_completed}
        )
    else:
        messages.append(_("Dette er den første statusrapporten til bystyret for planen."))

    round_ = snapshot.get("round")
    if round_:
        messages.append(
            _("%(answered)s av %(owed)s tiltak har levert statusoppdatering i runden «%(name)s».")
            % {"answered": round_["answered"], "owed": round_["owed"], "name": round_["name"]}
        )

    coverage = snapshot.get("implementation") or {}
    if coverage.get("active"):
        messages.append(
            _(
                "For %(with_plan)s av %(active)s aktive tiltak er gjennomføringsplan bestilt "
                "eller levert; %(approved)s er godkjent."
            )
            % {
                "with_plan": coverage["with_plan"],
                "active": coverage["active"],
                "approved": coverage["approved"],
            }
        )
    return messages[:5]
