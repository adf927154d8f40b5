"""The "Hvem gjør hva" annex as a PDF, rendered in the background: requesting one (the
rows frozen at once, an unchanged plan reusing the file it already has), rendering it in
the Celery worker, and recovering renders a dead worker left behind."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import DatabaseError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from bodobolig import permissions
from bodobolig.background import after_commit, queue_task
from bodobolig.errors import DomainError
from measures.models import WhoDoesWhatPdf
from measures.planning import exports, selectors
from plans.models import Plan

logger = logging.getLogger(__name__)

# The Celery task that renders one annex (measures/planning/tasks.py).
RENDER_TASK = "measures.tasks.render_who_does_what_pdf"

# 2,000 measures render in about 20 s of CPU; one still "rendering" after this long lost
# its worker, one still "queued" lost its task (the broker was down).
RENDER_CLAIM_TIMEOUT = dt.timedelta(minutes=3)

Status = WhoDoesWhatPdf.Status
PENDING = (Status.QUEUED, Status.RENDERING)


class TransientRenderError(Exception):
    """Rendering failed for a reason that may pass (disk, database); the task retries it."""


TRANSIENT_ERRORS = (OSError, DatabaseError)


def _fingerprint(snapshot: dict) -> str:
    return hashlib.sha256(
        json.dumps(snapshot, sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()


@transaction.atomic
def who_does_what_pdf_request(*, plan: Plan, user) -> WhoDoesWhatPdf:
    """The annex PDF of the plan's current measures: the pending or ready one made from the
    same rows, or a new row whose render is queued on commit.

    Raises DomainError when the user may not see the plan. A failed render is never
    reused, so asking again after a failure is the retry.
    """
    if not permissions.can(user, permissions.Action.VIEW, plan):
        raise DomainError(_("Du har ikke tilgang til denne planen."))
    snapshot = exports.who_does_what_snapshot(plan, selectors.who_does_what(plan))
    fingerprint = _fingerprint(snapshot)
    # Locking the plan row serialises two requests for the same plan (a double click).
    Plan.objects.select_for_update().filter(pk=plan.pk).first()
    existing = (
        WhoDoesWhatPdf.objects.filter(plan=plan, fingerprint=fingerprint)
        .exclude(status=Status.FAILED)
        .first()
    )
    if existing is not None:
        return existing
    annex = WhoDoesWhatPdf.objects.create(
        plan=plan,
        fingerprint=fingerprint,
        snapshot=snapshot,
        requested_by=user if user is not None and user.is_authenticated else None,
    )
    _queue_render(annex.pk)
    return annex


def _queue_render(annex_id: int) -> None:
    def send():
        try:
            queue_task(RENDER_TASK, annex_id)
        except Exception:  # the broker is down: the row stays queued, the sweep re-sends it
            logger.exception("Could not queue the who-does-what PDF %s", annex_id)

    after_commit(send)


def who_does_what_pdf_render(*, annex_id: int, final_attempt: bool = True) -> WhoDoesWhatPdf | None:
    """Render a queued annex from its snapshot and mark it ready, or failed with the reason;
    then delete the plan's older finished files (they showed older data).

    Claims the row with a conditional update (queued → rendering), so a second run of the
    same task does nothing and returns None. A transient error (OSError, DatabaseError)
    puts the row back in the queue and raises TransientRenderError unless this is the
    `final_attempt`; any other error marks the row failed.
    """
    now = timezone.now()
    claimed = WhoDoesWhatPdf.objects.filter(pk=annex_id, status=Status.QUEUED).update(
        status=Status.RENDERING, error="", rendered_at=now
    )
    if not claimed:
        return None
    annex = WhoDoesWhatPdf.objects.select_related("plan").get(pk=annex_id)
    try:
        rendered = exports.who_does_what_pdf(
            annex.snapshot, generated=timezone.localdate(annex.requested_at)
        )
        annex.file.save(
            f"hvem-gjor-hva-{annex.plan.slug}-{annex.pk}.pdf",
            ContentFile(rendered.content),
            save=False,
        )
    except TRANSIENT_ERRORS as exc:
        if not final_attempt:
            WhoDoesWhatPdf.objects.filter(pk=annex_id, status=Status.RENDERING).update(
                status=Status.QUEUED
            )
            raise TransientRenderError(str(exc)) from exc
        return _mark_failed(annex, exc)
    except Exception as exc:
        logger.exception("The who-does-what PDF %s failed to render", annex_id)
        return _mark_failed(annex, exc)
    WhoDoesWhatPdf.objects.filter(pk=annex_id, status=Status.RENDERING).update(
        status=Status.READY,
        file=annex.file.name,
        page_count=rendered.page_count,
        rendered_at=timezone.now(),
        error="",
    )
    _delete_older(annex)
    annex.refresh_from_db()
    return annex


def _mark_failed(annex: WhoDoesWhatPdf, exc: Exception) -> WhoDoesWhatPdf:
    reason = f"{type(exc).__name__}: {exc}"[:2000]
    WhoDoesWhatPdf.objects.filter(pk=annex.pk, status=Status.RENDERING).update(
        status=Status.FAILED, error=reason, rendered_at=None
    )
    annex.refresh_from_db()
    return annex


def _delete_older(annex: WhoDoesWhatPdf) -> None:
    """Old files of the plan (ready or failed, requested before this one) and their rows."""
    older = WhoDoesWhatPdf.objects.filter(
        plan_id=annex.plan_id, requested_at__lt=annex.requested_at
    ).exclude(status__in=PENDING)
    for old in older:
        if old.file:
            try:
                old.file.delete(save=False)
            except OSError:
                logger.warning("Could not delete the old who-does-what PDF %s", old.file.name)
    older.delete()


def who_does_what_pdfs_stuck(*, now) -> list[int]:
    """Recover renders stuck for longer than RENDER_CLAIM_TIMEOUT (beat, every two minutes).

    One still rendering lost its worker: it is marked failed with the reason, so the page
    shows its retry button. Returns the ids still queued (the broker lost the task):
    re-queuing them is safe, the render claims its row.
    """
    limit = now - RENDER_CLAIM_TIMEOUT
    with translation.override(settings.LANGUAGE_CODE):
        reason = str(
            _(
                "Arbeidsprosessen stoppet mens PDF-en ble laget (for eksempel en omstart "
                "av serveren). Prøv igjen."
            )
        )
    WhoDoesWhatPdf.objects.filter(status=Status.RENDERING, rendered_at__lt=limit).update(
        status=Status.FAILED, error=reason, rendered_at=None
    )
    return list(
        WhoDoesWhatPdf.objects.filter(status=Status.QUEUED, requested_at__lt=limit).values_list(
            "pk", flat=True
        )
    )
