"""`manage.py council_report <plan> -o rapport.pdf`: the council report, synchronously.

Does what the coordinator's "Bestill rapport" does (the report is archived with its
snapshot like any other), but renders in this process and writes the PDF to a file.
"""

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from bodobolig.errors import DomainError
from measures.models import CouncilReport, ReportingRound
from measures.reports import services
from plans.models import Plan


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            f"Ugyldig dato {value!r}: skriv ÅÅÅÅ-MM-DD, for eksempel 2017-12-31."
        ) from None


class Command(BaseCommand):
    help = (
        "Lager statusrapporten til bystyret for en plan (kortnavn eller id) og skriver PDF-en "
        "til en fil. Rapporten arkiveres med tallgrunnlaget, som når koordinatoren bestiller den."
    )

    def add_arguments(self, parser):
        parser.add_argument("plan", help="Planens kortnavn (slug) eller id.")
        parser.add_argument("-o", "--output", required=True, help="Filen PDF-en skrives til.")
        parser.add_argument("--as-of", help="Status per dato, ÅÅÅÅ-MM-DD (standard: i dag).")
        parser.add_argument("--round", type=int, help="Id for rapporteringsrunden.")
        parser.add_argument("--case-number", default="", help="Arkivsaksnummer, f.eks. 14/1234.")
        parser.add_argument("--committee", default="", help="Utvalget rapporten går til.")
        parser.add_argument("--meeting-date", help="Møtedato, ÅÅÅÅ-MM-DD.")
        parser.add_argument("--title", default="", help="Tittel (standard: laget av plan og dato).")

    def handle(self, *args, **options):
        plan = self._plan(options["plan"])
        output = Path(options["output"])
        if not output.parent.exists():
            raise CommandError(f"Mappen {output.parent} finnes ikke.")
        as_of = _date(options["as_of"]) if options["as_of"] else timezone.localdate()
        reporting_round = None
        if options["round"] is not None:
            reporting_round = ReportingRound.objects.filter(pk=options["round"]).first()
            if reporting_round is None:
                raise CommandError(f"Fant ingen rapporteringsrunde med id {options['round']}.")
        try:
            report = services.council_report_request(
                plan=plan,
                user=None,
                as_of=as_of,
                reporting_round=reporting_round,
                title=options["title"],
                case_number=options["case_number"],
                committee=options["committee"],
                meeting_date=_date(options["meeting_date"]) if options["meeting_date"] else None,
                queue_render=False,
            )
        except DomainError as error:
            raise CommandError(str(error.message)) from None
        report = services.council_report_render(report_id=report.pk)
        if report is None or report.status != CouncilReport.Status.READY:
            reason = report.error if report else "rapporten ble tatt av en annen prosess"
            raise CommandError(f"Rapporten kunne ikke lages: {reason}")
        with report.file.open("rb") as source:
            output.write_bytes(source.read())
        self.stdout.write(
            self.style.SUCCESS(
                f"Skrev {output} ({report.page_count} sider). Arkivert som rapport {report.pk}."
            )
        )

    def _plan(self, value: str) -> Plan:
        plan = Plan.objects.filter(slug=value).first()
        if plan is None and value.isdigit():
            plan = Plan.objects.filter(pk=int(value)).first()
        if plan is None:
            slugs = ", ".join(Plan.objects.order_by("slug").values_list("slug", flat=True)[:10])
            raise CommandError(f"Fant ingen plan {value!r}. Planer: {slugs or '(ingen)'}.")
        return plan
