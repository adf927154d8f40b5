"""The "Hvem gjør hva" annex as a PDF, rendered in the background: requesting one (the
rows frozen at once, an unchanged plan reusing the file it already has), rendering it in
the Celery worker, and recovering renders a dead worker left behind."""

from __future__ import annotations

import hashlib
import json
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from bodobolig import permissions
from bodobolig.errors import DomainError
from measures import background_pdf
from measures.models import WhoDoesWhatPdf
from measures.planning import exports, selectors
from plans.models import Plan

logger = logging.getLogger(__name__)

# The Celery task that renders one annex (measures/planning/tasks.py).
RENDER_TASK = "measures.tasks.render_who_does_what_pdf"

Status = WhoDoesWhatPdf.Status
PENDING = (Status.QUEUED, Status.RENDERING)


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
    background_pdf.queue_render(RENDER_TASK, annex_id)


def _draw(annex: WhoDoesWhatPdf):
    rendered = exports.who_does_what_pdf(
        annex.snapshot, generated=timezone.localdate(annex.requested_at)
    )
    return rendered, f"hvem-gjor-hva-{annex.plan.slug}-{annex.pk}.pdf"


def who_does_what_pdf_render(*, annex_id: int, final_attempt: bool = True) -> WhoDoesWhatPdf | None:
    """Render a queued annex from its snapshot and mark it ready, or failed with the reason
    (`measures.background_pdf.render_claimed`); once ready, delete the plan's older
    finished files (they showed older data)."""
    annex = background_pdf.render_claimed(
        WhoDoesWhatPdf, annex_id, draw=_draw, final_attempt=final_attempt
    )
    if annex is not None and annex.status == Status.READY:
        _delete_older(annex)
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
    """Recover renders stuck for longer than RENDER_CLAIM_TIMEOUT (beat, every two minutes):
    one still rendering is marked failed, so the page shows its retry button; returns the
    ids still queued, to queue again."""
    with translation.override(settings.LANGUAGE_CODE):
        reason = str(
            _(
                "Arbeidsprosessen stoppet mens PDF-en ble laget (for eksempel en omstart "
                "av serveren). Prøv igjen."
            )
        )
    return background_pdf.stuck(WhoDoesWhatPdf, now=now, reason=reason)
