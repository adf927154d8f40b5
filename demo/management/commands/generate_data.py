import argparse

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo import generate


def _whole_number(low: int, high: int):
    """An argparse type: a whole number in [low, high], with a Norwegian message otherwise."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"«{text}» er ikke et helt tall.") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"må være mellom {low} og {high} (fikk {value}).")
        return value

    return parse


class Command(BaseCommand):
    help = (
        "Lager en stor, tenkt kommune for tester og ytelsesmålinger: virksomheter, brukere, "
        "en vedtatt plan med N tiltak, oppfølging, høringer og indikatorer. Alt merkes "
        "«gen-s<seed>»; samme seed to ganger avvises, et annet seed legger til et nytt datasett."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--measures",
            required=True,
            type=_whole_number(1, generate.MAX_MEASURES),
            help="Antall tiltak i den vedtatte planen.",
        )
        parser.add_argument(
            "--owners",
            type=_whole_number(1, generate.MAX_OWNERS),
            default=300,
            help="Antall ansatte på eiersiden (ledere og medarbeidere). Standard 300.",
        )
        parser.add_argument(
            "--departments",
            type=_whole_number(1, generate.MAX_DEPARTMENTS),
            default=40,
            help="Antall virksomheter (avdelinger, kontor, eksterne). Standard 40.",
        )
        parser.add_argument(
            "--seed",
            type=_whole_number(0, 10**9),
            default=1,
            help="Frø for tilfeldighetene; samme frø gir samme data. Standard 1.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Kjør også når DEBUG er av (for eksempel på en testserver).",
        )

    def handle(self, *args, measures, owners, departments, seed, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG er av: genererte data lages ikke i produksjon. Bruk --force om du er sikker."
            )
        try:
            result = generate.generate(
                measures=measures, owners=owners, departments=departments, seed=seed
            )
        except generate.GenerateError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Genererte data «{result.label}» laget på {result.seconds:.1f} s: "
                f"{result.summary()}."
            )
        )
        self.stdout.write(
            f"Brukernavn begynner med «{result.label}-», passord: {generate.PASSWORD}"
        )
