"""The project package. Loading the Celery app here makes `@shared_task` use it."""

from bodobolig.celery import app as celery_app

__all__ = ("celery_app",)
