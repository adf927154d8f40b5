"""Celery tasks of the "Hvem gjør hva" PDF: render one from its snapshot; recover stuck
renders (beat)."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from measures import background_pdf
from measures.planning import annex_pdf

# Backoff for transient render errors: 30 s, 60 s, 120 s.
RENDER_MAX_RETRIES = 3


@shared_task(
    name="measures.tasks.render_who_does_what_pdf",
    bind=True,
    max_retries=RENDER_MAX_RETRIES,
    acks_late=True,
)
def render_who_does_what_pdf(self, annex_id: int) -> str:
    """Render the "Hvem gjør hva" PDF `annex_id` from its snapshot.

    The service claims the row (queued → rendering), so a duplicate delivery does nothing.
    Transient errors are retried with backoff; when retries run out, or the error is not
    transient, the row is marked failed with the reason.
    """
    final_attempt = self.request.retries >= self.max_retries
    try:
        annex = annex_pdf.who_does_what_pdf_render(annex_id=annex_id, final_attempt=final_attempt)
    except background_pdf.TransientRenderError as exc:
        raise self.retry(exc=exc, countdown=30 * 2**self.request.retries) from exc
    return annex.status if annex else "skipped"


@shared_task(name="measures.tasks.recover_stuck_who_does_what_pdfs")
def recover_stuck_who_does_what_pdfs() -> int:
    """Fail renders stuck mid-render (their worker died) and queue a render for every one
    stuck in the queue (beat, every two minutes)."""
    ids = annex_pdf.who_does_what_pdfs_stuck(now=timezone.now())
    for annex_id in ids:
        render_who_does_what_pdf.delay(annex_id)
    return len(ids)
