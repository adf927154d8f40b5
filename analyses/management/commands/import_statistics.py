"""`manage.py import_statistics FILE [--indicator SLUG] [--dry-run]`: the browser's import
from the command line (e.g. a nightly fetch from SSB's API)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from analyses import importing, services


class Command(BaseCommand):
    help = (
        "Importer indikatorverdier fra en CSV-fil eller et JSON-stat 2.0-datasett fra SSB. "
        "Alt eller ingenting: en fil med feil importerer ingenting og lister alle feilene."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV-fil eller JSON-stat 2.0-fil")
        parser.add_argument(
            "--indicator", help="indikatorens kode når en JSON-stat-fil gjelder én indikator"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="vis hva som ville skjedd, uten å lagre"
        )

    def handle(self, *args, file, indicator=None, dry_run=False, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Finner ikke filen {file}.")
        plan = importing.read_file(path.name, path.read_bytes(), indicator)
        if plan.errors:
            for error in plan.errors:
                self.stderr.write(error)
            raise CommandError(f"{len(plan.errors)} feil: ingenting er importert.")
        if not dry_run:
            services.statistics_import_apply(by=None, plan=plan, file_name=path.name)
        verb = "ville blitt" if dry_run else "ble"
        self.stdout.write(
            f"{plan.created} nye verdier, {plan.updated} oppdatert og {plan.unchanged} uendret "
            f"{verb} importert fra {path.name}."
        )
