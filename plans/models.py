"""The plan itself: departments, plans, goals, strategies, process, legal bases."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bodobolig.validators import case_number_is_valid_or_blank, validate_case_number


class Department(models.Model):
    """A virksomhet, avdeling or kontor; external partners (NAV, Husbanken) too."""

    name = models.CharField(_("navn"), max_length=200, unique=True)
    short_name = models.CharField(_("kortnavn"), max_length=50, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("overordnet enhet"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("leder"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_departments",
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("medarbeidere"),
        blank=True,
        related_name="departments",
    )
    is_external = models.BooleanField(_("ekstern samarbeidspartner"), default=False)
    email = models.EmailField(_("e-post"), blank=True)

    class Meta:
        verbose_name = _("virksomhet")
        verbose_name_plural = _("virksomheter")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Plan(models.Model):
    """A boligpolitisk handlingsplan for one period."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        HEARING = "hearing", _("På høring")
        ADOPTED = "adopted", _("Vedtatt")
        COMPLETED = "completed", _("Avsluttet")

    title = models.CharField(_("tittel"), max_length=200)
    slug = models.SlugField(_("kortnavn i adressen"), max_length=80, unique=True)
    municipality = models.CharField(_("kommune"), max_length=100)
    period_start = models.PositiveSmallIntegerField(_("periode fra (år)"))
    period_end = models.PositiveSmallIntegerField(_("periode til (år)"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    summary = models.TextField(_("sammendrag"), blank=True)
    adopted_on = models.DateField(_("vedtatt dato"), null=True, blank=True)
    adopted_by = models.CharField(_("vedtatt av"), max_length=100, blank=True)
    case_number = models.CharField(
        _("arkivsaksnummer"), max_length=20, blank=True, validators=[validate_case_number]
    )
    predecessor = models.ForeignKey(
        "self",
        verbose_name=_("viderefører plan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="successors",
    )
    is_illustrative = models.BooleanField(
        _("illustrativ (eksempeldata)"),
        default=False,
        help_text=_("Merk planer og tall som ikke bygger på en kilde."),
    )
    # The municipality's organisation of the plan work (networks and steering group: PlanGroupMember).
    project_leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("prosjektleder"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_plans",
    )
    # When the plan is meant to be adopted; each change is kept in PlanTargetDateChange.
    target_date = models.DateField(_("planlagt sluttført"), null=True, blank=True)
    final_report = models.TextField(_("sluttrapport"), blank=True)
    completed_on = models.DateField(_("avsluttet dato"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("handlingsplan")
        verbose_name_plural = _("handlingsplaner")
        ordering = ["-period_start", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="plan_period_end_not_before_start",
                violation_error_message=_("Perioden kan ikke slutte før den begynner."),
            ),
            models.CheckConstraint(
                condition=case_number_is_valid_or_blank("case_number"),
                name="plan_case_number_format",
                violation_error_message=_("Ugyldig saksnummer."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.period_start}–{self.period_end}"

    def get_absolute_url(self) -> str:
        return reverse("plan_detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("Perioden kan ikke slutte før den begynner.")})

    @property
    def is_public(self) -> bool:
        return self.status in {self.Status.HEARING, self.Status.ADOPTED, self.Status.COMPLETED}


# Goal and strategy numbers are smallints: PostgreSQL stores no more than this.
NUMBER_MAX = 32767
# A hovedmål is a paragraph, a strategy's description a few: caps that leave room for
# the longest real ones (Bodø's three hovedmål are under 400 characters) and stop a
# pasted document (a megabyte was accepted before).
GOAL_STATEMENT_MAX = 2000
STRATEGY_DESCRIPTION_MAX = 4000


class Goal(models.Model):
    """A målområde with its hovedmål."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="goals"
    )
    number = models.PositiveSmallIntegerField(_("nummer"))
    title = models.CharField(_("målområde"), max_length=200)
    statement = models.TextField(_("hovedmål"), max_length=GOAL_STATEMENT_MAX)

    class Meta:
        verbose_name = _("målområde")
        verbose_name_plural = _("målområder")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="goal_number_unique_in_plan"),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("statement"), GOAL_STATEMENT_MAX),
                name="goal_statement_length",
                violation_error_message=_("Hovedmålet kan ha høyst 2000 tegn."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def code(self) -> str:
        return str(self.number)


class Strategy(models.Model):
    goal = models.ForeignKey(
        Goal, verbose_name=_("målområde"), on_delete=models.CASCADE, related_name="strategies"
    )
    number = models.PositiveSmallIntegerField(_("nummer"))
    title = models.CharField(_("strategi"), max_length=300)
    description = models.TextField(
        _("beskrivelse"), blank=True, max_length=STRATEGY_DESCRIPTION_MAX
    )

    class Meta:
        verbose_name = _("strategi")
        verbose_name_plural = _("strategier")
        ordering = ["goal__number", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["goal", "number"], name="strategy_number_unique_in_goal"
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("description"), STRATEGY_DESCRIPTION_MAX),
                name="strategy_description_length",
                violation_error_message=_("Beskrivelsen kan ha høyst 4000 tegn."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def code(self) -> str:
        return f"{self.goal.number}.{self.number}"


class Milestone(models.Model):
    """A step of the plan's own process (Trinn 1–6 in Bodø)."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="milestones"
    )
    step = models.PositiveSmallIntegerField(_("trinn"))
    step_title = models.CharField(_("trinnets navn"), max_length=200)
    date = models.DateField(_("dato"))
    date_precision = models.CharField(
        _("datopresisjon"),
        max_length=5,
        choices=[("day", _("Dag")), ("month", _("Måned"))],
        default="month",
    )
    title = models.CharField(_("hendelse"), max_length=300)

    class Meta:
        verbose_name = _("prosessteg")
        verbose_name_plural = _("prosessteg")
        ordering = ["plan", "step", "date", "id"]

    def __str__(self) -> str:
        return f"Trinn {self.step}: {self.title}"


class LegalBasis(models.Model):
    """A lovhjemmel that measures cite."""

    law = models.CharField(_("lov"), max_length=200)
    short_name = models.CharField(_("korttittel"), max_length=100)
    section = models.CharField(_("paragraf"), max_length=30, blank=True)
    summary = models.TextField(_("innhold"), blank=True)
    url = models.URLField(_("lenke til Lovdata"), blank=True)

    class Meta:
        verbose_name = _("lovhjemmel")
        verbose_name_plural = _("lovhjemler")
        ordering = ["short_name", "section"]
        constraints = [
            models.UniqueConstraint(fields=["law", "section"], name="legal_basis_unique")
        ]

    def __str__(self) -> str:
        return f"{self.short_name} {self.section}".strip()


class WorkPlan(models.Model):
    """The year's arbeidsplan: the measures chosen for that year (see measures.WorkPlanItem)."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="work_plans"
    )
    year = models.PositiveSmallIntegerField(_("år"))
    title = models.CharField(_("tittel"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)
    # Politicians see a work plan once it is published.
    published_at = models.DateTimeField(_("publisert"), null=True, blank=True)

    class Meta:
        verbose_name = _("arbeidsplan")
        verbose_name_plural = _("arbeidsplaner")
        ordering = ["plan", "year"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "year"], name="work_plan_one_per_year")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class PlanGroupMember(models.Model):
    """A member of the plan's network group or steering group."""

    class Group(models.TextChoices):
        NETWORK = "network", _("Nettverksgruppe")
        STEERING = "steering", _("Styringsgruppe")

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="group_members"
    )
    group = models.CharField(_("gruppe"), max_length=10, choices=Group.choices)
    name = models.CharField(_("navn"), max_length=200)
    department = models.ForeignKey(
        Department,
        verbose_name=_("virksomhet"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    role = models.CharField(_("rolle"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("medlem av prosjektorganisasjonen")
        verbose_name_plural = _("medlemmer av prosjektorganisasjonen")
        ordering = ["plan", "group", "name"]

    def __str__(self) -> str:
        return self.name


class PlanTargetDateChange(models.Model):
    """One postponement (or advance) of the date the plan is to be finished, with its reason."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="target_date_changes"
    )
    decided_on = models.DateField(_("besluttet"))
    previous_date = models.DateField(_("tidligere dato"), null=True, blank=True)
    new_date = models.DateField(_("ny dato"))
    reason = models.TextField(_("begrunnelse"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registrert av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("endring av planlagt sluttføring")
        verbose_name_plural = _("endringer av planlagt sluttføring")
        ordering = ["plan", "decided_on", "id"]

    def __str__(self) -> str:
        return f"{self.previous_date} → {self.new_date}"


class PlanDocument(models.Model):
    """The adopted plan text, an analysis or an annex; public once the plan is public."""

    class Kind(models.TextChoices):
        PLAN_TEXT = "plan_text", _("Vedtatt plandokument")
        ANALYSIS = "analysis", _("Forprosjekt og analyse")
        ANNEX = "annex", _("Vedlegg")
        DECISION = "decision", _("Vedtak og saksframlegg")
        OTHER = "other", _("Annet")

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("tittel"), max_length=200)
    kind = models.CharField(_("type dokument"), max_length=20, choices=Kind.choices)
    document_date = models.DateField(_("dokumentdato"))
    file = models.FileField(_("fil"), upload_to="plan_documents/%Y/")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lastet opp av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("plandokument")
        verbose_name_plural = _("plandokumenter")
        ordering = ["plan", "kind", "-document_date", "title"]

    def __str__(self) -> str:
        return self.title
