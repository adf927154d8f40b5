from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from plans.audit_actions import WORDING


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = _("Handlingsplaner")
    # Read by bodobolig.audit: the actions this app audits and their plain words.
    audit_actions = WORDING
