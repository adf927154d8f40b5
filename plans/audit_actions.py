"""The plans app's audited actions and their plain words (bodobolig.audit).

Registered when the app is ready. `%(actor)s` is the person who acted and
`%(target)s` the object's label; other keys come from the entry's `data`.
"""

from django.utils.translation import gettext_lazy as _

WORDING = {
    # Goals (målområder) and strategies of a plan.
    "goal.created": _("%(actor)s opprettet målområdet «%(target)s»"),
    "goal.updated": _("%(actor)s endret målområdet «%(target)s»"),
    "strategy.created": _("%(actor)s opprettet strategien «%(target)s»"),
    "strategy.updated": _("%(actor)s endret strategien «%(target)s»"),
    # Signing in: a coordinator lifted a login lockout (plans.sign_in).
    "sign_in.unlocked": _("%(actor)s opphevet en innloggingssperre"),
}
