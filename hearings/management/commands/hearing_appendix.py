"""python manage.py hearing_appendix <hearing id or plan slug> -o file.pdf"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hearings import appendix
from hearings.models import Hearing


class Command(BaseCommand):
    help = "Lag vedlegget «Høringsinnspill med administrasjonens kommentarer» som PDF."

    def add_arguments(self, parser):
        parser.add_argument("hearing", help="Høringens id, eller planens kortnavn (siste høring)")
        parser.add_argument("-o", "--output", required=True, help="PDF-filen som skal skrives")

    def handle(self, *args, hearing, output, **options):
        qs = Hearing.objects.select_related("plan")
        found = (
            qs.filter(pk=int(hearing)).first()
            if hearing.isdigit()
            else qs.filter(plan__slug=hearing).order_by("-starts_on", "-pk").first()
        )
        if found is None:
            raise CommandError(f"Fant ingen høring for «{hearing}».")
        pdf = appendix.render(found)
        Path(output).write_bytes(pdf.content)
        self.stdout.write(
            f"{output}: {pdf.page_count} sider, {len(pdf.content)} byte "
            f"(HTML {pdf.html_seconds:.2f} s, layout {pdf.layout_seconds:.2f} s)"
        )
