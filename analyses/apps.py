from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from analyses.audit_actions import WORDING


class AnalysesConfig(AppConfig):
    name = "analyses"
    verbose_name = _("Boliganalyser")
    # Read by bodobolig.audit: the actions this app audits and their plain words.
    audit_actions = WORDING

    def ready(self) -> None:
        # The task registry must know the task's name in the web process as in the worker.
        import_module("analyses.tasks")
