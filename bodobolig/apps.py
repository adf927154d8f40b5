from django.apps import AppConfig


class BodoboligConfig(AppConfig):
    name = "bodobolig"
    verbose_name = "Bodø bolig"
