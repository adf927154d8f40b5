from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from measures.audit_actions import WORDING

# Each sub-domain's Celery tasks. Imported when the app is ready so that the task
# registry knows every task name in the web process as in the worker: services
# queue tasks by name (bodobolig.background.queue_task), never by importing them.
TASK_MODULES = (
    "measures.notifications.tasks",
    "measures.followup.tasks",
    "measures.reports.tasks",
    "measures.planning.tasks",
)


class MeasuresConfig(AppConfig):
    name = "measures"
    verbose_name = _("Tiltak og oppfølging")
    # Read by bodobolig.audit: the actions this app audits and their plain words.
    audit_actions = WORDING

    def ready(self) -> None:
        for module in TASK_MODULES:
            import_module(module)
        # The signals that give a plan a new revision token (measures.revisions).
        import_module("measures.revisions").connect()
