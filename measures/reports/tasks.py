"""Celery tasks of council reports: render one from its snapshot; re-queue stuck ones (beat)."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from measures import background_pdf
from measures.reports import services

RENDER_MAX_RETRIES = background_pdf.RENDER_MAX_RETRIES


@shared_task(
    name="measures.tasks.render_council_report",
    bind=True,
    max_retries=RENDER_MAX_RETRIES,
    acks_late=True,
)
def render_council_report(self, report_id: int) -> str:
    """Render the council report `report_id` from its snapshot
    (`background_pdf.run_render_task`: claimed once, transient errors retried)."""
    return background_pdf.run_render_task(
        self,
        lambda pk, final_attempt: services.council_report_render(
            report_id=pk, final_attempt=final_attempt
        ),
        report_id,
    )


@shared_task(name="measures.tasks.requeue_stuck_council_reports")
def requeue_stuck_council_reports() -> int:
    """Fail reports stuck mid-render (their worker died) and queue a render task for every
    report stuck in the queue (beat, every two minutes)."""
    ids = services.council_reports_stuck(now=timezone.now())
    for report_id in ids:
        render_council_report.delay(report_id)
    return len(ids)
