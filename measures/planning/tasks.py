"""Celery tasks of the "Hvem gjør hva" PDF: render one from its snapshot; recover stuck
renders (beat)."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from measures import background_pdf
from measures.planning import annex_pdf

RENDER_MAX_RETRIES = background_pdf.RENDER_MAX_RETRIES


@shared_task(
    name="measures.tasks.render_who_does_what_pdf",
    bind=True,
    max_retries=RENDER_MAX_RETRIES,
    acks_late=True,
)
def render_who_does_what_pdf(self, annex_id: int) -> str:
    """Render the "Hvem gjør hva" PDF `annex_id` from its snapshot
    (`background_pdf.run_render_task`: claimed once, transient errors retried)."""
    return background_pdf.run_render_task(
        self,
        lambda pk, final_attempt: annex_pdf.who_does_what_pdf_render(
            annex_id=pk, final_attempt=final_attempt
        ),
        annex_id,
    )


@shared_task(name="measures.tasks.recover_stuck_who_does_what_pdfs")
def recover_stuck_who_does_what_pdfs() -> int:
    """Fail renders stuck mid-render (their worker died) and queue a render for every one
    stuck in the queue (beat, every two minutes)."""
    ids = annex_pdf.who_does_what_pdfs_stuck(now=timezone.now())
    for annex_id in ids:
        render_who_does_what_pdf.delay(annex_id)
    return len(ids)
