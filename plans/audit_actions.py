"""The plans app's audited actions and their plain words (bodobolig.audit).

Registered when the app is ready. `%(actor)s` is the person who acted and
`%(target)s` the object's label; other keys come from the entry's `data`.
"""

from django.utils.translation import gettext_lazy as _

WORDING = {
    # The plan's life.
    "plan.created": _("%(actor)s opprettet planen «%(target)s»"),
    "plan.updated": _("%(actor)s endret planen «%(target)s»"),
    "plan.status_changed": _("%(actor)s ga planen status «%(status)s»"),
    "plan.adopted": _(
        "%(actor)s registrerte vedtaket: %(body)s vedtok planen %(date)s, sak %(case_number)s"
    ),
    "plan.completed": _("%(actor)s avsluttet planen «%(target)s»"),
    "plan.target_date_changed": _("%(actor)s endret planlagt sluttføring til %(new_date)s"),
    "plan.group_member_added": _("%(actor)s la til %(name)s i %(group)s"),
    "plan.group_member_removed": _("%(actor)s fjernet %(name)s fra %(group)s"),
    "plan_document.uploaded": _("%(actor)s lastet opp dokumentet «%(target)s»"),
    "plan_document.deleted": _("%(actor)s slettet dokumentet «%(target)s»"),
    # Departments and partners.
    "department.created": _("%(actor)s opprettet virksomheten «%(target)s»"),
    "department.updated": _("%(actor)s endret virksomheten «%(target)s»"),
    # Goals (målområder) and strategies of a plan.
    "goal.created": _("%(actor)s opprettet målområdet «%(target)s»"),
    "goal.updated": _("%(actor)s endret målområdet «%(target)s»"),
    "strategy.created": _("%(actor)s opprettet strategien «%(target)s»"),
    "strategy.updated": _("%(actor)s endret strategien «%(target)s»"),
    # Signing in: a coordinator lifted a login lockout (plans.sign_in).
    "sign_in.unlocked": _("%(actor)s opphevet en innloggingssperre"),
}
