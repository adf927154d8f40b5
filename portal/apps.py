from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The pages above every app: the front page, the plan list and where a user lands
    after logging in. It reads from hearings, measures, analyses and plans; none of them
    imports it."""

    name = "portal"
    verbose_name = _("Forside")
