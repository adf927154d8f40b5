"""The appendix "Høringsinnspill med administrasjonens kommentarer" as a PDF.

Rendered through the project's one PDF pipeline (bodobolig.pdf, tagged PDF/UA-1)
by the worker (hearings.tasks.render_appendix) or by the command
`python manage.py hearing_appendix <id|slug> -o file.pdf`. Private persons are
named only with their consent (HearingResponse.public_sender); every text from
a sender is autoescaped by the template.
"""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from bodobolig.pdf import RenderedPdf, render_pdf
from hearings import selectors
from hearings.models import Hearing

TEMPLATE = "hearings/pdf/appendix.html"


def render(hearing: Hearing) -> RenderedPdf:
    context = selectors.appendix_context(hearing)
    context["rendered_at"] = timezone.now()
    return render_pdf(TEMPLATE, context)


def render_and_store(*, hearing_id: int) -> Hearing:
    """Render the appendix and store it on the hearing (replacing the previous one)."""
    hearing = Hearing.objects.select_related("plan").get(pk=hearing_id)
    pdf = render(hearing)
    with transaction.atomic():
        locked = Hearing.objects.select_for_update().get(pk=hearing_id)
        old = locked.appendix_file.name
        locked.appendix_file.save(
            f"hoeringsinnspill-{hearing_id}.pdf", ContentFile(pdf.content), save=False
        )
        locked.appendix_rendered_at = timezone.now()
        locked.save(update_fields=["appendix_file", "appendix_rendered_at"])
    if old and old != locked.appendix_file.name:
        locked.appendix_file.storage.delete(old)
    return locked
