"""The housing analyses behind a plan: documents, indicators and mapped challenges."""

from django.conf import settings
from django.db import models
from django.db.models import Q
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
    indicators = models.ManyToManyField(
        "Indicator", verbose_name=_("indikatorer"), blank=True, related_name="analyses"
    )

    class Meta:
        verbose_name = _("boliganalyse")
        verbose_name_plural = _("boliganalyser")
        ordering = ["-year", "title"]

    def __str__(self) -> str:
        return self.title


def home_region_code() -> str:
    """The installation's own municipality (MUNICIPALITY_NUMBER, e.g. 1804 Bodø)."""
    return settings.MUNICIPALITY_NUMBER


class Region(models.Model):
    """A region a figure can be given for: the municipality, its KOSTRA group, the
    county, the whole country. Codes as SSB writes them (1804, EKA18, EAK)."""

    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Kommune")
        KOSTRA_GROUP = "kostra_group", _("KOSTRA-gruppe")
        COUNTY = "county", _("Fylke")
        COUNTRY = "country", _("Landet")

    code = models.CharField(_("kode"), max_length=20, unique=True)
    name = models.CharField(_("navn"), max_length=100)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    sort_order = models.PositiveSmallIntegerField(_("rekkefølge"), default=0)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regioner")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name


# SSB's standard table symbols for a cell without a published figure (DOMAIN.md §2.2).
class Symbol(models.TextChoices):
    NOT_APPLICABLE = ".", _(". Ikke mulig å oppgi tall")
    MISSING = "..", _(".. Tall mangler")
    NOT_YET = "...", _("... Tall kan ikke offentliggjøres ennå")
    CONFIDENTIAL = ":", _(": Vises ikke av hensyn til personvern")
    NIL = "-", _("- Null")


class Indicator(models.Model):
    """A figure followed over time, from SSB or the municipality's own records."""

    class Source(models.TextChoices):
        SSB = "ssb", _("Statistisk sentralbyrå (SSB)")
        KOSTRA = "kostra", _("KOSTRA")
        HUSBANKEN = "husbanken", _("Husbanken")
        INTERNAL = "internal", _("Kommunens egne tall")

    class Frequency(models.TextChoices):
        ANNUAL = "annual", _("Årlig")
        QUARTERLY = "quarterly", _("Kvartalsvis")
        MONTHLY = "monthly", _("Månedlig")

    class Direction(models.TextChoices):
        UP = "up", _("Høyere er bedre")
        DOWN = "down", _("Lavere er bedre")
        NEUTRAL = "neutral", _("Ingen retning")

    code = models.SlugField(_("kode"), max_length=60, unique=True)
    name = models.CharField(_("navn"), max_length=200)
    name_en = models.CharField(_("navn på engelsk"), max_length=200, blank=True)
    unit = models.CharField(_("enhet"), max_length=50)
    description = models.TextField(_("definisjon"), blank=True)
    source = models.CharField(_("kilde"), max_length=20, choices=Source.choices)
    ssb_table = models.CharField(_("SSB-tabell"), max_length=20, blank=True)
    # SSB's ContentsCode / KOSTRA code, e.g. KOSboligSper10000000: how an imported
    # JSON-stat dataset names this indicator.
    source_code = models.CharField(_("SSB-/KOSTRA-kode"), max_length=40, blank=True)
    frequency = models.CharField(
        _("hyppighet"), max_length=10, choices=Frequency.choices, default=Frequency.ANNUAL
    )
    # Persons or households: small counts are hidden from politicians and the public.
    counts_people = models.BooleanField(_("antall personer eller husstander"), default=False)
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
    # A need drawn as a band behind the series, e.g. 300–400 dwellings a year.
    need_low = models.DecimalField(
        _("behov fra"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    need_high = models.DecimalField(
        _("behov til"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    is_key = models.BooleanField(_("nøkkeltall i rapporten"), default=False)
    is_illustrative = models.BooleanField(_("illustrative tall"), default=False)

    class Meta:
        verbose_name = _("indikator")
        verbose_name_plural = _("indikatorer")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(need_low__isnull=True)
                | Q(need_high__isnull=True)
                | Q(need_high__gte=models.F("need_low")),
                name="indicator_need_band_ordered",
                violation_error_message=_("Øvre behov kan ikke være lavere enn nedre."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class IndicatorValue(models.Model):
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indikator"), on_delete=models.CASCADE, related_name="values"
    )
    region = models.CharField(_("region"), max_length=20, default=home_region_code)
    year = models.PositiveSmallIntegerField(_("år"))
    # 0 for the whole year; else the quarter (1–4) or month (1–12) by the indicator's frequency.
    subperiod = models.PositiveSmallIntegerField(_("kvartal/måned"), default=0)
    # Optional breakdown, e.g. a city district; "" is the whole region.
    breakdown = models.CharField(_("inndeling"), max_length=100, blank=True, default="")
    value = models.DecimalField(_("verdi"), max_digits=14, decimal_places=2, null=True, blank=True)
    # SSB's symbol beside a missing value (never turned into 0).
    symbol = models.CharField(_("symbol"), max_length=3, blank=True, choices=Symbol.choices)
    note = models.CharField(_("merknad"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("indikatorverdi")
        verbose_name_plural = _("indikatorverdier")
        ordering = ["indicator", "region", "breakdown", "year", "subperiod"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "region", "year", "subperiod", "breakdown"],
                name="indicator_value_unique_period",
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=False) | ~Q(symbol=""),
                name="indicator_value_or_symbol",
                violation_error_message=_("Oppgi en verdi eller et SSB-symbol."),
            ),
            models.CheckConstraint(
                condition=Q(symbol__in=["", *Symbol.values]),
                name="indicator_value_known_symbol",
                violation_error_message=_("Ukjent SSB-symbol."),
            ),
            models.CheckConstraint(
                condition=Q(subperiod__lte=12), name="indicator_value_subperiod_range"
            ),
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
    indicators = models.ManyToManyField(
        Indicator, verbose_name=_("indikatorer"), blank=True, related_name="challenges"
    )
    # The predecessor plan's challenge this one was carried over from.
    carried_over_from = models.ForeignKey(
        "self",
        verbose_name=_("videreført fra"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="carried_over_to",
    )

    class Meta:
        verbose_name = _("utfordring")
        verbose_name_plural = _("utfordringer")
        ordering = ["goal__number", "id"]

    def __str__(self) -> str:
        return self.title


class StatisticsImport(models.Model):
    """A large import confirmed in the browser and run by the worker; its page follows
    the state (queued → reading → writing → done or failed)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("I kø")
        READING = "reading", _("Leser og kontrollerer filen")
        WRITING = "writing", _("Lagrer verdiene")
        DONE = "done", _("Ferdig")
        FAILED = "failed", _("Feilet")

    file_name = models.CharField(_("fil"), max_length=255)
    path = models.CharField(_("lagret fil"), max_length=255)
    indicator_code = models.CharField(_("indikator"), max_length=60, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    rows = models.PositiveIntegerField(_("verdier i filen"), default=0)
    created = models.PositiveIntegerField(_("nye"), default=0)
    updated = models.PositiveIntegerField(_("oppdatert"), default=0)
    unchanged = models.PositiveIntegerField(_("uendret"), default=0)
    errors = models.JSONField(_("feil"), default=list, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bestilt av"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("bestilt"), auto_now_add=True)
    finished_at = models.DateTimeField(_("ferdig"), null=True, blank=True)

    class Meta:
        verbose_name = _("statistikkimport")
        verbose_name_plural = _("statistikkimporter")
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return self.file_name

    @property
    def is_pending(self) -> bool:
        return self.status in {self.Status.QUEUED, self.Status.READING, self.Status.WRITING}
