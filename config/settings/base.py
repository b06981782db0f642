"""Settings for every environment, read from environment variables.

Without DATABASE_URL the site runs on SQLite under var/; production.py tightens
what must be tight on a public server; test.py makes tests fast and hermetic.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from operations.errors_report import sentry_init  # imports sentry_sdk only when given a DSN

from .logs import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
# Only the development server may run without a configured key; production.py refuses to.
SECRET_KEY = os.environ.get("SECRET_KEY", "insecure-development-key-change-me-" + "x" * 20)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# Links in e-mails, PDFs and QR codes are built from this, never from a request.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_NAME = _("ASEAN Technology Forum on Child Protection Online")

INSTALLED_APPS = [
    "config.apps.OrganiserAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_countries",
    "django_tasks_db",
    "people",
    "documents",
    "forum",
    "trainings",
    "certificates",
    "surveys",
    "reports",
    "safeguarding",
    "privacy",
    "operations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "operations.request_log.RequestLogMiddleware",  # the request id, one log line per request; see README "Logs"
    "config.middleware.TextGZipMiddleware",  # pages for phones on weak connections; see config/middleware.py
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "people.private_pages.PrivatePagesMiddleware",  # signed-in pages: Cache-Control private, no-store
    "people.middleware.PreferredLanguageLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Last, so it sees a view's exception first: a failed database connection or file storage answers a 503 page,
    # not a 500.
    "operations.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "people.context_processors.roles",
                "forum.context_processors.forum",
                "trainings.context_processors.trainings",
                "certificates.context_processors.certificates",
            ],
        },
    },
]

VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the web process and the task worker share the file.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
# PostgreSQL's JIT compiler: off for the site's connections unless DATABASE_JIT=server (then the server's own setting
# holds, e.g. behind a pooler that refuses startup options: set `ALTER DATABASE ... SET jit = off` there). Its pages ask
# short questions whose estimated cost still passes jit_above_cost on a few thousand rows, and compiling them took
# longer than running them: the dashboard of bench/dashboard.py's 5,000 registrations spent ~110 ms of a 208 ms query
# compiling it.
DATABASE_JIT = os.environ.get("DATABASE_JIT", "off")
if DATABASE_JIT not in {"off", "server"}:
    raise ImproperlyConfigured("DATABASE_JIT is off (the default) or server")
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and DATABASE_JIT == "off":
    _database_options = DATABASES["default"].setdefault("OPTIONS", {})  # the URL's own (?sslmode=...) are kept
    _database_options["options"] = f"{_database_options.get('options', '')} -c jit=off".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "people.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    "people.backends.OrganiserPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# django-allauth: e-mail is the login, verified before first use.
ACCOUNT_ADAPTER = "people.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# The signup form says plainly that an address is taken: people get a clear error.
ACCOUNT_PREVENT_ENUMERATION = False
ACCOUNT_FORMS = {"signup": "people.forms.SignupForm"}
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# The code fields open a phone's number keypad (people/forms.py).
MFA_FORMS = {
    "authenticate": "people.forms.AuthenticateForm",
    "reauthenticate": "people.forms.ReauthenticateForm",
    "activate_totp": "people.forms.ActivateTOTPForm",
}
MFA_TOTP_ISSUER = "ATF COP"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# ASEAN member states first, Timor-Leste included.
COUNTRIES_FIRST = ["BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "TL", "VN"]
COUNTRIES_FIRST_SORT = True

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("km", _("Khmer"))]
# Ours first; locale_vendor holds Khmer for the third-party strings our pages show
# (Django, allauth, django-countries), which makemessages never rewrites.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_vendor"]
LANGUAGE_COOKIE_NAME = "django_language"
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_SAMESITE = "Lax"
# Dates read day-month-year with a 24-hour clock in both languages: config/formats/<language>/formats.py.
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Asia/Phnom_Penh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Files that must never have a public URL (consent forms, passports, signatures, print jobs):
# served only through views that check permission.
PRIVATE_ROOT = Path(os.environ.get("PRIVATE_ROOT", VAR_DIR / "private"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_ROOT), "base_url": None},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
FILE_UPLOAD_PERMISSIONS = 0o640
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

TASKS = {
    "default": {
        # django_tasks_db's, keeping the enqueuing request's id for the task's log lines
        "BACKEND": os.environ.get("TASKS_BACKEND", "operations.backend.RequestIdDatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# Django 6.1 mailers. Console by default; SMTP when EMAIL_BACKEND names it (see README).
_email_backend = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
_email_options: dict = {}
if _email_backend.endswith("smtp.EmailBackend"):
    _email_options = {
        "host": os.environ.get("EMAIL_HOST", "localhost"),
        "port": int(os.environ.get("EMAIL_PORT", "25")),
        "username": os.environ.get("EMAIL_HOST_USER", ""),
        "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS", False),
        "use_ssl": env_bool("EMAIL_USE_SSL", False),
        "timeout": int(os.environ.get("EMAIL_TIMEOUT", "30")),
    }
elif os.environ.get("EMAIL_FILE_PATH"):
    # A file-based mailer (EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend): one file per delivery.
    _email_options = {"file_path": os.environ["EMAIL_FILE_PATH"]}
MAILERS = {"default": {"BACKEND": _email_backend, "OPTIONS": _email_options}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "ATF COP <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Production on several machines (operations/; README "Production") ---
# [cache and sessions] Redis when REDIS_URL is set: the cache, the rate limits and a cache of the sessions are
# shared by every app server.
REDIS_URL = os.environ.get("REDIS_URL", "")
# Seconds to open a connection to Redis and to wait for its answer: a Redis down or cut off costs one page this much
# before operations.cache.ResilientRedisCache serves from each process's own memory (README "Production on several
# machines": rate limits then count per app server); and seconds it is left alone before it is asked again.
CACHE_REDIS_CONNECT_TIMEOUT = float(os.environ.get("CACHE_REDIS_CONNECT_TIMEOUT", "0.25"))
CACHE_REDIS_TIMEOUT = float(os.environ.get("CACHE_REDIS_TIMEOUT", "0.5"))
CACHE_REDIS_RETRY_SECONDS = float(os.environ.get("CACHE_REDIS_RETRY_SECONDS", "5"))
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "operations.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": CACHE_REDIS_CONNECT_TIMEOUT, "socket_timeout": CACHE_REDIS_TIMEOUT},
        }
    }
    # Every session is in the database (shared by every app server, kept through a Redis stop) and read from Redis.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"
# A persistent connection (CONN_MAX_AGE) is checked before a request uses it: after PostgreSQL restarts, the first
# request opens a new one instead of failing on the dead one.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# A request whose database connection fails answers 503 with this Retry-After (operations.middleware).
DATABASE_UNAVAILABLE_RETRY_AFTER = int(os.environ.get("DATABASE_UNAVAILABLE_RETRY_AFTER", "10"))
# /readyz (operations.health) answers 503 when the oldest task ready to run has waited longer than this (seconds):
# the workers are down or far behind.
READINESS_TASK_WAIT_SECONDS = int(os.environ.get("READINESS_TASK_WAIT_SECONDS", "300"))
# Seconds /readyz waits for the file storages to answer before it says they failed (a load balancer's probe must
# not hang on a hanging S3; the storage's own timeouts, STORAGE_S3_*, are longer).
READINESS_STORAGE_SECONDS = float(os.environ.get("READINESS_STORAGE_SECONDS", "1"))
# [end cache and sessions]

# [tasks] Leases on running tasks and the reaper (operations.tasks). `manage.py run_worker` holds a lease on the task
# it runs and renews it every TASKS_HEARTBEAT_SECONDS; a lease not renewed for TASKS_LEASE_SECONDS belongs to a
# worker that died (killed, its machine gone), and the reaper, which every worker runs every
# TASKS_REAP_EVERY_SECONDS, puts its task back in the queue. A task given out TASKS_MAX_ATTEMPTS times is failed
# instead: one that kills its worker must not loop for ever.
TASKS_LEASE_SECONDS = int(os.environ.get("TASKS_LEASE_SECONDS", "60"))
TASKS_HEARTBEAT_SECONDS = float(os.environ.get("TASKS_HEARTBEAT_SECONDS", "10"))
TASKS_REAP_EVERY_SECONDS = float(os.environ.get("TASKS_REAP_EVERY_SECONDS", "15"))
TASKS_MAX_ATTEMPTS = int(os.environ.get("TASKS_MAX_ATTEMPTS", "5"))
# Seconds before each new try of an e-mail the mail server refused for now or did not answer (people.tasks): after
# the last, the e-mail is failed and kept EMAIL_FAILED_KEEP_DAYS to find out why.
EMAIL_RETRY_DELAYS = [int(part) for part in env_list("EMAIL_RETRY_DELAYS", "60,300,900,3600,10800")]
# [end tasks]

# [storage] S3-compatible storage for media and private files (django-storages, built by config/settings/s3.py) when
# STORAGE_S3_BUCKET is set; else both stay on the local disk (above). Credentials are no settings of ours: boto3 reads
# AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (or a profile, an instance role) from the environment.
# The bucket of the media files (prefix "media/") and, unless the next is set, of the private files ("private/").
STORAGE_S3_BUCKET = os.environ.get("STORAGE_S3_BUCKET", "")
# A bucket of their own for the private files (its own policy, encryption, backups); empty: STORAGE_S3_BUCKET.
STORAGE_S3_PRIVATE_BUCKET = os.environ.get("STORAGE_S3_PRIVATE_BUCKET", "")
# The S3 API's address for a provider other than AWS (MinIO, Ceph, Garage...); empty: AWS.
STORAGE_S3_ENDPOINT_URL = os.environ.get("STORAGE_S3_ENDPOINT_URL", "")
# The bucket's region (e.g. ap-southeast-1); empty: boto3's default (AWS_DEFAULT_REGION).
STORAGE_S3_REGION = os.environ.get("STORAGE_S3_REGION", "")
# Seconds to open a connection to S3 and to wait for each of its answers, and how many tries a request makes (the
# first and botocore's retries): a storage down or cut off costs a page this much before it answers 503 (below),
# within the app server's own timeout. botocore's defaults (60 s, 5 tries) would hold a worker for minutes.
STORAGE_S3_CONNECT_TIMEOUT = float(os.environ.get("STORAGE_S3_CONNECT_TIMEOUT", "2"))
STORAGE_S3_READ_TIMEOUT = float(os.environ.get("STORAGE_S3_READ_TIMEOUT", "5"))
STORAGE_S3_MAX_ATTEMPTS = int(os.environ.get("STORAGE_S3_MAX_ATTEMPTS", "2"))
if STORAGE_S3_BUCKET:
    from .s3 import s3_storages

    STORAGES = {
        **STORAGES,
        **s3_storages(
            STORAGE_S3_BUCKET,
            STORAGE_S3_PRIVATE_BUCKET,
            STORAGE_S3_ENDPOINT_URL,
            STORAGE_S3_REGION,
            connect_timeout=STORAGE_S3_CONNECT_TIMEOUT,
            read_timeout=STORAGE_S3_READ_TIMEOUT,
            max_attempts=STORAGE_S3_MAX_ATTEMPTS,
        ),
    }
# A request whose file storage cannot be reached or fails for now (S3 down, timing out, answering 5xx or SlowDown)
# answers 503 with this Retry-After (operations.middleware).
STORAGE_UNAVAILABLE_RETRY_AFTER = int(os.environ.get("STORAGE_UNAVAILABLE_RETRY_AFTER", "30"))
# [end storage]

# [logs] Structured logs and error reporting (operations.logs, operations.errors_report; README "Logs").
# "json" (production's default): one JSON object per line with the request id; "text": the plain messages.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
# Errors go to Sentry (or a compatible server) when this is set, personal data scrubbed from every event.
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
# What an event is filed under ("production" by default in production.py) and the release deployed.
SENTRY_ENVIRONMENT = os.environ.get("SENTRY_ENVIRONMENT", "development")
SENTRY_RELEASE = os.environ.get("SENTRY_RELEASE", "")
sentry_init(dsn=SENTRY_DSN, environment=SENTRY_ENVIRONMENT, release=SENTRY_RELEASE)
# [end logs]

# Django's built-in Content-Security-Policy: our own files only, no inline script or style.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# Where log lines go and how they look (config/settings/logs.py; every handler drops the tokens of personal links):
# LOG_FORMAT above, and LOG_LEVEL, the root logger's level.
LOGGING = logging_config(log_format=LOG_FORMAT, level=os.environ.get("LOG_LEVEL", "INFO"))

# Work that runs by itself (`manage.py run_periodic`, every few minutes: `make run` loops it, production
# runs it from cron or a systemd timer). Each entry is an idempotent callable returning a short summary.
PERIODIC_JOBS: list[str] = [
    # Attempts whose time is over are submitted before completion is decided, so their scores count.
    "trainings.periodic.finish_expired_attempts",
    "trainings.periodic.decide_completions",
    # Surveys open when what they are about ends (a cohort decided above has ended too): invite, then remind.
    "surveys.periodic.send_survey_emails",
    # Invitations not taken up by their nominator's deadline release their place (the waiting list is promoted);
    # nominators with places not used are reminded a week before their deadline.
    "forum.services.nominators.release_expired_nominations",
    "forum.services.nominators.remind_nominators",
    # Whom a started forum edition and an ended cohort reached is copied onto its registrations and enrolments
    # before anything is purged, so the purge (and erasure) never changes a report's totals.
    "forum.services.reach.record_started_editions",
    "trainings.periodic.record_ended_cohorts",
    # Past forum editions forget their passport details the day after the last day, and the rest of their
    # registrations' personal data `personal_data_days` after it (whom they reached is copied just above).
    "privacy.retention.anonymise_past_editions",
    "forum.services.consent.purge_expired_youth_data",
    # Closed safeguarding cases lose their content at the end of their retention; a count by status remains.
    "safeguarding.officers.erase_closed_cases",
    "documents.jobs.clean_jobs",
    # Queued e-mails carry their rendered text, personal links included: delivered ones are forgotten.
    "people.tasks.prune_delivered_emails",
    # Tasks whose worker died go back to the queue (every worker does this too; here for when none is left).
    "operations.tasks.reap_lost_tasks",
]
# What the domain apps read (retention, batch jobs, verification limits, the forum, safeguarding).
from .domain import *  # noqa: E402, F403
