"""The analyses app's audited actions and their plain words (bodobolig.audit)."""

from django.utils.translation import gettext_lazy as _

WORDING = {
    "indicator.created": _("%(actor)s opprettet indikatoren «%(target)s»"),
    "indicator.updated": _("%(actor)s endret indikatoren «%(target)s»"),
    "indicator_value.saved": _("%(actor)s registrerte en verdi for «%(target)s»"),
    "indicator_value.deleted": _("%(actor)s slettet en verdi for «%(target)s»"),
    "indicator_target.saved": _("%(actor)s registrerte et mål for «%(target)s»"),
    "indicator_target.deleted": _("%(actor)s slettet et mål for «%(target)s»"),
    "statistics.imported": _(
        "%(actor)s importerte statistikk fra «%(file)s»: %(created)s nye, %(updated)s endret"
    ),
    "challenge.created": _("%(actor)s registrerte utfordringen «%(target)s»"),
    "challenge.updated": _("%(actor)s endret utfordringen «%(target)s»"),
    "challenge.carried_over": _("%(actor)s videreførte utfordringen «%(target)s»"),
    "analysis.created": _("%(actor)s la til analysen «%(target)s»"),
    "analysis.updated": _("%(actor)s endret analysen «%(target)s»"),
}
