"""The life of a PDF rendered by the Celery worker, shared by the council report
(`measures/reports/`) and the "Hvem gjør hva" annex (`measures/planning/`): queue the
render after commit, claim the row, render it, mark it ready or failed, and recover the
renders a dead worker or a lost task left behind.

The models share `measures.models.reports.RenderedInBackground` (status, error, page
count, requested/rendered times); each caller gives what differs: its task, how to draw
its PDF and name its file, and the reason a stuck render is shown.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from django.core.files.base import ContentFile
from django.db import DatabaseError
from django.http import JsonResponse
from django.template.loader import render_to_string
from django.utils import timezone

from bodobolig.background import after_commit, queue_task
from bodobolig.pdf import RenderedPdf

logger = logging.getLogger(__name__)

# A render takes seconds to about 20 s of CPU (the largest annex); a row still "rendering"
# after this long lost its worker, one still "queued" lost its task (the broker was down).
RENDER_CLAIM_TIMEOUT = dt.timedelta(minutes=3)

# Errors worth a retry: the storage or the database hiccuped. Everything else (a template
# error, WeasyPrint refusing the document, bad data) fails the same way again.
TRANSIENT_ERRORS = (OSError, DatabaseError)


class TransientRenderError(Exception):
    """Rendering failed for a reason that may pass (disk, database); the task retries it."""


# How often a render task retries a transient error, with backoff: 30 s, 60 s, 120 s.
RENDER_MAX_RETRIES = 3


def run_render_task(task, render: Callable[..., object | None], pk: int) -> str:
    """The body of a bound render task (`bind=True, max_retries=RENDER_MAX_RETRIES`):
    `render(pk, final_attempt=…)` claims and renders the row, so a duplicate delivery does
    nothing; a transient error is retried with backoff, and when the retries run out, or
    the error is not transient, the row is marked failed with the reason."""
    final_attempt = task.request.retries >= task.max_retries
    try:
        row = render(pk, final_attempt=final_attempt)
    except TransientRenderError as exc:
        raise task.retry(exc=exc, countdown=30 * 2**task.request.retries) from exc
    return row.status if row else "skipped"


def queue_render(task_name: str, pk: int) -> None:
    """Queue the render task once the current transaction commits. With the broker down
    the row stays queued, and the periodic recovery (`stuck`) queues it again."""

    def send():
        try:
            queue_task(task_name, pk)
        except Exception:
            logger.exception("Could not queue %s for row %s", task_name, pk)

    after_commit(send)


def render_claimed(
    model,
    pk: int,
    *,
    draw: Callable[[object], tuple[RenderedPdf, str]],
    final_attempt: bool = True,
    reclaim_stale: bool = False,
):
    """Render the queued row `pk` of `model` and mark it ready, or failed with the reason.

    Claims the row with a conditional update (queued → rendering), so a second run of the
    same task does nothing and returns None; with `reclaim_stale`, a row left "rendering"
    longer than RENDER_CLAIM_TIMEOUT is claimed again. While rendering, `rendered_at` holds
    the start time. `draw(row)` returns the PDF and its file name. A transient error puts
    the row back in the queue and raises TransientRenderError unless this is the
    `final_attempt`; any other error marks the row failed.
    """
    Status = model.Status
    now = timezone.now()
    claimed = model.objects.filter(pk=pk, status=Status.QUEUED).update(
        status=Status.RENDERING, error="", rendered_at=now
    )
    if not claimed and reclaim_stale:
        claimed = model.objects.filter(
            pk=pk, status=Status.RENDERING, rendered_at__lt=now - RENDER_CLAIM_TIMEOUT
        ).update(rendered_at=now)
    if not claimed:
        return None
    row = model.objects.select_related("plan").get(pk=pk)
    try:
        rendered, file_name = draw(row)
        row.file.save(file_name, ContentFile(rendered.content), save=False)
    except TRANSIENT_ERRORS as exc:
        if not final_attempt:
            model.objects.filter(pk=pk, status=Status.RENDERING).update(status=Status.QUEUED)
            raise TransientRenderError(str(exc)) from exc
        return _mark_failed(row, exc)
    except Exception as exc:
        logger.exception("%s %s failed to render", model.__name__, pk)
        return _mark_failed(row, exc)
    model.objects.filter(pk=pk, status=Status.RENDERING).update(
        status=Status.READY,
        file=row.file.name,
        page_count=rendered.page_count,
        rendered_at=timezone.now(),
        error="",
    )
    row.refresh_from_db()
    return row


def _mark_failed(row, exc: Exception):
    reason = f"{type(exc).__name__}: {exc}"[:2000]
    type(row).objects.filter(pk=row.pk, status=row.Status.RENDERING).update(
        status=row.Status.FAILED, error=reason, rendered_at=None
    )
    row.refresh_from_db()
    return row


def stuck(model, *, now, reason: str) -> list[int]:
    """Recover rows stuck for longer than RENDER_CLAIM_TIMEOUT (beat, every two minutes).

    One still rendering lost its worker (killed, out of memory): it is marked failed with
    `reason`, so its page shows the retry at once and a render that kills its worker
    cannot loop. Returns the ids still queued (the broker lost the task): queuing them
    again is safe, the render claims its row.
    """
    limit = now - RENDER_CLAIM_TIMEOUT
    Status = model.Status
    model.objects.filter(status=Status.RENDERING, rendered_at__lt=limit).update(
        status=Status.FAILED, error=reason, rendered_at=None
    )
    return list(
        model.objects.filter(status=Status.QUEUED, requested_at__lt=limit).values_list(
            "pk", flat=True
        )
    )


def status_response(request, row, context: dict, *, templates: str) -> JsonResponse:
    """The answer to a PDF page's poll: the state, a sentence for the live region
    (`<templates>_status_text.html`) and the panel (`<templates>_panel.html`), both drawn
    from the page's `context`, which says whether the render is still pending."""
    return JsonResponse(
        {
            "status": row.status,
            "message": render_to_string(
                f"{templates}_status_text.html", context, request=request
            ).strip(),
            "panel": render_to_string(f"{templates}_panel.html", context, request=request),
            "pending": context["is_pending"],
        }
    )
