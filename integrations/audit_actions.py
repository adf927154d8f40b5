"""The integrations app's audited actions and their plain words (bodobolig.audit)."""

from django.utils.translation import gettext_lazy as _

WORDING = {
    "api_token.created": _("%(actor)s opprettet API-nøkkelen «%(target)s»"),
    "api_token.revoked": _("%(actor)s trakk tilbake API-nøkkelen «%(target)s»"),
    "calendar_feed.regenerated": _("%(actor)s lagde en ny kalenderadresse"),
}
