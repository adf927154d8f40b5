"""The measures app's audited actions and their plain words (bodobolig.audit).

Registered when the app is ready. `%(actor)s` is the person who acted and
`%(target)s` the object's label; other keys come from the entry's `data`.
"""

from django.utils.translation import gettext_lazy as _

WORDING = {
    # The measure register.
    "measure.created": _("%(actor)s opprettet tiltaket"),
    "measure.updated": _("%(actor)s endret tiltaket"),
    "measure.reassigned": _("%(actor)s ga hovedansvaret til %(new_owner)s (før: %(old_owner)s)"),
    "measure.reporting_delegated": _("%(actor)s delegerte rapporteringen til %(delegate)s"),
    "measure.reporting_delegation_removed": _("%(actor)s tok tilbake rapporteringen"),
    "comment.added": _("%(actor)s skrev en kommentar"),
    "measure.ownership_confirmed": _("%(actor)s bekreftet hovedansvaret for tiltaket"),
    "measure.carried_over": _("%(actor)s videreførte tiltaket fra %(old_code)s i %(plan)s"),
    "measure.carried_forward": _("%(actor)s videreførte tiltaket som %(new_code)s i %(plan)s"),
    "plan.measures_carried_over": _("%(actor)s videreførte %(count)s tiltak fra %(plan)s"),
    # Yearly work plans and ongoing projects.
    "work_plan.created": _("%(actor)s lagde arbeidsplanen «%(target)s» med %(count)s tiltak"),
    "work_plan.item_updated": _("%(actor)s endret tiltaket %(code)s i arbeidsplanen"),
    "work_plan.published": _("%(actor)s publiserte arbeidsplanen «%(target)s»"),
    "ongoing_project.saved": _("%(actor)s lagret det pågående prosjektet «%(target)s»"),
    # Implementation plans.
    "implementation_plan.ordered": _(
        "%(actor)s bestilte gjennomføringsplan med frist %(due_date)s"
    ),
    "implementation_plan.draft_saved": _("%(actor)s lagret utkast til gjennomføringsplanen"),
    "implementation_plan.submitted": _(
        "%(actor)s leverte gjennomføringsplanen (versjon %(version)s)"
    ),
    "implementation_plan.approved": _(
        "%(actor)s godkjente gjennomføringsplanen (versjon %(version)s)"
    ),
    "implementation_plan.returned": _(
        "%(actor)s sendte gjennomføringsplanen tilbake (versjon %(version)s)"
    ),
    # Reporting rounds and status updates.
    "reporting_round.opened": _(
        "%(actor)s åpnet rapporteringsrunden «%(target)s» med frist %(due_date)s"
    ),
    "reporting_round.closed": _("%(actor)s lukket rapporteringsrunden «%(target)s»"),
    "status_update.submitted": _(
        "%(actor)s leverte statusoppdatering: %(status)s, %(progress)s %%"
    ),
    "status_update.reopened": _("%(actor)s åpnet statusoppdateringen for retting"),
    "status_update.corrected": _(
        "%(actor)s rettet statusoppdateringen: %(status)s, %(progress)s %%"
    ),
    "follow_up_settings.updated": _("%(actor)s endret innstillingene for oppfølging"),
    # Funding.
    "funding_request.decided": _("%(actor)s registrerte vedtak om finansiering for %(year)s"),
    # Council reports.
    "council_report.requested": _("%(actor)s bestilte statusrapporten til bystyret «%(target)s»"),
    "council_report.retried": _(
        "%(actor)s ba om at statusrapporten til bystyret «%(target)s» lages på nytt"
    ),
    "council_report.published": _("%(actor)s publiserte statusrapporten til bystyret «%(target)s»"),
    "council_report.withdrawn": _(
        "%(actor)s trakk tilbake statusrapporten til bystyret «%(target)s» (filen er arkivert)"
    ),
}
