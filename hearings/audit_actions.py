"""The hearings app's audited actions and their plain words (bodobolig.audit)."""

from django.utils.translation import gettext_lazy as _

WORDING = {
    "hearing.created": _("%(actor)s opprettet høringen «%(target)s»"),
    "hearing.updated": _("%(actor)s endret høringen «%(target)s»"),
    "hearing.status_changed": _("%(actor)s endret status for høringen «%(target)s»"),
    "hearing.document_added": _("%(actor)s la til et dokument i høringen «%(target)s»"),
    "hearing.invitations_queued": _(
        "%(actor)s sendte høringen «%(target)s» til %(n)s nye høringsinstanser"
    ),
    "hearing.appendix_requested": _("%(actor)s bestilte høringsvedlegget (PDF) for «%(target)s»"),
    "hearing_response.submitted": _("Innspill %(receipt)s kom inn via nettskjemaet"),
    "hearing_response.registered": _("%(actor)s registrerte innspillet «%(target)s»"),
    "hearing_response.publication_set": _(
        "%(actor)s bestemte publisering av innspillet «%(target)s»"
    ),
    "hearing_point.created": _("%(actor)s la til innspillspunktet «%(target)s»"),
    "hearing_point.commented": _("%(actor)s kommenterte innspillspunktet «%(target)s»"),
    "consultee.created": _("%(actor)s la til høringsinstansen «%(target)s»"),
    "consultee.updated": _("%(actor)s endret høringsinstansen «%(target)s»"),
    "milestone.created": _("%(actor)s la til prosesssteget «%(target)s»"),
    "milestone.updated": _("%(actor)s endret prosesssteget «%(target)s»"),
    "meeting.created": _("%(actor)s la til møtet «%(target)s»"),
    "meeting.updated": _("%(actor)s endret møtet «%(target)s»"),
}
