from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from integrations.audit_actions import WORDING


class IntegrationsConfig(AppConfig):
    name = "integrations"
    verbose_name = _("Integrasjoner")
    # Read by bodobolig.audit: the actions this app audits and their plain words.
    audit_actions = WORDING
