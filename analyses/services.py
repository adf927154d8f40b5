"""Changes of state in the analyses: indicators, values, targets, imports, challenges,
analysis documents. Each is one transaction and writes one audit entry."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from analyses.importing import ImportPlan, read_file
from analyses.models import (
    Analysis,
    Challenge,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    StatisticsImport,
)
from bodobolig.audit import changes_between, log_action
from bodobolig.background import after_commit, queue_task
from bodobolig.errors import DomainError
from plans.models import Goal, Plan

INDICATOR_FIELDS = {
    "code": gettext_lazy("Kode"),
    "name": gettext_lazy("Navn"),
    "name_en": gettext_lazy("Navn på engelsk"),
    "unit": gettext_lazy("Enhet"),
    "description": gettext_lazy("Definisjon"),
    "source": gettext_lazy("Kilde"),
    "ssb_table": gettext_lazy("SSB-tabell"),
    "source_code": gettext_lazy("SSB-/KOSTRA-kode"),
    "source_note": gettext_lazy("Kildehenvisning"),
    "frequency": gettext_lazy("Hyppighet"),
    "direction": gettext_lazy("Ønsket retning"),
    "goal": gettext_lazy("Målområde"),
    "compare_with": gettext_lazy("Sammenlignes med"),
    "counts_people": gettext_lazy("Antall personer eller husstander"),
    "is_key": gettext_lazy("Nøkkeltall"),
    "is_illustrative": gettext_lazy("Illustrative tall"),
}
CHALLENGE_FIELDS = {
    "goal": gettext_lazy("Målområde"),
    "area": gettext_lazy("Område"),
    "title": gettext_lazy("Utfordring"),
    "evidence": gettext_lazy("Kunnskapsgrunnlag"),
    "analysis": gettext_lazy("Analyse"),
}
ANALYSIS_FIELDS = {
    "plan": gettext_lazy("Plan"),
    "kind": gettext_lazy("Type"),
    "title": gettext_lazy("Tittel"),
    "year": gettext_lazy("År"),
    "author": gettext_lazy("Utarbeidet av"),
    "summary": gettext_lazy("Sammendrag"),
    "source_url": gettext_lazy("Kilde"),
}
BATCH = 2000


def _values(obj, fields: dict) -> dict[str, str]:
    return {str(label): str(getattr(obj, name) or "") for name, label in fields.items()}


def _apply(obj, data: dict, fields: Iterable[str]) -> None:
    for name in fields:
        if name in data:
            setattr(obj, name, data[name])


@transaction.atomic
def indicator_save(*, by, indicator_id: int | None = None, **data) -> Indicator:
    """Create (without `indicator_id`) or change an indicator. Raises DomainError for a
    code that is taken or a comparison with itself."""
    indicator = (
        Indicator.objects.select_for_update().get(pk=indicator_id) if indicator_id else Indicator()
    )
    before = _values(indicator, INDICATOR_FIELDS) if indicator_id else {}
    _apply(indicator, data, INDICATOR_FIELDS)
    if Indicator.objects.filter(code=indicator.code).exclude(pk=indicator.pk).exists():
        raise DomainError(_("En annen indikator har allerede denne koden."), field="code")
    if indicator.pk and indicator.compare_with_id == indicator.pk:
        raise DomainError(
            _("En indikator kan ikke sammenlignes med seg selv."), field="compare_with"
        )
    indicator.save()
    if indicator_id:
        log_action(
            "indicator.updated",
            actor=by,
            target=indicator,
            changes=changes_between(before, _values(indicator, INDICATOR_FIELDS)),
        )
    else:
        log_action("indicator.created", actor=by, target=indicator)
    return indicator


@transaction.atomic
def indicator_value_save(
    *,
    by,
    indicator: Indicator,
    region: str,
    year: int,
    subperiod: int = 0,
    breakdown: str = "",
    value: Decimal | None,
    symbol: str = "",
    note: str = "",
) -> IndicatorValue:
    """Set one value (creating or replacing the one for the same region, period and
    breakdown). A missing figure needs an SSB symbol; it is never stored as 0."""
    if value is None and not symbol:
        raise DomainError(_("Oppgi en verdi eller et SSB-symbol."), field="value")
    if value is not None and symbol and symbol != "-":
        raise DomainError(_("En verdi kan ikke ha dette symbolet."), field="symbol")
    row, created = IndicatorValue.objects.select_for_update().get_or_create(
        indicator=indicator,
        region=region,
        year=year,
        subperiod=subperiod,
        breakdown=breakdown.strip(),
        defaults={"value": value, "symbol": symbol, "note": note},
    )
    before = (row.value, row.symbol)
    if not created:
        row.value, row.symbol, row.note = value, symbol, note
        row.save(update_fields=["value", "symbol", "note"])
    period = f"{year}" + (f"/{subperiod}" if subperiod else "")
    log_action(
        "indicator_value.saved",
        actor=by,
        target=indicator,
        changes={
            _("Verdi %(p)s %(r)s %(b)s") % {"p": period, "r": region, "b": breakdown}: (
                None if created else (before[0] if before[0] is not None else before[1]),
                value if value is not None else symbol,
            )
        },
    )
    return row


@transaction.atomic
def indicator_value_delete(*, by, value_id: int) -> None:
    row = IndicatorValue.objects.select_related("indicator").get(pk=value_id)
    log_action(
        "indicator_value.deleted",
        actor=by,
        target=row.indicator,
        data={"year": row.year, "region": row.region, "breakdown": row.breakdown},
    )
    row.delete()


@transaction.atomic
def indicator_target_save(
    *, by, indicator: Indicator, year: int, value: Decimal, note: str = ""
) -> IndicatorTarget:
    target, _created = IndicatorTarget.objects.update_or_create(
        indicator=indicator, year=year, defaults={"value": value, "note": note}
    )
    log_action(
        "indicator_target.saved",
        actor=by,
        target=indicator,
        changes={_("Mål %(y)s") % {"y": year}: (None, value)},
    )
    return target


@transaction.atomic
def indicator_target_delete(*, by, target_id: int) -> None:
    target = IndicatorTarget.objects.select_related("indicator").get(pk=target_id)
    log_action(
        "indicator_target.deleted", actor=by, target=target.indicator, data={"year": target.year}
    )
    target.delete()


def statistics_import_apply(*, by, plan: ImportPlan, file_name: str) -> ImportPlan:
    """Write a checked import in one transaction: new values created, changed ones
    updated, equal ones left alone (re-importing a file changes nothing). Raises
    DomainError when the plan has errors; nothing is then written. One audit entry."""
    if plan.errors:
        raise DomainError(_("Filen har feil og er ikke importert."))
    with transaction.atomic():
        existing = {
            (indicator_id, region, year, subperiod, breakdown): (pk, value, symbol, note)
            for pk, indicator_id, region, year, subperiod, breakdown, value, symbol, note in (
                IndicatorValue.objects.filter(
                    indicator__in={row.indicator.pk for row in plan.rows}
                ).values_list(
                    "pk",
                    "indicator_id",
                    "region",
                    "year",
                    "subperiod",
                    "breakdown",
                    "value",
                    "symbol",
                    "note",
                )
            )
        }
        new, changed = [], []
        for row in plan.rows:
            current = existing.get(row.key)
            if current is not None and current[1] == row.value and current[2] == row.symbol:
                continue
            if current is not None:
                changed.append(current[0])
            new.append(
                IndicatorValue(
                    indicator=row.indicator,
                    region=row.region,
                    year=row.year,
                    subperiod=row.subperiod,
                    breakdown=row.breakdown,
                    value=row.value,
                    symbol=row.symbol,
                    note=current[3] if current is not None else "",
                )
            )
        try:
            # A changed value is replaced (nothing refers to a value row): a DELETE per
            # batch and the inserts cost far less than a CASE-per-row bulk update.
            for start in range(0, len(changed), BATCH):
                IndicatorValue.objects.filter(pk__in=changed[start : start + BATCH]).delete()
            IndicatorValue.objects.bulk_create(new, batch_size=BATCH)
        except IntegrityError as error:  # a concurrent import wrote the same cells
            raise DomainError(_("Verdiene ble endret samtidig; prøv igjen.")) from error
        plan.created, plan.updated = len(new) - len(changed), len(changed)
        plan.unchanged = len(plan.rows) - len(new)
        log_action(
            "statistics.imported",
            actor=by,
            data={
                "file": file_name,
                "created": plan.created,
                "updated": plan.updated,
                "unchanged": plan.unchanged,
            },
        )
    return plan


@transaction.atomic
def challenge_save(*, by, challenge_id: int | None = None, indicators=(), **data) -> Challenge:
    """Create or change a challenge under one of the plan's goals, with its evidence."""
    challenge = (
        Challenge.objects.select_for_update().get(pk=challenge_id) if challenge_id else Challenge()
    )
    before = _values(challenge, CHALLENGE_FIELDS) if challenge_id else {}
    _apply(challenge, data, CHALLENGE_FIELDS)
    if not (challenge.title or "").strip():
        raise DomainError(_("Skriv utfordringen."), field="title")
    challenge.save()
    challenge.indicators.set(indicators)
    goal_plan = challenge.goal.plan
    if challenge_id:
        log_action(
            "challenge.updated",
            actor=by,
            target=challenge,
            plan=goal_plan,
            changes=changes_between(before, _values(challenge, CHALLENGE_FIELDS)),
        )
    else:
        log_action("challenge.created", actor=by, target=challenge, plan=goal_plan)
    return challenge


@transaction.atomic
def copy_challenges_for_successor(
    old_plan: Plan, new_plan: Plan, challenge_ids: Iterable[int], *, by=None
) -> list[Challenge]:
    """Carry the chosen challenges of `old_plan` over to `new_plan`: each is copied to
    the successor's goal with the same number (its evidence and indicators with it)
    and remembers where it came from. A challenge already carried over is not copied
    twice. Raises DomainError when the successor lacks a goal with that number."""
    goals = {goal.number: goal for goal in Goal.objects.filter(plan=new_plan)}
    already = set(
        Challenge.objects.filter(goal__plan=new_plan, carried_over_from__isnull=False).values_list(
            "carried_over_from_id", flat=True
        )
    )
    copies = []
    for old in (
        Challenge.objects.filter(goal__plan=old_plan, pk__in=list(challenge_ids))
        .select_related("goal")
        .prefetch_related("indicators")
        .order_by("goal__number", "id")
    ):
        if old.pk in already:
            continue
        goal = goals.get(old.goal.number)
        if goal is None:
            raise DomainError(
                _("Den nye planen har ikke målområde %(n)s for utfordringen «%(t)s».")
                % {"n": old.goal.number, "t": old.title}
            )
        copy = Challenge.objects.create(
            goal=goal,
            area=old.area,
            title=old.title,
            evidence=old.evidence,
            analysis=old.analysis,
            carried_over_from=old,
        )
        copy.indicators.set(old.indicators.all())
        log_action("challenge.carried_over", actor=by, target=copy, plan=new_plan)
        copies.append(copy)
    return copies


@transaction.atomic
def analysis_save(
    *, by, analysis_id: int | None = None, indicators=(), document=None, **data
) -> Analysis:
    """Create or change an analysis document; `document` replaces the file when given."""
    analysis = (
        Analysis.objects.select_for_update().get(pk=analysis_id) if analysis_id else Analysis()
    )
    before = _values(analysis, ANALYSIS_FIELDS) if analysis_id else {}
    _apply(analysis, data, ANALYSIS_FIELDS)
    if document:
        analysis.document = document
    analysis.save()
    analysis.indicators.set(indicators)
    if analysis_id:
        log_action(
            "analysis.updated",
            actor=by,
            target=analysis,
            changes=changes_between(before, _values(analysis, ANALYSIS_FIELDS)),
        )
    else:
        log_action("analysis.created", actor=by, target=analysis)
    return analysis


def statistics_import_queue(
    *, by, path: str, file_name: str, indicator_code: str | None, rows: int
):
    """Hand a large, previewed import to the worker; returns the job row its page follows.
    Queues `analyses.tasks.run_statistics_import` after commit."""
    with transaction.atomic():
        job = StatisticsImport.objects.create(
            file_name=file_name,
            path=path,
            indicator_code=indicator_code or "",
            rows=rows,
            requested_by=by,
        )
        after_commit(lambda: queue_task("analyses.tasks.run_statistics_import", job.pk))
    return job


def statistics_import_run(*, job_id: int) -> StatisticsImport | None:
    """The worker's side of a queued import: claim the job (queued → reading, so a second
    delivery does nothing), read and check the file again, write it in one transaction
    (writing → done) or record every error (failed). The stored file is removed after."""
    claimed = StatisticsImport.objects.filter(
        pk=job_id, status=StatisticsImport.Status.QUEUED
    ).update(status=StatisticsImport.Status.READING)
    if not claimed:
        return None
    job = StatisticsImport.objects.select_related("requested_by").get(pk=job_id)
    try:
        with default_storage.open(job.path, "rb") as handle:
            data = handle.read()
        plan = read_file(job.file_name, data, job.indicator_code or None)
        if plan.errors:
            job.status, job.errors = StatisticsImport.Status.FAILED, plan.errors
        else:
            StatisticsImport.objects.filter(pk=job.pk).update(
                status=StatisticsImport.Status.WRITING
            )
            statistics_import_apply(by=job.requested_by, plan=plan, file_name=job.file_name)
            job.status = StatisticsImport.Status.DONE
            job.created, job.updated, job.unchanged = plan.created, plan.updated, plan.unchanged
    except (DomainError, OSError) as error:
        job.status, job.errors = StatisticsImport.Status.FAILED, [str(error)]
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "errors", "created", "updated", "unchanged", "finished_at"])
    default_storage.delete(job.path)
    return job
