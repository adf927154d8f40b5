"""Celery task of the analyses: a large statistics import run by the worker."""

from __future__ import annotations

from celery import shared_task

from analyses import services


@shared_task(name="analyses.tasks.run_statistics_import", acks_late=True)
def run_statistics_import(job_id: int) -> str:
    """Run the queued import `job_id`; a second delivery finds it claimed and does nothing."""
    job = services.statistics_import_run(job_id=job_id)
    return job.status if job else "skipped"
