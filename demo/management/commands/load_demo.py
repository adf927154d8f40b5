from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo import bodo


class Command(BaseCommand):
    help = (
        "Laster demodata for Bodø: handlingsplanen 2014–2017 og en illustrativ videreføring. "
        "Erstatter tidligere demodata; andre data røres ikke."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Kjør også når DEBUG er av (for eksempel på en testserver).",
        )

    def handle(self, *args, force: bool, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG er av: demodata lastes ikke i produksjon. Bruk --force om du er sikker."
            )
        result = bodo.load_demo()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demodata lastet: {result.plans} planer, {result.measures} tiltak, "
                f"{result.users} brukere. Passord for demobrukerne: {bodo.DEMO_PASSWORD}"
            )
        )
