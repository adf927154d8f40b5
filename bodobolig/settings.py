"""Settings for Bodø bolig, read from environment variables only.

Every variable is documented in `.env.example`. The defaults are the embedded
development setup: SQLite, tasks run in process, e-mail to the console.
"""

import datetime as dt
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from bodobolig.env import (
    env_bool,
    env_int,
    env_list,
    env_str,
    password_in_url,
    refuse_example_values,
)

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=True)

SECRET_KEY = env_str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-never-use-in-production"
# Placeholders from .env.example and the docs: a copied example file must not reach production.
EXAMPLE_VALUES = frozenset({"change-me", "changeme", "secret", "password", "bodobolig"})
if not DEBUG:
    refuse_example_values(
        SECRET_KEY=SECRET_KEY,
        EMAIL_HOST_PASSWORD=env_str("EMAIL_HOST_PASSWORD", default=""),
        OIDC_RP_CLIENT_SECRET=env_str("OIDC_RP_CLIENT_SECRET", default=""),
        DATABASE_URL=password_in_url(env_str("DATABASE_URL", default="")),
        examples=EXAMPLE_VALUES,
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", default=[])

# The municipality this installation serves: only data and settings are local.
MUNICIPALITY_NAME = env_str("MUNICIPALITY_NAME", default="Bodø kommune")
MUNICIPALITY_NUMBER = env_str("MUNICIPALITY_NUMBER", default="1804")
# Where the accessibility statement asks users to report barriers.
ACCESSIBILITY_CONTACT_EMAIL = env_str(
    "ACCESSIBILITY_CONTACT_EMAIL", default="bolig@bodo.kommune.no"
)
# Counts of persons or households below this show as "<5" outside the staff (bodobolig.disclosure).
SMALL_COUNT_THRESHOLD = env_int("SMALL_COUNT_THRESHOLD", default=5)
if SMALL_COUNT_THRESHOLD < 3:
    raise ImproperlyConfigured("SMALL_COUNT_THRESHOLD must be at least 3 (SSB's minimum).")
# Largest statistics file (CSV or JSON-stat) an import accepts, in bytes.
STATISTICS_IMPORT_MAX_BYTES = env_int("STATISTICS_IMPORT_MAX_BYTES", default=20 * 1024 * 1024)
# Imports with at least this many values run in the worker, with a page that follows them.
STATISTICS_IMPORT_WORKER_ROWS = env_int("STATISTICS_IMPORT_WORKER_ROWS", default=20_000)
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
    # The front page, the plan list and the landing after login: above every app.
    "portal",
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

# Forms render through the project's templates (templates/forms/: Designsystemet markup);
# selects are written in Python (bodobolig/forms.py).
FORM_RENDERER = "bodobolig.forms.FormRenderer"

WSGI_APPLICATION = "bodobolig.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", default=0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT: the planner's cost of the dashboard's correlated subqueries passes
    # jit_above_cost, and compiling took 1.5 s of the 2.1 s query at 20,000 measures
    # (benchmarks/explain.py); short web queries never win back the compile time.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
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
# Hearing responses' attachments: never served as media, only through a permission check.
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "private_media")))
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
# Seconds an SMTP connection may hang: a notice stuck "sending" longer than this lost its worker.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", default=30)
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", default=str(BASE_DIR / "var" / "mail"))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", default="Bodø bolig <bolig@bodo.kommune.no>")
EMAIL_SUBJECT_PREFIX = env_str("EMAIL_SUBJECT_PREFIX", default="[Bodø bolig] ")

# Celery: Redis as broker (no result store). Without REDIS_URL the embedded
# default runs every task in process, so a newcomer needs no server.
REDIS_URL = env_str("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://"
# No result backend: nothing reads task results, and a Redis result store that is down
# made every write that queues a task wait ~19 s for its reconnect retries.
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
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
# Hearings: responses one client address may send per hour through the public form, and
# how many days before the deadline invited consultees who have not answered are reminded.
HEARING_RESPONSES_PER_HOUR = env_int("HEARING_RESPONSES_PER_HOUR", default=5)
HEARING_REMINDER_DAYS = env_int("HEARING_REMINDER_DAYS", default=7)
# Behind the reverse proxy every request comes from the proxy's address: name the request
# header the proxy *sets* to the visitor's address (e.g. HTTP_X_REAL_IP, or
# HTTP_X_FORWARDED_FOR, of which the last entry is used). Empty: REMOTE_ADDR.
CLIENT_ADDRESS_HEADER = env_str("CLIENT_ADDRESS_HEADER", default="")

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
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0

# =============================================================================
# Security and sign-in: headers, sessions, proxy, throttling, OpenID Connect.
# One block on purpose (other branches edit this file): add, don't scatter.
# =============================================================================

# --- Behind the reverse proxy ------------------------------------------------
# Trust X-Forwarded-Proto / X-Forwarded-For only when gunicorn is reachable solely
# through the TLS proxy (docker-compose publishes it on 127.0.0.1 only). Anyone who
# can reach gunicorn directly could otherwise claim HTTPS or any client address.
BEHIND_PROXY = env_bool("BEHIND_PROXY", default=False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None

# --- Sessions: shared municipal PCs --------------------------------------------
# The session ends when the browser closes, and after SESSION_IDLE_MINUTES without a
# request (bodobolig.middleware.SessionIdleMiddleware renews it at most once a minute).
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", default=60) * 60

# --- Content-Security-Policy (django-csp) --------------------------------------
# Every page passes this policy: no inline <script>, no style="" attributes, no
# inline event handlers; scripts and styles are files under /static/. A page that
# needs more must change its markup, not this policy (tests/browser/test_csp.py
# lists the pages checked in Chromium for violations; add yours there).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"] + env_list("CSP_FORM_ACTION_EXTRA", default=[]),
        "frame-ancestors": ["'none'"],
    }
}
# Browser features no page uses (bodobolig.middleware.SecurityHeadersMiddleware).
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_REFERRER_POLICY = "same-origin"

# --- check --deploy ------------------------------------------------------------
SILENCED_SYSTEM_CHECKS = [
    # security.W021 (SECURE_HSTS_PRELOAD): the HSTS preload list takes registrable
    # domains only; a municipal sub-domain (bolig.bodo.kommune.no) cannot be submitted
    # alone, and preloading the municipality's domain is not this app's decision.
    "security.W021",
]

# --- Passwords -------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS += [
    {"NAME": "bodobolig.passwords.CommonNorwegianPasswordValidator"},
]

# --- Login throttling (django-axes) ---------------------------------------------
# After LOGIN_FAILURE_LIMIT wrong passwords for one user name, or from one client
# address, local login is refused for LOGIN_LOCKOUT_MINUTES; a coordinator can lift
# the lock at /innlogging/sperrer/ (plans.sign_in).
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "plans.sign_in.lockout_response"
AXES_CLIENT_IP_CALLABLE = "plans.sign_in.client_ip"
AXES_VERBOSE = False

# --- Sign-in: local passwords and OpenID Connect ------------------------------
# LOCAL_LOGIN: "all" (the demo, and any installation without an identity provider),
# "admins" (only superusers may use a password; staff sign in with OIDC) or "off".
LOCAL_LOGIN = env_str("LOCAL_LOGIN", default="all")
if LOCAL_LOGIN not in {"all", "admins", "off"}:
    raise ImproperlyConfigured(f"LOCAL_LOGIN must be all, admins or off, not {LOCAL_LOGIN!r}.")
OIDC_RP_CLIENT_ID = env_str("OIDC_RP_CLIENT_ID", default="")
OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID)
OIDC_RP_CLIENT_SECRET = env_str("OIDC_RP_CLIENT_SECRET", default="")
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("OIDC_OP_AUTHORIZATION_ENDPOINT", default="")
OIDC_OP_TOKEN_ENDPOINT = env_str("OIDC_OP_TOKEN_ENDPOINT", default="")
OIDC_OP_USER_ENDPOINT = env_str("OIDC_OP_USER_ENDPOINT", default="")
OIDC_OP_JWKS_ENDPOINT = env_str("OIDC_OP_JWKS_ENDPOINT", default="")
# The provider's end-session endpoint: signing out of the app signs a person who came
# through the provider out there too (empty: only out of the app).
OIDC_OP_LOGOUT_ENDPOINT = env_str("OIDC_OP_LOGOUT_ENDPOINT", default="")
OIDC_OP_LOGOUT_URL_METHOD = "plans.sign_in.provider_logout_url"
OIDC_STORE_ID_TOKEN = True  # in the (database) session: the hint for the end-session call
OIDC_RP_SIGN_ALGO = env_str("OIDC_RP_SIGN_ALGO", default="RS256")
OIDC_RP_SCOPES = env_str("OIDC_RP_SCOPES", default="openid email profile")
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 10
# Which claim names the person (the user name here), carries the groups and the department.
OIDC_USERNAME_CLAIM = env_str("OIDC_USERNAME_CLAIM", default="preferred_username")
OIDC_GROUPS_CLAIM = env_str("OIDC_GROUPS_CLAIM", default="groups")
OIDC_DEPARTMENT_CLAIM = env_str("OIDC_DEPARTMENT_CLAIM", default="department")
# Identity-provider groups (names or Entra object ids) that give each role; a person
# in none of them is refused.
OIDC_ROLE_GROUPS = {
    "coordinator": env_list("OIDC_GROUPS_COORDINATOR", default=[]),
    "lead": env_list("OIDC_GROUPS_LEAD", default=[]),
    "politician": env_list("OIDC_GROUPS_POLITICIAN", default=[]),
}
if OIDC_ENABLED and not all(
    [OIDC_OP_AUTHORIZATION_ENDPOINT, OIDC_OP_TOKEN_ENDPOINT, OIDC_OP_USER_ENDPOINT]
):
    raise ImproperlyConfigured(
        "OIDC_RP_CLIENT_ID is set: OIDC_OP_AUTHORIZATION_ENDPOINT, OIDC_OP_TOKEN_ENDPOINT "
        "and OIDC_OP_USER_ENDPOINT must be set too."
    )
LOGIN_REDIRECT_URL_FAILURE = "/logg-inn/"  # a path: mozilla-django-oidc does not resolve names
AUTHENTICATION_BACKENDS = [
    # First: refuses every backend while a user name or address is locked out.
    "axes.backends.AxesStandaloneBackend",
    "plans.sign_in.LocalPasswordBackend",
    "plans.sign_in.MunicipalOIDCBackend",
]
INSTALLED_APPS += ["csp", "axes", "mozilla_django_oidc"]
MIDDLEWARE += [
    "csp.middleware.CSPMiddleware",
    "bodobolig.middleware.SecurityHeadersMiddleware",
    "bodobolig.middleware.SessionIdleMiddleware",
    # Last, as django-axes requires.
    "axes.middleware.AxesMiddleware",
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", default="INFO")},
    # WeasyPrint logs every layout step at INFO; its warnings still show.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # django-axes logs every sign-in at INFO; lockouts still show as warnings.
        "axes": {"level": "WARNING"},
    },
}
