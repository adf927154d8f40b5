"""Models of the shared core: the audit trail."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """One change of state: who did what to which object, when, and what changed.

    Written only through `bodobolig.audit.log_action`, inside the service's
    transaction, so a rolled-back change leaves no entry. Labels and the actor's
    name are frozen, so the trail still reads right after renames and deletions.
    """

    created_at = models.DateTimeField(_("tidspunkt"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("utført av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_entries",
    )
    actor_name = models.CharField(_("navn på den som utførte"), max_length=300, blank=True)
    # A dotted name, "<entity>.<verb>": "implementation_plan.returned", "reporting_round.opened".
    action = models.CharField(_("handling"), max_length=80)
    target_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    target_id = models.CharField(max_length=64, blank=True)
    target_label = models.CharField(_("gjelder"), max_length=400, blank=True)
    # Where the entry shows: the plan's activity feed and the measure's timeline.
    plan = models.ForeignKey(
        "plans.Plan",
        verbose_name=_("plan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_entries",
    )
    measure = models.ForeignKey(
        "measures.Measure",
        verbose_name=_("tiltak"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_entries",
    )
    # {"field": [before, after]} for edits, as display strings.
    changes = models.JSONField(_("endringer"), default=dict, blank=True)
    # The words that came with the action: feedback, a reason, a comment.
    text = models.TextField(_("tekst"), blank=True)
    # Anything else the wording needs (a version number, a round's name, counts).
    data = models.JSONField(_("detaljer"), default=dict, blank=True)

    class Meta:
        verbose_name = _("logginnslag")
        verbose_name_plural = _("logg over handlinger")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The measure page's timeline: one measure's entries, newest first.
            models.Index(fields=["measure", "-created_at"], name="audit_measure_time"),
            # The dashboard's activity feed: one plan's newest entries.
            models.Index(fields=["plan", "-created_at"], name="audit_plan_time"),
            # "What happened to this object" (admin, API).
            models.Index(fields=["target_type", "target_id"], name="audit_target"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%d.%m.%Y %H:%M} {self.actor_name}: {self.action}"
