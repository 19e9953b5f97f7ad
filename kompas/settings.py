"""The one settings module of Kompas, driven by environment variables (see README, "Configuration").

Defaults are those of a production installation: DEBUG off, HTTPS only, secure cookies. The demo and
the tests turn off what a plain-HTTP loopback server cannot do (``KOMPAS_HTTPS=false``).
"""

from __future__ import annotations

import hashlib
import os
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from kompas.lib.connections import PrivateSQLite
from kompas.lib.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("KOMPAS_DATA_DIR", str(Path.cwd() / "var"))).resolve()

DEBUG = env_bool("KOMPAS_DEBUG", False)
HTTPS = env_bool("KOMPAS_HTTPS", True)


def _secret_key() -> str:
    """KOMPAS_SECRET_KEY, or a key generated once into the data folder (mode 0600)."""
    key = env_str("KOMPAS_SECRET_KEY")
    if key:
        if len(key) < 50:
            raise ImproperlyConfigured("KOMPAS_SECRET_KEY must be at least 50 characters long")
        return key
    path = DATA_DIR / "secret_key"
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another worker wrote it first
        else:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(secrets.token_urlsafe(64))
    return path.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()
# The audit chain is keyed separately so that rotating the session secret does not break it.
AUDIT_KEY = env_str("KOMPAS_AUDIT_KEY") or f"kompas-audit:{SECRET_KEY}"
# Seals members' private notes (decision aid, conversation sheets); see kompas/lib/sealed.py.
NOTES_KEY = env_str("KOMPAS_NOTES_KEY") or f"kompas-notes:{SECRET_KEY}"

ALLOWED_HOSTS = env_list("KOMPAS_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("KOMPAS_CSRF_TRUSTED_ORIGINS", [])
# How many reverse proxies in front of Kompas append to X-Forwarded-For (0: use the socket address).
TRUSTED_PROXY_COUNT = env_int("KOMPAS_TRUSTED_PROXY_COUNT", 0, minimum=0)
SITE_URL = env_str("KOMPAS_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Passkeys (kompas/passkeys): the WebAuthn relying party is the site's host name, and only the
# origins named here may answer a ceremony (the site's own by default).
WEBAUTHN_RP_ID = env_str("KOMPAS_WEBAUTHN_RP_ID", urlsplit(SITE_URL).hostname or "localhost")
WEBAUTHN_ORIGINS = env_list("KOMPAS_WEBAUTHN_ORIGINS", [SITE_URL])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_htmx",
    "axes",
    "rules",
    "django_tasks",
    "django_tasks_db",
    "kompas.audit",
    "kompas.accounts",
    "kompas.reporting",
    "kompas.passkeys",
    "kompas.registers",
    "kompas.compass",
    "kompas.risks",
    "kompas.plans",
    "kompas.insights",
    "kompas.operations",
    "kompas.privacy",
    "kompas.retention",
    "kompas.api",
    "kompas.scim",
    "kompas.sso",
    "kompas.front",
]

MIDDLEWARE = [
    "kompas.front.middleware.bench_queries",
    "django.middleware.security.SecurityMiddleware",
    "kompas.front.middleware.security_headers",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "kompas.front.middleware.language",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "kompas.accounts.middleware.VerifiedDevice",  # django-otp's OTPMiddleware
    "kompas.accounts.middleware.require_second_factor",
    "kompas.accounts.middleware.user_language",
    "kompas.front.middleware.refuse_nul",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kompas.urls"
WSGI_APPLICATION = "kompas.wsgi.application"

# Pages are written in Jinja2 through Django's own backend (`kompas.front.environment`: why,
# and how a page is written). Forms are written by Django's form renderer with the engines
# below (`TemplatesSetting`), from Django's own Jinja2 form templates ("django.forms" in
# INSTALLED_APPS) and the apps' widget templates. Jinja2 compiles each template once per
# process, in production as in development (auto_reload follows DEBUG).
_CONTEXT_PROCESSORS = [
    "django.template.context_processors.request",
    "django.template.context_processors.i18n",
    "django.contrib.auth.context_processors.auth",
    "django.contrib.messages.context_processors.messages",
    "kompas.front.context_processors.navigation",
]
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "jinja2"],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "kompas.front.environment.environment",
            "context_processors": _CONTEXT_PROCESSORS,
            "extensions": ["jinja2.ext.i18n", "kompas.front.environment.FragmentCache"],
            "cache_size": 1000,
        },
    },
]
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# --- Database ---------------------------------------------------------------------------------
_default_db = f"sqlite:///{DATA_DIR / 'kompas.sqlite3'}"
# Each server thread keeps its database connection this long. A new PostgreSQL connection is
# slow for its first requests (5 to 8 ms more a page, measured: the server process loads what it
# knows of every table and index afresh), so it is kept ten minutes; the health check before
# each request replaces one that broke meanwhile (a database restart).
DATABASES = {
    "default": dj_database_url.parse(
        env_str("KOMPAS_DATABASE_URL", _default_db),
        conn_max_age=env_int("KOMPAS_DB_CONN_MAX_AGE", 600, minimum=0),
        conn_health_checks=True,
    )
}
# PostgreSQL: values travel apart from the statement (server-side binding), and a statement run
# twice on a connection is prepared: the server then parses and plans it once per connection
# instead of on every page (0.5 to 1 ms less on most pages of the national bench). Up to
# PG_PREPARED_MAX statements are kept per connection (kompas.lib.connections). A threshold of 0
# turns this off, as a connection pooler in transaction mode needs (it cannot keep them).
PG_PREPARE_THRESHOLD = env_int("KOMPAS_PG_PREPARE_THRESHOLD", 2, minimum=0)
PG_PREPARED_MAX = env_int("KOMPAS_PG_PREPARED_MAX", 500, minimum=1)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock at the start
        # of every transaction, so the audit chain is extended by one writer at a time.
        # secure_delete: what is deleted (held events once chained, notices once told) is
        # overwritten with zeros, not left in free pages for a copy of the file to show.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            " PRAGMA secure_delete=ON;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        # The database file and its -wal and -shm files are readable by their owner only (0600).
        "factory": PrivateSQLite,
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The planner's default assumes spinning disks and then reads a whole table rather than a
    # thousand rows by index; on SSD storage (assumed) 1.1 is the usual setting.
    DATABASES["default"].setdefault("OPTIONS", {})
    try:
        _page_cost = float(env_str("KOMPAS_PG_RANDOM_PAGE_COST", "1.1"))
    except ValueError as exc:
        raise ImproperlyConfigured("KOMPAS_PG_RANDOM_PAGE_COST must be a number") from exc
    DATABASES["default"]["OPTIONS"].setdefault("options", f"-c random_page_cost={_page_cost}")
    if PG_PREPARE_THRESHOLD:
        DATABASES["default"]["OPTIONS"]["server_side_binding"] = True
        DATABASES["default"]["OPTIONS"]["prepare_threshold"] = PG_PREPARE_THRESHOLD
else:
    raise ImproperlyConfigured("KOMPAS_DATABASE_URL must point at PostgreSQL or SQLite")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts and sign-in ---------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.Person"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "kompas.accounts.backends.PasswordBackend",
    "kompas.sso.backends.ProviderBackend",
]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "front:home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 2

# Lockout of repeated failed sign-ins, per account and, separately, per address (django-axes).
AXES_FAILURE_LIMIT = env_int("KOMPAS_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("KOMPAS_LOGIN_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # successful sign-ins go to our own audit log
AXES_USERNAME_FORM_FIELD = "username"
AXES_CLIENT_IP_CALLABLE = "kompas.accounts.signin.client_ip"
AXES_LOCKOUT_CALLABLE = "kompas.accounts.views.locked_out"
AXES_VERBOSE = False
AXES_ENABLE_ADMIN = False

# Sessions: short everywhere, shorter when idle for the roles that see reports and cases.
# Django's sessions in the database, read through the default cache (which all workers share).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_AGE = 60 * 60 * 10
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SENSITIVE_IDLE_SECONDS = 60 * env_int("KOMPAS_SENSITIVE_IDLE_MINUTES", 15, minimum=1)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
# Gone when the browser closes: the public form must not leave a year-long cookie on the device
# of an anonymous reporter (it would tell whoever looks at the device that Kompas was visited).
CSRF_COOKIE_AGE = None
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
if HTTPS:
    SESSION_COOKIE_NAME = "__Host-kompas_session"
    CSRF_COOKIE_NAME = "__Host-kompas_csrf"
else:
    SESSION_COOKIE_NAME = "kompas_session"
    CSRF_COOKIE_NAME = "kompas_csrf"

OTP_TOTP_ISSUER = env_str("KOMPAS_OTP_ISSUER", "Kompas")

# Sign-in through the zone's OpenID Connect provider (Microsoft Entra ID or any other); off
# unless the issuer, client id and client secret are all set. See kompas/sso/README.md.
OIDC_ISSUER = env_str("KOMPAS_OIDC_ISSUER")
OIDC_DISCOVERY_URL = env_str("KOMPAS_OIDC_DISCOVERY_URL")
OIDC_CLIENT_ID = env_str("KOMPAS_OIDC_CLIENT_ID")
OIDC_CLIENT_SECRET = env_str("KOMPAS_OIDC_CLIENT_SECRET")
OIDC_PROVIDER_NAME = env_str("KOMPAS_OIDC_PROVIDER_NAME", "Microsoft")
# The claim that names a person for good: "sub", or Entra ID's "oid" (the same in every app).
OIDC_SUBJECT_CLAIM = env_str("KOMPAS_OIDC_SUBJECT_CLAIM", "sub")
OIDC_GROUPS_CLAIM = env_str("KOMPAS_OIDC_GROUPS_CLAIM", "groups")
# The claim that says the e-mail address is the person's (Entra ID: "xms_edov").
OIDC_EMAIL_VERIFIED_CLAIM = env_str("KOMPAS_OIDC_EMAIL_VERIFIED_CLAIM", "email_verified")
# Values of the "amr" claim that mean the provider asked for a second step.
OIDC_MFA_METHODS = env_list("KOMPAS_OIDC_MFA_METHODS", ["mfa"])
OIDC_SCOPES = env_str("KOMPAS_OIDC_SCOPES", "openid email profile")
OIDC_SIGN_ALGORITHM = env_str("KOMPAS_OIDC_SIGN_ALGORITHM", "RS256")
if OIDC_SIGN_ALGORITHM not in ("RS256", "RS384", "RS512", "ES256", "ES384", "ES512"):
    raise ImproperlyConfigured("KOMPAS_OIDC_SIGN_ALGORITHM must be an RS or ES algorithm")
OIDC_TIMEOUT = env_int("KOMPAS_OIDC_TIMEOUT", 10, minimum=1)

# Argon2id cost for the keys of the reporting channel; "min" is for the test suite only.
KDF_STRENGTH = env_str("KOMPAS_KDF_STRENGTH", "standard")
if KDF_STRENGTH not in ("standard", "min"):
    raise ImproperlyConfigured("KOMPAS_KDF_STRENGTH must be standard (or min, for tests only)")

# --- Security headers -------------------------------------------------------------------------
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("KOMPAS_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("KOMPAS_HSTS_PRELOAD", True)
if TRUSTED_PROXY_COUNT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

# Web sites allowed to show the public reporting form in a frame (the zone's own site).
EMBED_ORIGINS = env_list("KOMPAS_EMBED_ORIGINS", [])
# How handlers hear of new anonymous and confidential cases: "digest" (in the daily mail run,
# every report of the complete days before it) or "at-once" (a mail at the moment of filing,
# whose time then tells when the report was filed). Named reports are told at once.
NEW_CASE_NOTICES = env_str("KOMPAS_NEW_CASE_NOTICES", "digest")
if NEW_CASE_NOTICES not in ("digest", "at-once"):
    raise ImproperlyConfigured("KOMPAS_NEW_CASE_NOTICES must be digest or at-once")

# Throttle counters, figures counted every few minutes and a copy of the sessions, never anything
# identifying, in the cache all workers and servers share: KOMPAS_CACHE_URL, a Redis address
# (Django's own RedisCache). Without it the workers of one machine share files (the demo): a
# cache of one worker alone would keep serving a session another worker signed out.
# KOMPAS_REDIS_URL is the former name, still read.
CACHE_URL = env_str("KOMPAS_CACHE_URL") or env_str("KOMPAS_REDIS_URL")
if CACHE_URL and not CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured("KOMPAS_CACHE_URL must be a redis://, rediss:// or unix:// address")
# Each installation's keys apart (two on one Redis, staging beside production): a prefix from
# its secret key, which all its servers share and no other installation has.
CACHE_KEY_PREFIX = "k" + hashlib.sha256(f"kompas-cache:{SECRET_KEY}".encode()).hexdigest()[:12]
_redis: dict[str, object] = {
    "BACKEND": "django.core.cache.backends.redis.RedisCache",
    "LOCATION": CACHE_URL,
    "KEY_PREFIX": CACHE_KEY_PREFIX,
}
CACHES: dict[str, dict[str, object]] = {
    "default": (
        _redis
        if CACHE_URL
        else {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(DATA_DIR / "cache"),
            "OPTIONS": {"MAX_ENTRIES": 10_000},
        }
    ),
    # Throttles count reporters' acts (a public report filed, a wrong receipt typed): in Redis
    # (run it without persistence) or else in each worker's memory, never in files, whose times
    # would say when a reporter was here (kompas/reporting/README.md, threat model).
    "throttle": (
        _redis
        if CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "throttle"}
    ),
}

# Calls an API token may make per minute (kompas.api.auth), counted in the shared cache.
API_CALLS_PER_MINUTE = env_int("KOMPAS_API_CALLS_PER_MINUTE", 120, minimum=1)

# Benchmark mode (`make bench` only): a bare floor view and a query count header on every answer.
BENCH = env_bool("KOMPAS_BENCH", False)

# --- Internationalisation ---------------------------------------------------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "kompas_language"
LANGUAGE_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

# --- Static files -----------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise expects it, even before collectstatic
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Encrypted attachments; never served directly, only through the views that decrypt them.
MEDIA_ROOT = DATA_DIR / "media"
FILE_UPLOAD_MAX_MEMORY_SIZE = 11 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 60 * 1024 * 1024

# --- E-mail -----------------------------------------------------------------------------------
EMAIL_BACKEND = env_str("KOMPAS_EMAIL_BACKEND", "kompas.lib.mail.SMTPBackend")
EMAIL_HOST = env_str("KOMPAS_EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = env_int("KOMPAS_EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("KOMPAS_EMAIL_USER")
EMAIL_HOST_PASSWORD = env_str("KOMPAS_EMAIL_PASSWORD")
EMAIL_USE_TLS = env_bool("KOMPAS_EMAIL_STARTTLS", False)
EMAIL_USE_SSL = env_bool("KOMPAS_EMAIL_SSL", False)
EMAIL_TIMEOUT = 15
DEFAULT_FROM_EMAIL = env_str("KOMPAS_EMAIL_FROM", "kompas@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Tasks ------------------------------------------------------------------------------------
# Mails and the daily jobs are tasks in the database, enqueued in the transaction of the change
# that causes them and run by `kompas worker` (kompas/lib/tasks.py).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# A task that failed for a while (a mail while the SMTP server is down) is tried again after this
# many seconds, then twice as long each time, at most an hour apart (kompas/lib/tasks.py).
TASK_RETRY_SECONDS = env_int("KOMPAS_TASK_RETRY_SECONDS", 60, minimum=1)

# --- Logging ----------------------------------------------------------------------------------
# Every handler leaves out what people typed (kompas.lib.logging): an exception is logged as its
# type and frames, never its message or values; a failed request as its route, never its path.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"without_user_text": {"()": "kompas.lib.logging.WithoutUserText"}},
    "formatters": {
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        }
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["without_user_text"]},
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "filters": ["without_user_text"],
        },
    },
    "root": {"handlers": ["console"], "level": env_str("KOMPAS_LOG_LEVEL", "WARNING")},
    "loggers": {
        # Django's own handlers (a console when DEBUG, mail to ADMINS) would write tracebacks
        # unfiltered: its records go to the root's handler only.
        "django": {"handlers": [], "level": "INFO"},
        # Request logs carry addresses; anonymous reporters must leave none behind.
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        # The development server's request lines, without their query strings.
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
        # The libraries that read reporters' attachments warn about what they find in a file
        # (a damaged PDF, an odd image): a timed line in the log at the moment an anonymous
        # report with that file came in. Their warnings are dropped; a file they cannot read is
        # refused with a message to the reporter.
        "pypdf": {"handlers": [], "level": "CRITICAL", "propagate": False},
        "PIL": {"handlers": [], "level": "CRITICAL", "propagate": False},
        "fontTools": {"handlers": [], "level": "CRITICAL", "propagate": False},
    },
}
