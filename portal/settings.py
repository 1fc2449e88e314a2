"""Settings of the portal, read from the environment.

Debug is off unless DJANGO_DEBUG=true (./scripts/run and ./scripts/test set it); then local
defaults make the demo run with no setup (SQLite, a local key). With debug off, a missing
secret key or host list stops start-up with a clear message rather than running insecurely.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from portal.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

# Debug is off unless asked for: a server started with no settings is a production one, and
# refuses to start without a secret key and a host list. ./scripts/run and ./scripts/test set
# DJANGO_DEBUG=true; only then does the public local key apply.
DEBUG = env_bool("DJANGO_DEBUG", default=False)

if DEBUG:
    SECRET_KEY = env_str("DJANGO_SECRET_KEY", default="insecure-local-only-key-do-not-deploy")
else:
    SECRET_KEY = env_str("DJANGO_SECRET_KEY", default="")
    if not SECRET_KEY.strip():
        raise ImproperlyConfigured(
            "Set the environment variable DJANGO_SECRET_KEY (debug is off unless "
            "DJANGO_DEBUG=true, which ./scripts/run and ./scripts/test set for a local run)."
        )

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else None
)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
CSRF_FAILURE_VIEW = "portal.views.csrf_failure"

INSTALLED_APPS = [
    "portal.apps.PortalAdminConfig",  # django.contrib.admin with BE date inputs
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "django_filters",
    "import_export",
    "portal.apps.PortalAxesConfig",  # django-axes, sign-in lockout ("Sign-in" below)
    "csp",
    "django_tasks",  # the backport of Django 6's tasks API (background exports)
    "portal.apps.PortalTasksDbConfig",  # django-tasks-db: the queue is a table (decisions.md)
    "portal",
    "centres",
    "clients",
    "services",
    "committees",
    "resources",
    "reports",  # dashboards and roll-ups: reads every app above, none imports it
    "benchmarks",  # the generated national data set; no app imports it
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "portal.middleware.ControlCharactersMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "portal.middleware.IdleSessionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "portal.middleware.PermissionsPolicyMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "portal.middleware.StatementTimeoutMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a lockout into the Thai lockout page
]

ROOT_URLCONF = "portal.urls"

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
                "centres.context_processors.current_centre",
            ],
            "builtins": ["portal.templatetags.thaidates", "portal.templatetags.users"],
        },
    },
]

WSGI_APPLICATION = "portal.wsgi.application"
ASGI_APPLICATION = "portal.asgi.application"

# Persistent connections with health checks: closing the connection after every request
# costs 2.6-2.8x throughput on this stack. Behind PgBouncer in transaction mode, set
# DJANGO_DB_DISABLE_SERVER_SIDE_CURSORS=true (README, "Connection pooling").
CONN_MAX_AGE = env_int("DJANGO_CONN_MAX_AGE", default=600)
DB_DISABLE_SERVER_SIDE_CURSORS = env_bool("DJANGO_DB_DISABLE_SERVER_SIDE_CURSORS", default=False)
# PostgreSQL cancels any statement of a web request that runs longer than this (shorter than
# gunicorn's 30-s worker timeout, so no query outlives its request; the user gets a 503 page).
# manage.py commands (migrate, seed_national, cron jobs) run with their own limit, by default
# none: manage.py sets PORTAL_MANAGE_PY for every command but runserver. 0 sends no limit
# (behind PgBouncer, set it on the database role instead: README).
if os.environ.get("PORTAL_MANAGE_PY") == "1":
    _timeout_variable, _timeout_default = "DJANGO_DB_COMMAND_STATEMENT_TIMEOUT_MS", 0
else:
    _timeout_variable, _timeout_default = "DJANGO_DB_STATEMENT_TIMEOUT_MS", 20_000
DB_STATEMENT_TIMEOUT_MS = env_int(_timeout_variable, default=_timeout_default)
if DB_STATEMENT_TIMEOUT_MS < 0:
    raise ImproperlyConfigured(f"{_timeout_variable} must be 0 (no limit) or milliseconds.")
# PostgreSQL's JIT compiles a query whose estimated cost passes jit_above_cost, and a page's
# LIMIT 25 over the country's requests is costed as the whole join: 18 ms of compiling for a
# query that runs in 2 (issue 8). Off for web requests; commands and the export worker (long
# scans, where it can pay) keep the server's setting.
DB_JIT = env_bool("DJANGO_DB_JIT", default=os.environ.get("PORTAL_MANAGE_PY") == "1")
# PostgreSQL's default random_page_cost (4) is a spinning disk's: with the tables in memory or
# on SSD it keeps choosing to read a province's rows through an index on the centre and filter
# them, or to hash 77,617 villages, over a few hundred lookups by key (a person search by
# phone in a province: 36 -> 6 ms of database at 1.1; issue 8). 1.1, as PostgreSQL's
# documentation suggests for SSDs, for web requests; commands keep the server's setting;
# empty: the server's setting for web requests too.
_page_cost = env_str(
    "DJANGO_DB_RANDOM_PAGE_COST",
    default="" if os.environ.get("PORTAL_MANAGE_PY") == "1" else "1.1",
).strip()
try:
    DB_RANDOM_PAGE_COST = float(_page_cost) if _page_cost else None
except ValueError:
    DB_RANDOM_PAGE_COST = -1.0
if DB_RANDOM_PAGE_COST is not None and not 0 < DB_RANDOM_PAGE_COST < 1000:
    raise ImproperlyConfigured(
        f"DJANGO_DB_RANDOM_PAGE_COST must be a positive number or empty, not {_page_cost!r}."
    )


def _database(url: str) -> dict:
    config = dj_database_url.parse(
        url,
        conn_max_age=CONN_MAX_AGE,
        conn_health_checks=True,
        disable_server_side_cursors=DB_DISABLE_SERVER_SIDE_CURSORS,
    )
    if config["ENGINE"] == "django.db.backends.postgresql":
        settings = (
            [f"statement_timeout={DB_STATEMENT_TIMEOUT_MS}"] if DB_STATEMENT_TIMEOUT_MS else []
        )
        settings += [] if DB_JIT else ["jit=off"]
        settings += [f"random_page_cost={DB_RANDOM_PAGE_COST:g}"] if DB_RANDOM_PAGE_COST else []
        if settings:
            options = config.setdefault("OPTIONS", {})
            ours = " ".join(f"-c {setting}" for setting in settings)
            options["options"] = f"{options['options']} {ours}" if "options" in options else ours
    return dict(config)


DATABASES = {
    "default": _database(env_str("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"))
}
# An optional streaming replica of the primary for read-only reports and exports
# (portal/db.py: reporting_db(), the router). Under test, TEST MIRROR makes Django create no
# test database on it: Django's mirror copies only the NAME (test_portal) and keeps the
# replica's host and port, so the alias reads the replica's streamed copy of the primary's test
# database. The suite reads the primary all the same (tests/conftest.py sets
# REPORTING_DATABASE to "default": a replica never sees a test's uncommitted rows), except
# tests/portal/test_replica.py, which commits, waits for the replica and reads it.
# (A lower-case name: the URL holds a password, which an upper-case setting would show on
# Django's debug page.)
_replica_url = env_str("DATABASE_REPLICA_URL", default="")
if _replica_url:
    DATABASES["replica"] = _database(_replica_url) | {"TEST": {"MIRROR": "default"}}
REPORTING_DATABASE = "replica" if _replica_url else "default"
DATABASE_ROUTERS = ["portal.db.PrimaryReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Background tasks (the exports too large for one request: reports/tasks.py) -------------
# DJANGO_TASKS_BACKEND: "database" queues them in a table that `manage.py db_worker` processes
# on worker machines (production); "immediate" runs each task in the request that asks for it
# (the local run and the tests: no extra process). Default: immediate while debug is on.
_tasks_backend = env_str("DJANGO_TASKS_BACKEND", default="immediate" if DEBUG else "database")
_TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
if _tasks_backend not in _TASK_BACKENDS:
    raise ImproperlyConfigured("DJANGO_TASKS_BACKEND must be immediate or database.")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[_tasks_backend], "QUEUES": ["default"]}}
# The national page's figures (every centre's roll-ups summed by province) are read again at
# most this often by each app server, in seconds; 0 reads them on every request.
NATIONAL_FIGURES_SECONDS = env_int("DJANGO_NATIONAL_FIGURES_SECONDS", default=60)
if NATIONAL_FIGURES_SECONDS < 0:
    raise ImproperlyConfigured("DJANGO_NATIONAL_FIGURES_SECONDS must be 0 or more.")
# The choices of the lists' filters that come from small tables (the services, a centre's
# staff, a district's subdistricts and villages, the fiscal years) are read again at most this
# often by each app server, in seconds; 0 reads them on every request (portal.forms).
FILTER_CHOICES_SECONDS = env_int("DJANGO_FILTER_CHOICES_SECONDS", default=120)
if FILTER_CHOICES_SECONDS < 0:
    raise ImproperlyConfigured("DJANGO_FILTER_CHOICES_SECONDS must be 0 or more.")
# Both are kept in each app server's own memory (nothing to run beside it), with the filter
# fields written from the choices: entries of up to about 30 KB (a list's fields with a
# district's villages), so at most about 30 MB a process; Django's default keeps only 300.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 1000},
    }
}
# A background export keeps its file this many hours, then `clear_expired_exports` removes it.
EXPORT_KEEP_HOURS = env_int("DJANGO_EXPORT_KEEP_HOURS", default=72)
# A background export's own statement_timeout on PostgreSQL (it runs far longer than a page);
# 0 sends no limit.
EXPORT_STATEMENT_TIMEOUT_MS = env_int("DJANGO_EXPORT_STATEMENT_TIMEOUT_MS", default=3_600_000)
# A running export with no progress for this long lost its worker and is marked failed; longer
# than one statement may take, since a job reports progress between statements.
EXPORT_STALLED_MINUTES = env_int("DJANGO_EXPORT_STALLED_MINUTES", default=75)
if EXPORT_KEEP_HOURS < 1 or EXPORT_STATEMENT_TIMEOUT_MS < 0:
    raise ImproperlyConfigured(
        "DJANGO_EXPORT_KEEP_HOURS must be at least 1 and DJANGO_EXPORT_STATEMENT_TIMEOUT_MS "
        "0 (no limit) or milliseconds."
    )
if EXPORT_STALLED_MINUTES * 60_000 <= EXPORT_STATEMENT_TIMEOUT_MS:
    raise ImproperlyConfigured(
        "DJANGO_EXPORT_STALLED_MINUTES must be longer than DJANGO_EXPORT_STATEMENT_TIMEOUT_MS."
    )
# -----------------------------------------------------------------------------------------

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sign-in ---------------------------------------------------------------------------------
# Passwords: at least 10 characters, not only spaces, not common, not the published demo
# password (outside the demo) and, on a change, not the current one (portal/passwords.py).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "portal.passwords.NotOnlyWhitespaceValidator"},
    {"NAME": "portal.passwords.NotTheCurrentPasswordValidator"},
    {"NAME": "portal.passwords.NotTheDemoPasswordValidator"},
]
# Lockout (django-axes, policy in docs/decisions.md): a username is locked at one address
# after LOGIN_FAILURE_LIMIT failures there, for LOGIN_COOLOFF_MINUTES from the lockout;
# other addresses can still sign in as that user. A username failing LOGIN_USER_ALERT_LIMIT
# times over all addresses is logged as a warning and listed in the admin's access attempts.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("DJANGO_LOGIN_FAILURE_LIMIT", default=5)
_cool_off_minutes = env_int("DJANGO_LOGIN_COOLOFF_MINUTES", default=15)
if AXES_FAILURE_LIMIT < 1 or _cool_off_minutes < 1:
    raise ImproperlyConfigured(
        "DJANGO_LOGIN_FAILURE_LIMIT and DJANGO_LOGIN_COOLOFF_MINUTES must be at least 1."
    )
AXES_COOLOFF_TIME = timedelta(minutes=_cool_off_minutes)
LOGIN_USER_ALERT_LIMIT = env_int("DJANGO_LOGIN_USER_ALERT_LIMIT", default=20)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "portal.signin.PortalAxesHandler"
AXES_LOCKOUT_CALLABLE = "portal.signin.locked_out"
AXES_USERNAME_CALLABLE = "portal.signin.typed_username"  # cut to a username's length
AXES_RESET_ON_SUCCESS = True
# The cool-off runs from the lockout: tries while locked out neither count nor extend it.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_ENABLE_ACCESS_FAILURE_LOG = True  # every failure kept (1,000 a user), in the admin
AXES_VERBOSE = False  # no start-up banner
# Sessions: signed out after DJANGO_SESSION_IDLE_MINUTES without a request, and in any case
# two weeks (SESSION_COOKIE_AGE) after signing in (portal.middleware.IdleSessionMiddleware).
SESSION_IDLE_MINUTES = env_int("DJANGO_SESSION_IDLE_MINUTES", default=480)
if SESSION_IDLE_MINUTES < 1:
    raise ImproperlyConfigured("DJANGO_SESSION_IDLE_MINUTES must be at least 1.")
SESSION_COOKIE_AGE = 14 * 24 * 60 * 60
# -----------------------------------------------------------------------------------------

LANGUAGE_CODE = "th"
LANGUAGES = [("th", _("Thai")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True
# Our own formats (Buddhist-era years in Thai) live in portal/formats/<lang>/formats.py.
FORMAT_MODULE_PATH = ["portal.formats"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "media")))
MEDIA_URL = "media/"  # no URL route serves it: attachments go through services:attachment
# The largest attachment (photo or document) a user may upload, in megabytes.
ATTACHMENT_MAX_MB = env_int("DJANGO_ATTACHMENT_MAX_MB", default=10)
if ATTACHMENT_MAX_MB < 1:
    raise ImproperlyConfigured("DJANGO_ATTACHMENT_MAX_MB must be at least 1.")
ATTACHMENT_MAX_BYTES = ATTACHMENT_MAX_MB * 1024 * 1024
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = env_str(
    "DJANGO_EMAIL_BACKEND",
    default=(
        "django.core.mail.backends.console.EmailBackend"
        if DEBUG
        else "django.core.mail.backends.smtp.EmailBackend"
    ),
)
EMAIL_HOST = env_str("DJANGO_EMAIL_HOST", default="localhost")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", default=25)
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", default="portal@localhost")
# The portal's public address, for links in e-mails (which have no request to build them from).
PORTAL_URL = env_str("PORTAL_URL", default="http://127.0.0.1:8000").rstrip("/")

# HTTPS switches: on by default in production, off for the local run.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", default=SECURE_HSTS_SECONDS > 0)
if env_bool("DJANGO_BEHIND_PROXY", default=False):
    # Trust the load balancer's header so that request.is_secure() is right behind it.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if env_bool("DJANGO_BEHIND_PROXY", default=False):
    # The lockout counts by the client's address, not the load balancer's.
    AXES_IPWARE_PROXY_COUNT = 1
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")

# Content-Security-Policy and Permissions-Policy -----------------------------------------
# Every asset is vendored under static/: nothing inline, nothing from elsewhere. The admin
# lives under the same policy (Django 5.2's admin has no inline script or style).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:"],  # Bootstrap's icons; camera previews
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}
# Visits record photos from the camera; nothing else of the device is asked for.
PERMISSIONS_POLICY = (
    "camera=(self), geolocation=(), microphone=(), payment=(), usb=(), serial=(), "
    "bluetooth=(), magnetometer=(), gyroscope=(), accelerometer=(), display-capture=()"
)
# -----------------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", default="INFO")},
}
