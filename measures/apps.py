from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Each sub-domain's Celery tasks. Imported when the app is ready so that the task
# registry knows every task name in the web process as in the worker: services
# queue tasks by name (bodobolig.background.queue_task), never by importing them.
TASK_MODULES = (
    "measures.notifications.tasks",
    "measures.followup.tasks",
    "measures.reports.tasks",
)


class MeasuresConfig(AppConfig):
    name = "measures"
    verbose_name = _("Tiltak og oppfølging")

    def ready(self) -> None:
        for module in TASK_MODULES:
            import_module(module)
