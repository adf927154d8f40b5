"""Side effects after a commit, and queueing Celery tasks by name.

Services change state inside a transaction and queue what follows (a notice, a
render) with `after_commit`, so nothing happens for a change that was rolled
back. They queue tasks by their registered name (`queue_task`), never by
importing the task module: tasks call services, so services must not import
tasks. The names are stable (`@shared_task(name=...)`) because queued messages
and the beat schedule carry them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import transaction

from bodobolig.celery import app as celery_app

logger = logging.getLogger(__name__)


def after_commit(callback: Callable[[], object]) -> None:
    """Run a side effect once the transaction commits.

    A failing notice or queueing is logged, never turned into a 500 for an
    action that is already saved; the reminder sweep picks the notice up.
    (Not `on_commit(robust=True)`: Django 5.2 logs that failure with
    `func.__qualname__`, which a functools.partial lacks.)
    """

    def run() -> None:
        try:
            callback()
        except Exception:
            logger.exception("Side effect after commit failed: %r", callback)

    transaction.on_commit(run)


def queue_task(name: str, *args, **kwargs):
    """Send the registered task `name` now (eagerly without a broker); errors propagate.

    The task modules are imported when the apps are ready (`MeasuresConfig.ready`),
    so the registry knows every name in the web process as in the worker.
    """
    return celery_app.tasks[name].delay(*args, **kwargs)
