"""The housing analyses behind a plan: documents, indicators and mapped challenges."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from plans.models import Goal, Plan


class Analysis(models.Model):
    """A boliganalyse document (general, housing-social, Husbanken's)."""

    class Kind(models.TextChoices):
        GENERAL = "general", _("Generell boliganalyse")
        SOCIAL = "social", _("Boligsosial analyse")
        POLICY = "policy", _("Boligpolitisk analyse")
        OTHER = "other", _("Annen analyse")

    plan = models.ForeignKey(
        Plan,
        verbose_name=_("plan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="analyses",
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("tittel"), max_length=300)
    year = models.PositiveSmallIntegerField(_("år"))
    author = models.CharField(_("utarbeidet av"), max_length=200, blank=True)
    summary = models.TextField(_("sammendrag"), blank=True)
    sections = models.JSONField(_("kapitler"), default=list, blank=True)
    document = models.FileField(_("dokument"), upload_to="analyses/", blank=True)
    source_url = models.URLField(_("kilde"), blank=True)

    class Meta:
        verbose_name = _("boliganalyse")
        verbose_name_plural = _("boliganalyser")
        ordering = ["-year", "title"]

    def __str__(self) -> str:
        return self.title


class Indicator(models.Model):
    """A figure followed over time, from SSB or the municipality's own records."""

    class Source(models.TextChoices):
        SSB = "ssb", _("Statistisk sentralbyrå (SSB)")
        KOSTRA = "kostra", _("KOSTRA")
        HUSBANKEN = "husbanken", _("Husbanken")
        INTERNAL = "internal", _("Kommunens egne tall")

    class Direction(models.TextChoices):
        UP = "up", _("Høyere er bedre")
        DOWN = "down", _("Lavere er bedre")
        NEUTRAL = "neutral", _("Ingen retning")

    code = models.SlugField(_("kode"), max_length=60, unique=True)
    name = models.CharField(_("navn"), max_length=200)
    unit = models.CharField(_("enhet"), max_length=50)
    description = models.TextField(_("definisjon"), blank=True)
    source = models.CharField(_("kilde"), max_length=20, choices=Source.choices)
    ssb_table = models.CharField(_("SSB-tabell"), max_length=20, blank=True)
    source_note = models.TextField(_("kildehenvisning"), blank=True)
    direction = models.CharField(
        _("ønsket retning"), max_length=10, choices=Direction.choices, default=Direction.UP
    )
    goal = models.ForeignKey(
        Goal,
        verbose_name=_("målområde"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="indicators",
    )
    # "Plantall": the planned series a realised series is compared with.
    compare_with = models.ForeignKey(
        "self",
        verbose_name=_("sammenlignes med"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="compared_by",
    )
    is_key = models.BooleanField(_("nøkkeltall i rapporten"), default=False)
    is_illustrative = models.BooleanField(_("illustrative tall"), default=False)

    class Meta:
        verbose_name = _("indikator")
        verbose_name_plural = _("indikatorer")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class IndicatorValue(models.Model):
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indikator"), on_delete=models.CASCADE, related_name="values"
    )
    year = models.PositiveSmallIntegerField(_("år"))
    # Optional breakdown, e.g. a city district; "" is the whole municipality.
    breakdown = models.CharField(_("inndeling"), max_length=100, blank=True, default="")
    value = models.DecimalField(_("verdi"), max_digits=14, decimal_places=2, null=True, blank=True)
    # SSB's symbols for missing values: ".." not available, ":" suppressed, "-" nil.
    symbol = models.CharField(_("symbol"), max_length=3, blank=True)
    note = models.CharField(_("merknad"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("indikatorverdi")
        verbose_name_plural = _("indikatorverdier")
        ordering = ["indicator", "breakdown", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year", "breakdown"], name="indicator_value_unique"
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.indicator} {self.year}: {self.value if self.value is not None else self.symbol}"
        )


class IndicatorTarget(models.Model):
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indikator"), on_delete=models.CASCADE, related_name="targets"
    )
    year = models.PositiveSmallIntegerField(_("år"))
    value = models.DecimalField(_("mål"), max_digits=14, decimal_places=2)
    note = models.CharField(_("merknad"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("indikatormål")
        verbose_name_plural = _("indikatormål")
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="indicator_target_unique")
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.year}: {self.value}"


class Challenge(models.Model):
    """An utfordring mapped in the analyses; measures answer challenges."""

    class Area(models.TextChoices):
        GENERAL = "general", _("Generell boligutvikling")
        SOCIAL = "social", _("Boligsosiale forhold")
        ORGANISATION = "organisation", _("Organisering, samarbeid og kompetanse")

    goal = models.ForeignKey(
        Goal,
        verbose_name=_("målområde"),
        on_delete=models.CASCADE,
        related_name="challenges",
    )
    area = models.CharField(_("område"), max_length=20, choices=Area.choices)
    title = models.CharField(_("utfordring"), max_length=300)
    evidence = models.TextField(_("kunnskapsgrunnlag"), blank=True)
    analysis = models.ForeignKey(
        Analysis,
        verbose_name=_("analyse"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="challenges",
    )

    class Meta:
        verbose_name = _("utfordring")
        verbose_name_plural = _("utfordringer")
        ordering = ["goal__number", "id"]

    def __str__(self) -> str:
        return self.title
