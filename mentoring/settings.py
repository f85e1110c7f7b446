"""Settings for the mentoring app, read from the environment (django-environ).

With nothing set it runs on SQLite, runs Celery tasks in-process and writes
e-mails as files under var/mail/, so `make run` needs nothing else.
Production differs only by environment variables (see README.md).
"""

import os
from pathlib import Path
from typing import Any

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
# A developer's .env (written by `make`) fills in what the real environment does not set. It is
# read only on a developer's machine: never when the environment sets DEBUG itself, and never
# with a real SECRET_KEY (production always has one), so a stray .env cannot turn DEBUG on there.
if (BASE_DIR / ".env").is_file() and "DEBUG" not in os.environ and "SECRET_KEY" not in os.environ:
    env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off (e.g. SECRET_KEY=$(openssl rand -base64 48))."
        )
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Absolute address of the site, for links in e-mails sent outside a request. `make run` sets it to the
# address it serves; in production it must be set (an e-mail with a wrong link is a broken promise).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000" if DEBUG else "").rstrip("/")
if not SITE_URL:
    raise ImproperlyConfigured("SITE_URL must be set when DEBUG is off, e.g. SITE_URL=https://mentoring.example.org.")

INSTALLED_APPS = [
    "django.contrib.admin",
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
    "csp",
    "crispy_forms",
    "crispy_bootstrap5",
    # The ground floor: imports no app of the program.
    "outbox",
    "documents",
    "audit",
    "health",
    "notifications",
    # The program, from the bottom up (docs/architecture.md).
    "profiles",
    "matches",
    "checkins",
    "meetings",
    "agreements",
    "plans",
    "support",
    "match_requests",
    "endings",
    "dashboard",
    "reports",
    "privacy",
    "mentoring",
]

MIDDLEWARE = [
    "core.requestid.RequestIdMiddleware",  # first, so every later log line carries the request's id
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "profiles.mfa.CoordinatorTwoFactorMiddleware",
    # After sessions and auth: it keeps a coordinator's last change in their session (dashboard.snapshot).
    "dashboard.middleware.OwnChangesMiddleware",
    # After auth: a participant agrees to the privacy notice's current version before anything else (V5).
    "privacy.middleware.ConsentMiddleware",
    # Last, so it sees the views' exceptions first: the program's 404 page in development too.
    "mentoring.middleware.NotFoundPageMiddleware",
]

ROOT_URLCONF = "mentoring.urls"
WSGI_APPLICATION = "mentoring.wsgi.application"
# A match's page is the coordinator's, on the dashboard: the project says so, as matches sits floors
# below the dashboard. Every app links to a match by `match.get_absolute_url` (and the admin's
# "view on site"), never by naming the dashboard's URL.
# Reversed the fast way (core.links): the check-ins' and matches' lists link fifty matches a page.


def _match_url(match) -> str:
    from core.links import reverse_fast

    return reverse_fast("dashboard:match", match.pk)


ABSOLUTE_URL_OVERRIDES = {"matches.match": _match_url}

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
                "profiles.context_processors.program",
                "mentoring.context_processors.pages",
                "notifications.context_processors.bell",
            ],
            "libraries": {"links": "core.links", "crispy_fast": "core.crispyfield"},
        },
    },
]

if "DATABASE_URL" not in env:
    VAR_DIR.mkdir(exist_ok=True)  # the development database lives in var/
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# SQLite ignores an index's INCLUDE columns; PostgreSQL, where they matter, uses them.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

REDIS_URL = env.str("REDIS_URL", default="")
# The cache may live in its own Redis database (REDIS_CACHE_URL); allauth keeps rate limits there.
REDIS_CACHE_URL = env.str("REDIS_CACHE_URL", default=REDIS_URL)
if REDIS_CACHE_URL:
    # Django's Redis cache that a Redis outage slows down instead of breaking (core/cache.py);
    # a Redis that hangs is given up on after 2 s.
    CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": REDIS_CACHE_URL,
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "profiles.User"
# Django's and allauth's, loading the person with their role in one query (profiles/backends.py).
AUTHENTICATION_BACKENDS = [
    "profiles.backends.ModelBackend",
    "profiles.backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# django-allauth: e-mail is the login; password or a one-time code; the
# address is verified before anything else; allauth's rate limits stay on.
ACCOUNT_ADAPTER = "profiles.adapters.AccountAdapter"
MFA_ADAPTER = "profiles.adapters.MFAAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "profiles.forms.SignupForm"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 3
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 600
ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS = 3
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
# Whether an address has an account is private (taking part in the program is itself private):
# sign-up, password reset and login by code answer the same for every address, and the owner of
# a known address gets an e-mail instead ("account already exists", with a way to log in or reset).
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
# Behind a proxy every request comes from the proxy's address: allauth's rate limits must read the
# client's own from a header the proxy sets, or ten failed logins by anyone lock everyone out.
# Either the number of proxies that append to X-Forwarded-For, or a header the proxy sets itself.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("ALLAUTH_TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env.str("ALLAUTH_TRUSTED_CLIENT_IP_HEADER", default="") or None
# `check --deploy` warns unless production says how clients reach it: either setting above, or
# ALLAUTH_TRUSTED_PROXY_COUNT=0 set explicitly for an app that no proxy stands in front of.
CLIENT_IP_CHOSEN = "ALLAUTH_TRUSTED_PROXY_COUNT" in os.environ or bool(ALLAUTH_TRUSTED_CLIENT_IP_HEADER)
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"

# Two-factor: an authenticator app or a security key (WebAuthn), with recovery codes; required of
# coordinators (profiles/mfa.py). Browsers allow security keys on https:// and on http://localhost only.
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
MFA_TOTP_ISSUER = env.str("MFA_TOTP_ISSUER", default="Mentoring program")

# Django's form renderer with the plainest widgets written out in Python, the same markup (core/widgets.py).
FORM_RENDERER = "core.widgets.FormRenderer"
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail: files under var/mail/ in development, SMTP when EMAIL_URL is set.
EMAIL_URL = env.str("EMAIL_URL", default="")
if EMAIL_URL:
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=str(VAR_DIR / "mail"))
# Seconds to wait for the mail server before giving up (the message is retried later).
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Mentoring program <mentoring@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: Redis as broker when REDIS_URL is set; otherwise tasks run in-process.
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
# Tests give their worker a queue of its own, so no other worker takes their tasks.
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="celery")
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# No task runs longer than this; the broker redelivers an unacknowledged task only after
# the visibility timeout, which is longer than the longest task.
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=240)
CELERY_TASK_TIME_LIMIT = CELERY_TASK_SOFT_TIME_LIMIT + 60
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_TASK_TIME_LIMIT * 2}
# A request that cannot reach the broker gives up quickly: the outbox sweep sends its e-mails later.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}

# The outbox (outbox/sending.py): how many messages a worker claims at once, how long a claim
# lasts before the sweep takes it back from a dead worker, how long one flush may run, and
# how often the sweep looks for what is due.
OUTBOX_BATCH_SIZE = env.int("OUTBOX_BATCH_SIZE", default=50)
OUTBOX_CLAIM_TIMEOUT = env.int("OUTBOX_CLAIM_TIMEOUT", default=CELERY_TASK_TIME_LIMIT)
OUTBOX_FLUSH_SECONDS = env.int("OUTBOX_FLUSH_SECONDS", default=60)
OUTBOX_MARK_EVERY = env.int("OUTBOX_MARK_EVERY", default=20)  # accepted messages marked sent in one statement
# A temporary refusal (4xx, a timeout, no answer) is retried, the waits doubling from the first to the longest,
# until the e-mail is older than the queue's lifetime (seconds; five days, as mail servers keep mail queued).
OUTBOX_RETRY_SECONDS = env.float("OUTBOX_RETRY_SECONDS", default=30)
OUTBOX_RETRY_MAX_SECONDS = env.float("OUTBOX_RETRY_MAX_SECONDS", default=3600)
OUTBOX_QUEUE_LIFETIME = env.int("OUTBOX_QUEUE_LIFETIME", default=5 * 24 * 3600)
# /health/ answers 503 when e-mails have been due (for a worker to send) this many seconds: the sweep runs every
# minute and 8,000 check-ins go out in under 20 s, so 5 minutes of waiting means no worker is sending.
OUTBOX_BACKLOG_ALARM_SECONDS = env.int("OUTBOX_BACKLOG_ALARM_SECONDS", default=300)
OUTBOX_SWEEP_SECONDS = env.float("OUTBOX_SWEEP_SECONDS", default=60)

CELERY_BEAT_SCHEDULE = {
    # Sends whatever e-mail is due that no task took care of (a lost task, a killed worker, a retry).
    "outbox-sweep": {"task": "outbox.tasks.outbox_flush_task", "schedule": OUTBOX_SWEEP_SECONDS},
    # Opens the month's check-ins on the program's check-in day; sends reminders every day.
    "checkins-daily": {"task": "checkins.tasks.checkins_daily_task", "schedule": crontab(hour=7, minute=0)},
    # One e-mail to the coordinators about new applications, when there are any.
    "applications-digest": {"task": "profiles.tasks.applications_digest_task", "schedule": crontab(hour=8, minute=0)},
    # One reminder about the closing survey, a week after a partnership closed.
    "surveys-daily": {"task": "endings.tasks.surveys_remind_task", "schedule": crontab(hour=7, minute=30)},
    # Finishes any agreement signed by both whose PDF and e-mails a lost task did not make.
    "agreements-finalise": {"task": "agreements.tasks.agreements_finalise_pending_task", "schedule": 300},
    # Reminds both partners of an action plan checkpoint coming up (ProgramSettings.checkpoint_reminder_days).
    "plans-daily": {"task": "plans.tasks.plans_daily_task", "schedule": crontab(hour=7, minute=10)},
    # Reminds both partners of a planned meeting (ProgramSettings.meeting_reminder_days and _hour), once.
    "meetings-reminders": {"task": "meetings.tasks.meetings_remind_task", "schedule": crontab(minute="*/10")},
    # From the day after a planned meeting, asks both partners once whether it was held.
    "meetings-ask": {"task": "meetings.tasks.meetings_ask_task", "schedule": crontab(hour=8, minute=20)},
    # The daily digest of notifications, for those who chose it (once per person and day).
    "notifications-digest": {
        "task": "mentoring.tasks.notifications_digest_task",
        "schedule": crontab(hour=17, minute=0),
    },
    # Proves beat and a worker are alive: /health/ and the dashboard warn when it is over 26 h old.
    "health-heartbeat": {"task": "health.tasks.heartbeat_task", "schedule": crontab(hour=6, minute=50)},
    # Passes each request a mentor did not answer in time to the mentee's next choice (M8).
    "requests-expire": {"task": "match_requests.tasks.requests_expire_task", "schedule": crontab(minute=5)},
    # Recomputes the coordinator's dashboard figures and keeps them (dashboard.snapshot): the only refresh.
    "dashboard-snapshot": {"task": "dashboard.tasks.snapshot_refresh_task", "schedule": 60},
    # Recomputes the running program year's report figures before their copy runs out (reports.selectors).
    "reports-current-year": {"task": "reports.tasks.current_year_refresh_task", "schedule": 600},
    # Deletes what partners wrote once it is past the retention settings (privacy.PrivacySettings); counts kept.
    "privacy-retention": {"task": "privacy.tasks.retention_daily_task", "schedule": crontab(hour=3, minute=30)},
}

# The privacy notice's version (templates/privacy/notice.html): changing it asks every participant to agree
# again at their next visit (privacy/middleware.py). Tests switch the asking off (conftest.py) unless they test it.
PRIVACY_NOTICE_VERSION = "2026-12"
PRIVACY_ASK_CONSENT = env.bool("PRIVACY_ASK_CONSENT", default=True)

LANGUAGE_CODE = "en-us"
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
TIME_ZONE_CHOSEN = "TIME_ZONE" in os.environ  # `check --deploy` warns when production runs on the default
# Beat's hours are the program's: check-ins open at 07:00 and retention runs at 03:30 local time, not at midnight
# in Alberta (07:00 UTC); celery moves them with daylight saving time.
CELERY_TIMEZONE = TIME_ZONE
USE_I18N = True
# The program's own wording over its libraries': one way everywhere ("Log in", not allauth's "Sign In").
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = env.str("MEDIA_ROOT", default=str(VAR_DIR / "media"))
MEDIA_URL = "media/"
# Generated documents (signed agreements' PDFs) go where every web node and worker reaches them:
# the database by default (no new service; one pg_dump holds everything), or S3-compatible
# object storage through django-storages (README.md, "Production"). `manage.py documents_import`
# moves files an older version left under MEDIA_ROOT.
DOCUMENTS_STORAGE = env.str("DOCUMENTS_STORAGE", default="database")
if DOCUMENTS_STORAGE == "database":
    _documents: dict[str, Any] = {"BACKEND": "documents.storage.DatabaseStorage"}
elif DOCUMENTS_STORAGE == "s3":
    _documents = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("DOCUMENTS_S3_BUCKET"),
            "endpoint_url": env.str("DOCUMENTS_S3_ENDPOINT_URL", default=None),
            "region_name": env.str("DOCUMENTS_S3_REGION", default=None),
            "access_key": env.str("DOCUMENTS_S3_ACCESS_KEY_ID", default=None),
            "secret_key": env.str("DOCUMENTS_S3_SECRET_ACCESS_KEY", default=None),
            "location": env.str("DOCUMENTS_S3_PREFIX", default="documents"),
            "default_acl": "private",
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }
else:
    raise ImproperlyConfigured(f"DOCUMENTS_STORAGE must be 'database' or 's3', not {DOCUMENTS_STORAGE!r}.")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "documents": _documents,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

MESSAGE_TAGS = {40: "danger"}

# Security: on by default whenever DEBUG is off, so `check --deploy` is clean.
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^health/$", r"^healthz$"]  # monitors probe nodes directly over HTTP
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): the site's own scripts, styles and images only; no inline
# script or style anywhere (templates use classes from static/css/site.css). data: images are
# Bootstrap's own icons (select arrows, check marks) and the QR code of the two-factor set-up.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

# Errors reach someone: Sentry for the web and the workers when SENTRY_DSN is set (core/sentry.py
# scrubs what participants write); otherwise production logs JSON lines with the request id.
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    from core.sentry import sentry_init

    sentry_init(
        dsn=SENTRY_DSN,
        environment=env.str("SENTRY_ENVIRONMENT", default="production"),
        release=env.str("SENTRY_RELEASE", default=""),
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )
LOG_FORMAT = env.str("LOG_FORMAT", default="console" if DEBUG or SENTRY_DSN else "json")
CELERY_WORKER_HIJACK_ROOT_LOGGER = LOG_FORMAT != "json"  # workers log JSON lines too

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "core.logs.RequestIdFilter"}},
    "formatters": {"json": {"()": "core.logs.JsonLinesFormatter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["request_id"]}
        | ({"formatter": "json"} if LOG_FORMAT == "json" else {}),
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # WeasyPrint reports each rendering step at INFO; its warnings (a refused URL) still show.
    "loggers": {
        "weasyprint.progress": {"level": "WARNING"},
        # Tasks run in-process in development: their one-line "succeeded" reports would drown the console.
        "celery.app.trace": {"level": "INFO" if REDIS_URL else "WARNING"},
    },
}
