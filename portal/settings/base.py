"""Settings shared by every environment, read from the environment with development defaults.

With nothing set this is the *embedded default*: SQLite, Celery tasks executed in-process, e-mail to the
console, a local-memory cache. Setting ``DATABASE_URL`` and ``REDIS_URL`` moves the same code onto
PostgreSQL and Redis. ``portal.settings.production`` tightens what must never be left to a default.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A local ``.env`` (never committed) may hold developer overrides.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-secret-key-change-me")  # noqa: S105
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Public base URL: used in e-mails, PDF receipts (verification QR code), feeds and the СЕОС endpoint.
BASE_URL = env.str("BASE_URL", default="http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = BASE_URL

INSTALLED_APPS = [
    "portal",
    "home",
    "documents",
    "documents.exchange",
    "services",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.table_block",
    "wagtail.contrib.typed_table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_celery_beat",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    # Liveness/readiness answer before host checks and HTTPS redirects: probes come over plain HTTP.
    "portal.health.HealthCheckMiddleware",
    "portal.middleware.RequestIDMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "portal.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "portal.middleware.StaffSessionTimeoutMiddleware",
    "portal.twofactor.middleware.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a lockout raised during authentication into its response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "portal.wsgi.application"

# --- Database -------------------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several threads (gunicorn, eager tasks, tests) write to one file: wait instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, Celery --------------------------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="portal"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=REDIS_URL or "cache+memory://")
# Without a broker the embedded default runs every task in-process, right after the commit that queued it.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
# ... and, with no beat either, `runserver` publishes scheduled pages from a thread (home.scheduler).
PUBLISH_SCHEDULED_IN_RUNSERVER = env.bool("PUBLISH_SCHEDULED_IN_RUNSERVER", default=True)
CELERY_TASK_EAGER_PROPAGATES = env.bool("CELERY_TASK_EAGER_PROPAGATES", default=False)
CELERY_TASK_ACKS_LATE = True  # a worker killed mid-task leaves the task to be redelivered
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = "Europe/Sofia"
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Several portals may share one Redis (tests run two СЕОС instances side by side): a queue name each.
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="portal")
# Periodic work; each app adds its entries in its AppConfig.ready() through portal.schedule.
CELERY_BEAT_SCHEDULE: dict = {}

# --- СЕОС (documents.exchange): our identity as a participant, keys, limits -------------------------
# Development defaults are fictitious; production sets the GUID and EIK the registry knows us by.
SEOS_GUID = env.str("SEOS_GUID", default="{5eb1c4e8-0b1a-4c6e-9d39-2f6a1b7c0d01}")
SEOS_EIK = env.str("SEOS_EIK", default="000000000")
SEOS_NAME = env.str("SEOS_NAME", default="Областна администрация Русе")
SEOS_KEY_FILE = env.str("SEOS_KEY_FILE", default=str(BASE_DIR / "var" / "seos" / "seos-key.pem"))
SEOS_KEY_PASSWORD = env.str("SEOS_KEY_PASSWORD", default="")
SEOS_CERT_FILE = env.str("SEOS_CERT_FILE", default=str(BASE_DIR / "var" / "seos" / "seos-cert.pem"))
# Our endpoint's public address as registered with the СЕОС registry (the WSDL's soap:address); empty =
# BASE_URL + /seos/. Set it when the proxy publishes the exchange on its own port or host.
SEOS_ENDPOINT_URL = env.str("SEOS_ENDPOINT_URL", default="")
# Mutual TLS towards other participants' endpoints (client certificate + key, PEM) and the CA bundle
# that their server certificates must chain to; empty = no client certificate / the system's CAs.
SEOS_CLIENT_CERT = env.str("SEOS_CLIENT_CERT", default="")
SEOS_CLIENT_KEY = env.str("SEOS_CLIENT_KEY", default="")
SEOS_CA_BUNDLE = env.str("SEOS_CA_BUNDLE", default="")
# СЕОС endpoints are HTTPS with client certificates; an http:// participant address would send signed
# documents in the clear, so outside development and tests it is refused unless allowed here.
SEOS_ALLOW_PLAIN_HTTP = env.bool("SEOS_ALLOW_PLAIN_HTTP", default=False)
SEOS_MAX_MESSAGE_BYTES = env.int("SEOS_MAX_MESSAGE_BYTES", default=40 * 1024 * 1024)
SEOS_MAX_ATTACHMENT_BYTES = env.int("SEOS_MAX_ATTACHMENT_BYTES", default=25 * 1024 * 1024)
# Delivery: (connect, read) timeouts in seconds; attempts with exponential backoff (seconds, capped).
SEOS_HTTP_TIMEOUT = (
    env.float("SEOS_HTTP_CONNECT_TIMEOUT", default=10),
    env.float("SEOS_HTTP_READ_TIMEOUT", default=120),
)
SEOS_DELIVERY_MAX_ATTEMPTS = env.int("SEOS_DELIVERY_MAX_ATTEMPTS", default=10)
SEOS_RETRY_BACKOFF = env.int("SEOS_RETRY_BACKOFF", default=30)
SEOS_RETRY_BACKOFF_MAX = env.int("SEOS_RETRY_BACKOFF_MAX", default=3600)
SEOS_REQUEUE_SECONDS = env.int("SEOS_REQUEUE_SECONDS", default=60)

# --- E-mail ---------------------------------------------------------------------------------------
_email = env.email_url("EMAIL_URL", default="consolemail://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST", "")
EMAIL_PORT = _email.get("EMAIL_PORT") or 25
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="portal@ruse.government.bg")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Auth -----------------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "wagtailadmin_login"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out username+IP before the password is checked
    "django.contrib.auth.backends.ModelBackend",
]

# Login lockout (django-axes): by username AND IP together, so that an attacker elsewhere cannot lock a
# clerk out; counters live in the shared Redis cache and expire after the cool-off. The embedded default
# has no shared cache (a local-memory cache is per process), so there they live in the database.
AXES_HANDLER = (
    "axes.handlers.cache.AxesCacheHandler" if REDIS_URL else "axes.handlers.database.AxesDatabaseHandler"
)
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Further failures during a lockout do not extend it: the cool-off really ends.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_TEMPLATE = "portal/lockout.html"
AXES_VERBOSE = False  # portal.security logs the events, without passwords or personal data
# Number of reverse proxies in front of gunicorn that append to X-Forwarded-For (0: use REMOTE_ADDR).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "portal.security.forwarded_client_ip"

# Two-factor authentication (TOTP, django-otp) for every account that can see the registry or administer
# the site; see portal.twofactor. Editors too when REQUIRE_2FA_FOR_EDITORS. dev.py relaxes it for the demo.
REQUIRE_2FA = env.bool("REQUIRE_2FA", default=True)
REQUIRE_2FA_FOR_EDITORS = env.bool("REQUIRE_2FA_FOR_EDITORS", default=False)
# Holding any permission of these apps makes an account "sensitive" (registry, e-services, users).
TWO_FACTOR_SENSITIVE_APPS = ["documents", "exchange", "services", "auth", "axes", "otp_totp", "otp_static",
                             "django_celery_beat", "wagtailusers"]
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Областна администрация Русе")
OTP_TOTP_THROTTLE_FACTOR = 1
# Staff sessions end after this many minutes without a request.
STAFF_SESSION_IDLE_MINUTES = env.int("STAFF_SESSION_IDLE_MINUTES", default=30)

# --- Internationalisation -------------------------------------------------------------------------
LANGUAGE_CODE = "bg"
TIME_ZONE = "Europe/Sofia"
USE_I18N = True
USE_TZ = True
LANGUAGES = [("bg", _("Bulgarian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

# --- Static and media -----------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "static_collected")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Registry attachments and generated PDFs: outside MEDIA_ROOT, served only by views that check permission.
PRIVATE_MEDIA_ROOT = Path(env.str("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "var" / "private")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_PERMISSIONS = 0o640
DATA_UPLOAD_MAX_MEMORY_SIZE = 30 * 1024 * 1024

# --- Wagtail --------------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Областна администрация Русе"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no calls to outside services from the admin
WAGTAILDOCS_EXTENSIONS = [
    "pdf", "doc", "docx", "odt", "xls", "xlsx", "ods", "csv", "txt", "rtf", "zip", "p7s",
]
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAIL_ENABLE_UPDATE_CHECK = False

# --- Security defaults (tightened further in production) ------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# Content-Security-Policy without inline scripts on the public site. Wagtail's admin still relies on
# inline scripts and styles, so it gets its own, looser policy (see portal.csp).
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/django-admin/"],
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

# Wagtail's admin still needs inline scripts and styles: portal.middleware.SecurityHeadersMiddleware gives the
# excluded prefixes this looser policy instead of none at all.
ADMIN_CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; frame-src 'self'; "
    "frame-ancestors 'self'; form-action 'self'; base-uri 'self'; object-src 'none'"
)
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
    "payment=(), usb=()"
)
CSRF_FAILURE_VIEW = "portal.views.csrf_failure"

# --- Health, backups ------------------------------------------------------------------------------
HEALTH_CHECK_TIMEOUT = env.float("HEALTH_CHECK_TIMEOUT", default=1.0)
HEALTH_WORKER_CACHE_SECONDS = env.int("HEALTH_WORKER_CACHE_SECONDS", default=10)
BACKUP_DIR = Path(env.str("BACKUP_DIR", default=str(BASE_DIR / "var" / "backups")))
BACKUP_KEEP_DAILY = env.int("BACKUP_KEEP_DAILY", default=7)
BACKUP_KEEP_WEEKLY = env.int("BACKUP_KEEP_WEEKLY", default=4)
BACKUP_KEEP_MONTHLY = env.int("BACKUP_KEEP_MONTHLY", default=6)
BACKUP_HOUR = env.int("BACKUP_HOUR", default=2)

# --- Personal data --------------------------------------------------------------------------------
# Days after an online application is closed or withdrawn before its applicant's data is anonymised, for
# services that set no period of their own (ServicePage.retention_days).
SERVICES_RETENTION_DAYS = env.int("SERVICES_RETENTION_DAYS", default=3 * 365)

# --- Logging --------------------------------------------------------------------------------------
# JSON lines with UTC timestamps and the request id; portal.logging.RedactingFilter removes secrets, access
# codes, ЕГН-like numbers and e-mail addresses from every record. LOG_FORMAT=plain for a human at a terminal.
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
LOG_FORMAT = env.str("LOG_FORMAT", default="json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "portal.logging.RequestIdFilter"},
        "redact": {"()": "portal.logging.RedactingFilter"},
    },
    "formatters": {
        "json": {"()": "portal.logging.JsonFormatter"},
        "plain": {"()": "portal.logging.PlainFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id", "redact"],
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "portal.security": {"level": "INFO"},
        # WeasyPrint and fontTools narrate every render at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
