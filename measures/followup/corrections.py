"""Correcting a submitted status update: the coordinator reopens it with a reason, the
owner corrects it through the status form, and it closes again (STYLE.md:
`<entity>_<action>`). Both steps are written to the audit trail."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bodobolig.audit import log_action
from bodobolig.errors import DomainError
from measures.followup.content import clean_text
from measures.models import Measure, StatusUpdate
from measures.status import check_status_progress


@transaction.atomic
def status_update_reopen(*, status_update: StatusUpdate, by, reason: str) -> StatusUpdate:
    """The coordinator opens a submitted status update for correction by its owner.

    A reason is required (DomainError on field "reason"); an update already open for
    correction gives DomainError. Logged as "status_update.reopened" with the reason.
    The owner is not notified by e-mail (no notice kind for it yet): the round page and
    the status form show that the update is open for correction.
    """
    reason = clean_text(reason, field="reason", label=_("Begrunnelse"), required=True)
    locked = (
        StatusUpdate.objects.select_for_update().select_related("measure").get(pk=status_update.pk)
    )
    if locked.is_reopened:
        raise DomainError(_("Statusrapporten er allerede åpnet for retting."))
    locked.reopened_at = timezone.now()
    locked.reopened_by = by
    locked.reopen_reason = reason
    locked._history_user = by
    locked.save(update_fields=["reopened_at", "reopened_by", "reopen_reason"])
    log_action("status_update.reopened", actor=by, target=locked, text=reason)
    return locked


@transaction.atomic
def status_update_correct(
    *,
    status_update: StatusUpdate,
    by,
    status: str,
    progress: int,
    text: str,
    risks: str = "",
    needs_help: bool = False,
) -> StatusUpdate:
    """The owner corrects a status update the coordinator reopened; it closes again.

    Only a reopened update can be corrected (DomainError otherwise); status and
    progress must agree (field "progress"). When it is the measure's newest update,
    the measure's status and progress follow it. Logged as "status_update.corrected".
    """
    progress = check_status_progress(status, progress)
    text = clean_text(text, field="text", label=_("Status og resultater"), required=True)
    risks = clean_text(risks, field="risks", label=_("Risiko og behov for hjelp"))
    measure = Measure.objects.select_for_update().get(pk=status_update.measure_id)
    locked = StatusUpdate.objects.select_for_update().get(pk=status_update.pk)
    if not locked.is_reopened:
        raise DomainError(
            _("Statusrapporten er levert og kan bare rettes når koordinator har åpnet den.")
        )
    before = {"status": locked.get_status_display(), "progress": locked.progress}
    locked.status = status
    locked.progress = progress
    locked.text = text
    locked.risks = risks
    locked.needs_help = bool(needs_help)
    locked.reopened_at = None
    locked.corrected_at = timezone.now()
    locked._history_user = by
    locked.save(
        update_fields=[
            "status",
            "progress",
            "text",
            "risks",
            "needs_help",
            "reopened_at",
            "corrected_at",
        ]
    )
    newest = StatusUpdate.objects.filter(measure=measure).order_by("-submitted_at", "-pk").first()
    if newest is not None and newest.pk == locked.pk:
        measure.status = status
        measure.progress = progress
        measure.version += 1  # the row is locked
        measure._history_user = by
        measure._change_reason = _("Statusrapport rettet")
        measure.save(update_fields=["status", "progress", "version", "updated_at"])
    log_action(
        "status_update.corrected",
        actor=by,
        target=locked,
        changes={
            str(_("Status")): (before["status"], locked.get_status_display()),
            str(_("Framdrift")): (before["progress"], progress),
        },
        data={"status": str(locked.get_status_display()), "progress": progress},
    )
    return locked
