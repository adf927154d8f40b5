"""The Celery app: Redis as broker (REDIS_URL), tasks autodiscovered from each app.

Configuration comes from the CELERY_* settings in `bodobolig/settings.py`.
Without REDIS_URL the broker is in memory and tasks run in process
(CELERY_TASK_ALWAYS_EAGER), so the embedded default needs no server.

    celery -A bodobolig worker -l info
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bodobolig.settings")

app = Celery("bodobolig")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
