"""Celery tasks of council reports: render one from its snapshot; re-queue stuck ones (beat)."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from measures import background_pdf
from measures.reports import services

# Backoff for transient render errors: 30 s, 60 s, 120 s.
RENDER_MAX_RETRIES = 3


@shared_task(
    name="measures.tasks.render_council_report",
    bind=True,
    max_retries=RENDER_MAX_RETRIES,
    acks_late=True,
)
def render_council_report(self, report_id: int) -> str:
    """Render the council report `report_id` from its snapshot.

    The service claims the row (queued → rendering) so a duplicate delivery does nothing.
    Transient errors are retried with backoff; when retries run out, or the error is not
    transient, the report is marked failed with the reason.
    """
    final_attempt = self.request.retries >= self.max_retries
    try:
        report = services.council_report_render(report_id=report_id, final_attempt=final_attempt)
    except background_pdf.TransientRenderError as exc:
        raise self.retry(exc=exc, countdown=30 * 2**self.request.retries) from exc
    return report.status if report else "skipped"


@shared_task(name="measures.tasks.requeue_stuck_council_reports")
def requeue_stuck_council_reports() -> int:
    """Fail reports stuck mid-render (their worker died) and queue a render task for every
    report stuck in the queue (beat, every two minutes)."""
    ids = services.council_reports_stuck(now=timezone.now())
    for report_id in ids:
        render_council_report.delay(report_id)
    return len(ids)
