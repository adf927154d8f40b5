from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from hearings.audit_actions import WORDING


class HearingsConfig(AppConfig):
    name = "hearings"
    verbose_name = _("Høringer")
    # Read by bodobolig.audit: the actions this app audits and their plain words.
    audit_actions = WORDING

    def ready(self) -> None:
        # Services queue tasks by name; the registry must know them in the web process too.
        import_module("hearings.tasks")
        # The outbox writes the hearing's e-mails with this app's templates.
        import_module("hearings.emails").register()
