"""An implementation plan's content: checking the texts, activities and funding rows a
form or the API sends, writing them, and freezing them for a version."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.utils.text import Truncator
from django.utils.translation import gettext as _

from bodobolig.errors import DomainError
from bodobolig.people import display_name
from measures.models import (
    FundingRequest,
    ImplementationActivity,
    ImplementationPlan,
)
from plans.selectors import department_users

MAX_TEXT = 20_000
MIN_YEAR, MAX_YEAR = 2000, 2100
# How long a changed text may be in the audit trail's before → after.
CHANGE_PREVIEW_CHARS = 300

# --- Helpers ------------------------------------------------------------------------------


def clean_text(value, *, field: str, label: str, required: bool = False) -> str:
    text = (value or "").strip()
    if required and not text:
        raise DomainError(_("%(label)s må fylles ut.") % {"label": label}, field=field)
    if len(text) > MAX_TEXT:
        raise DomainError(
            _("%(label)s kan ikke være lengre enn %(max)s tegn.")
            % {"label": label, "max": MAX_TEXT},
            field=field,
        )
    return text


# --- Implementation plans -------------------------------------------------------------------


def parse_date(value, *, field: str, label: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise DomainError(
            _("%(label)s må være en dato (dd.mm.åååå).") % {"label": label}, field=field
        ) from None


def clean_activities(ip: ImplementationPlan, activities: list[dict]) -> list[dict]:
    allowed = set(department_users(ip.measure.responsible_department).values_list("pk", flat=True))
    cleaned = []
    for index, row in enumerate(activities, start=1):
        title = clean_text(row.get("title"), field="activities", label=_("Aktivitet"))
        if not title:
            raise DomainError(_("Aktivitet %(n)s mangler navn.") % {"n": index}, field="activities")
        if len(title) > 300:
            raise DomainError(
                _("Aktivitet %(n)s: navnet kan ikke være lengre enn 300 tegn.") % {"n": index},
                field="activities",
            )
        responsible = row.get("responsible")
        responsible_id = getattr(responsible, "pk", responsible) or None
        if responsible_id is not None and responsible_id not in allowed:
            raise DomainError(
                _("Aktivitet %(n)s: ansvarlig må høre til %(dept)s.")
                % {"n": index, "dept": ip.measure.responsible_department.name},
                field="activities",
            )
        start = parse_date(row.get("start_date"), field="activities", label=_("Start"))
        due = parse_date(row.get("due_date"), field="activities", label=_("Frist"))
        if start and due and due < start:
            raise DomainError(
                _("Aktivitet %(n)s: fristen kan ikke være før start.") % {"n": index},
                field="activities",
            )
        cleaned.append(
            {
                "id": row.get("id") or None,
                "title": title,
                "responsible_id": responsible_id,
                "start_date": start,
                "due_date": due,
            }
        )
    return cleaned


def funding_year_error(year: int, plan) -> str | None:
    """The message for a funding year outside the plan period, or None inside it."""
    if plan is not None and not plan.period_start <= year <= plan.period_end:
        return str(
            _("Året må ligge i planperioden %(start)s–%(end)s.")
            % {"start": plan.period_start, "end": plan.period_end}
        )
    return None


def clean_funding(funding: list[dict], *, plan=None) -> list[dict]:
    """Validate funding rows; with `plan`, every year must lie inside its period."""
    cleaned = []
    sources = set(FundingRequest.Source.values)
    for index, row in enumerate(funding, start=1):
        try:
            year = int(row.get("year"))
        except (TypeError, ValueError):
            raise DomainError(
                _("Finansiering %(n)s: år må være et tall.") % {"n": index}, field="funding"
            ) from None
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise DomainError(
                _("Finansiering %(n)s: år må være mellom %(min)s og %(max)s.")
                % {"n": index, "min": MIN_YEAR, "max": MAX_YEAR},
                field="funding",
            )
        if message := funding_year_error(year, plan):
            raise DomainError(
                _("Finansiering %(n)s: %(message)s") % {"n": index, "message": message},
                field="funding",
            )
        try:
            amount = Decimal(str(row.get("amount")))
        except (InvalidOperation, TypeError):
            raise DomainError(
                _("Finansiering %(n)s: beløpet må være et tall.") % {"n": index}, field="funding"
            ) from None
        if not amount.is_finite() or amount < 0 or amount >= Decimal("1e14"):
            raise DomainError(
                _("Finansiering %(n)s: beløpet må være 0 kr eller mer.") % {"n": index},
                field="funding",
            )
        source = row.get("source")
        if source not in sources:
            raise DomainError(
                _("Finansiering %(n)s: velg finansieringskilde.") % {"n": index}, field="funding"
            )
        cleaned.append(
            {
                "id": row.get("id") or None,
                "year": year,
                "amount": amount.quantize(1),
                "source": source,
            }
        )
    return cleaned


def replace_activities(ip: ImplementationPlan, rows: list[dict]) -> None:
    existing = {a.pk: a for a in ip.activities.all()}
    keep = set()
    for position, row in enumerate(rows):
        activity = existing.get(int_or_none(row["id"])) or ImplementationActivity(
            implementation_plan=ip
        )
        activity.title = row["title"]
        activity.responsible_id = row["responsible_id"]
        activity.start_date = row["start_date"]
        activity.due_date = row["due_date"]
        activity.position = position
        activity.save()
        keep.add(activity.pk)
    ip.activities.exclude(pk__in=keep).delete()


def replace_funding(ip: ImplementationPlan, rows: list[dict]) -> None:
    # Only requests without a decision are the owner's to change.
    editable = {f.pk: f for f in ip.funding.filter(status=FundingRequest.Status.REQUESTED)}
    keep = set()
    for row in rows:
        request = editable.get(int_or_none(row["id"])) or FundingRequest(
            measure_id=ip.measure_id, implementation_plan=ip
        )
        request.year = row["year"]
        request.amount = row["amount"]
        request.source = row["source"]
        request.save()
        keep.add(request.pk)
    ip.funding.filter(status=FundingRequest.Status.REQUESTED).exclude(pk__in=keep).delete()


def int_or_none(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def implementation_plan_content(ip: ImplementationPlan) -> dict:
    """The plan as frozen JSON: what a version keeps and what the diff compares."""
    activities = ip.activities.select_related("responsible").order_by("position", "pk")
    return {
        "expected_result": ip.expected_result,
        "resources": ip.resources,
        "risks": ip.risks,
        "activities": [
            {
                "title": a.title,
                "responsible": display_name(a.responsible) if a.responsible else "",
                "start_date": a.start_date.isoformat() if a.start_date else "",
                "due_date": a.due_date.isoformat() if a.due_date else "",
            }
            for a in activities
        ],
        "funding": [
            {
                "year": f.year,
                "amount": str(f.amount),
                "source": str(f.get_source_display()),
                "status": str(f.get_status_display()),
            }
            for f in ip.funding.order_by("year", "source", "pk")
        ],
    }


def preview(text: str) -> str:
    return Truncator(text or "").chars(CHANGE_PREVIEW_CHARS)


def audit_values(ip: ImplementationPlan) -> dict[str, str]:
    """What the owner's draft holds, label -> display text, for the draft's before → after."""
    activities = "; ".join(a.title for a in ip.activities.order_by("position", "pk"))
    funding = "; ".join(
        f"{f.year}: {f.amount} kr ({f.get_source_display()})"
        for f in ip.funding.order_by("year", "source", "pk")
    )
    return {
        _("Status"): str(ip.get_status_display()),
        _("Forventet resultat"): preview(ip.expected_result),
        _("Ressurser"): preview(ip.resources),
        _("Risiko"): preview(ip.risks),
        _("Aktiviteter"): preview(activities),
        _("Finansiering"): preview(funding),
    }
