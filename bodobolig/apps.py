from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in

from bodobolig.middleware import session_renewed_at_login


class BodoboligConfig(AppConfig):
    name = "bodobolig"
    verbose_name = "Bodø bolig"

    def ready(self):
        user_logged_in.connect(session_renewed_at_login, dispatch_uid="bodobolig-session-renewed")
