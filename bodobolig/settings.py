"""Settings for Bodø bolig, read from environment variables only.

Every variable is documented in `.env.example`. The defaults are the embedded
development setup: SQLite, tasks run in process, e-mail to the console.
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from bodobolig.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=True)

SECRET_KEY = env_str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-never-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", default=[])

# The municipality this installation serves: only data and settings are local.
MUNICIPALITY_NAME = env_str("MUNICIPALITY_NAME", default="Bodø kommune")
MUNICIPALITY_NUMBER = env_str("MUNICIPALITY_NUMBER", default="1804")
SITE_BASE_URL = env_str("SITE_BASE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Django's own form widget templates, for FORM_RENDERER below.
    "django.forms",
    # Audit history of measures, implementation plans and status updates.
    "simple_history",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    # Swagger UI's files for /api/v1/docs/, served as our own static files (no CDN).
    "drf_spectacular_sidecar",
    "bodobolig",
    "plans",
    "analyses",
    "measures",
    "hearings",
    # API tokens, calendar feeds and archive export: reads from every app, so on top.
    "integrations",
    # Demo and generated data: the load_demo and generate_data commands (no models).
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "bodobolig.middleware.NorwegianFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "bodobolig.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "bodobolig.context_processors.site",
            ],
        },
    },
]

# Forms render through the project's templates (templates/forms/: Designsystemet markup).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

WSGI_APPLICATION = "bodobolig.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", default=0),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", _("Norsk bokmål")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# E-mail: the console in development, SMTP in production (EMAIL_URL-free on purpose:
# municipal SMTP relays are configured field by field).
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env_int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", default=str(BASE_DIR / "var" / "mail"))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", default="Bodø bolig <bolig@bodo.kommune.no>")
EMAIL_SUBJECT_PREFIX = env_str("EMAIL_SUBJECT_PREFIX", default="[Bodø bolig] ")

# Celery: Redis as broker and result store. Without REDIS_URL the embedded
# default runs every task in process, so a newcomer needs no server.
REDIS_URL = env_str("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A broker that is down must not hang the user's request: publish fails fast,
# the row stays queued and the next sweep picks it up.
CELERY_BROKER_TRANSPORT_OPTIONS = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2}
CELERY_TIMEZONE = TIME_ZONE
REMINDER_SWEEP_HOUR = env_int("REMINDER_SWEEP_HOUR", default=7)

REST_FRAMEWORK = {
    # Token first: its WWW-Authenticate header makes a missing or bad key a 401.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "integrations.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["bodobolig.permissions.ReadOnlyForVisible"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "bodobolig.api_limits.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_CLASSES": [
        "bodobolig.api_limits.AnonThrottle",
        "bodobolig.api_limits.UserThrottle",
    ],
    "DEFAULT_SCHEMA_CLASS": "bodobolig.api.Schema",
    "EXCEPTION_HANDLER": "bodobolig.api.exception_handler",
}
# Requests per client (IP for anonymous, user for a token or session); 429 beyond.
API_THROTTLE_RATES = {
    "anon": env_str("API_THROTTLE_ANON", default="120/min"),
    "user": env_str("API_THROTTLE_USER", default="1200/min"),
}
# The screening basis written on exempt documents in archive packages (a private person's
# identity withheld from publication); the municipality's archive decides the wording.
ARCHIVE_SCREENING_BASIS = env_str(
    "ARCHIVE_SCREENING_BASIS", default="Offl. § 13 jf. fvl. § 13 første ledd nr. 1"
)
SPECTACULAR_SETTINGS = {
    "TITLE": "Bodø bolig API",
    "VERSION": "1.0.0",
    "DESCRIPTION": (
        "Boligpolitisk handlingsplan: planer, mål, strategier, tiltak og oppfølging. "
        "Anonyme kall ser det publikum ser; send `Authorization: Token <nøkkel>` "
        "(nøkler lages under Integrasjoner i appen) for det rollen din har lov til."
    ),
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several models have a "status"; name each choice set after its model.
    "ENUM_NAME_OVERRIDES": {
        "PlanStatusEnum": "plans.models.Plan.Status",
        "MeasureStatusEnum": "measures.status.MeasureStatus",
        "ImplementationPlanStatusEnum": "measures.status.ImplementationPlanStatus",
        "ReportingRoundStatusEnum": "measures.models.ReportingRound.Status",
        "FundingRequestStatusEnum": "measures.models.FundingRequest.Status",
        "CouncilReportStatusEnum": "measures.models.CouncilReport.Status",
        "HearingStatusEnum": "hearings.models.Hearing.Status",
    },
}

SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", default="INFO")},
    # WeasyPrint logs every layout step at INFO; its warnings still show.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
