"""Settings of the integration-concept manager, read from the environment.

Every value a deployment may change comes from an environment variable (or a ``.env``
file next to ``manage.py``); the defaults are safe for development only where DEBUG is on.
"""

from datetime import date
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from .env import database_config, mailers_config

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A checkout's local settings (e.g. the .env that `make run` writes). The test suite and the
# processes it starts read only their own environment (DJANGO_DOT_ENV=off, see conftest.py).
if env.str("DJANGO_DOT_ENV", default="on") != "off":
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"  # noqa: S105
elif not DEBUG and (
    len(SECRET_KEY) < 50 or "CHANGE-ME" in SECRET_KEY or SECRET_KEY.startswith("django-insecure")
):
    # deploy/env.example's placeholder would start production with a key everybody knows
    raise ImproperlyConfigured(
        "SECRET_KEY is a placeholder or too short: generate one with "
        '`python3 -c "import secrets; print(secrets.token_urlsafe(50))"`.'
    )

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# A German page that keeps what our own stale form sent (core/unsent.py).
CSRF_FAILURE_VIEW = "core.unsent.csrf_failure"

# Branding: the defaults of the page "Gemeinde & Darstellung" (concept.branding), where the
# coordination sets name, coat of arms, colours and paper numbers; a field left blank there
# uses the value here. The page's values are cached for BRANDING_CACHE_SECONDS in each
# process (a change shows at once in the process that saved it, in the others after that).
BRANDING_CACHE_SECONDS = env.int("BRANDING_CACHE_SECONDS", default=60)
MUNICIPALITY_NAME = env.str("MUNICIPALITY_NAME", default="Stadt Laatzen")
CONCEPT_TITLE = env.str("CONCEPT_TITLE", default="Handlungskonzept Integration")
COORDINATION_OFFICE = env.str(
    "COORDINATION_OFFICE", default="Koordination Integration und Teilhabe"
)
# Where the footer's legal links lead: the municipality's own imprint and privacy policy.
# Without them, both point to the municipality's home page (set the exact pages in production).
MUNICIPALITY_URL = env.str("MUNICIPALITY_URL", default="https://www.laatzen.de/")
IMPRINT_URL = env.str("IMPRINT_URL", default=MUNICIPALITY_URL)
PRIVACY_URL = env.str("PRIVACY_URL", default=MUNICIPALITY_URL)
# The accessibility statement (/barrierefreiheit/, BITV 2.0 / NBGG): where users report
# barriers (empty: the page says that the address is still to be set), how far the application
# conforms ("vollstaendig", "teilweise" or "nicht"), what is known not to be accessible
# (paragraphs separated by \n) and when the statement was written or last reviewed.
ACCESSIBILITY_CONTACT_EMAIL = env.str("ACCESSIBILITY_CONTACT_EMAIL", default="")
ACCESSIBILITY_CONFORMANCE = env.str("ACCESSIBILITY_CONFORMANCE", default="teilweise")
if ACCESSIBILITY_CONFORMANCE not in ("vollstaendig", "teilweise", "nicht"):
    raise ImproperlyConfigured(
        "ACCESSIBILITY_CONFORMANCE must be 'vollstaendig', 'teilweise' or 'nicht', "
        f"not {ACCESSIBILITY_CONFORMANCE!r}."
    )
ACCESSIBILITY_KNOWN_ISSUES = env.str(
    "ACCESSIBILITY_KNOWN_ISSUES",
    multiline=True,
    default=(
        "Die Anwendung wird mit automatischen Prüfwerkzeugen (axe-core) auf die Anforderungen "
        "der WCAG 2.1, Stufe AA, geprüft und mit der Tastatur getestet. Eine vollständige Prüfung "
        "durch eine unabhängige Stelle (z. B. BITV-Test) steht noch aus; einzelne Inhalte können "
        "daher noch nicht vollständig barrierefrei sein.\n"
        "Herunterladbare Dateien (Excel-Tabellen, Kalender- und Textdateien) und PDF-Dokumente "
        "sind nicht manuell auf Barrierefreiheit geprüft."
    ),
)
try:
    ACCESSIBILITY_STATEMENT_DATE = date.fromisoformat(
        env.str("ACCESSIBILITY_STATEMENT_DATE", default="2026-11-26")
    )
except ValueError as exc:
    raise ImproperlyConfigured(f"ACCESSIBILITY_STATEMENT_DATE must be YYYY-MM-DD ({exc}).") from exc
# Evaluation: default length of an evaluation cycle (the council notice: every two years).
EVALUATION_CYCLE_MONTHS = env.int("EVALUATION_CYCLE_MONTHS", default=24)
# Import of spreadsheets (measures, actors, goals, status reports): a larger file is refused
# before any cell is read. IMPORT_MAX_BYTES is the unpacked size (an xlsx is a zip).
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=5000)
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=10_000_000)
# Open data of the public page (CSV, JSON, /api/v1/): the licence named with every download.
PUBLIC_DATA_LICENCE = env.str(
    "PUBLIC_DATA_LICENCE", default="Datenlizenz Deutschland – Namensnennung – Version 2.0"
)
PUBLIC_DATA_LICENCE_URL = env.str(
    "PUBLIC_DATA_LICENCE_URL", default="https://www.govdata.de/dl-de/by-2-0"
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "rules.apps.AutodiscoverRulesConfig",
    "django_filters",
    "django_tables2",
    "import_export",
    "django_tasks_db",
    "django_rq",
    "django_tasks_rq",
    "axes",
    "core",
    "core.ops",
    # our apps, lower layers first
    "concept",
    "measures",
    "evaluation",
    "participation",
    "council",
    "public",
]

MIDDLEWARE = [
    # /healthz answers before host validation and the HTTPS redirect: load balancers probe
    # the backends by address over plain HTTP.
    "core.ops.middleware.HealthCheckMiddleware",
    "core.ops.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    # Inside CSRF, sessions, auth and messages: keeps a POST that the login interrupted.
    "core.unsent.UnsentFormMiddleware",
    # Innermost: gives the empty 405 answers of POST-only views a German page; the
    # middleware above still add their headers (CSP, frame options) to it.
    "core.middleware.MethodNotAllowedPageMiddleware",
]

ROOT_URLCONF = "laatzen_integration.urls"

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
                "django.template.context_processors.csp",
                "concept.context_processors.branding",
                "core.context_processors.site",
                "concept.context_processors.accounts",
                "public.context_processors.public_overview",
            ],
        },
    },
    {
        # Templates in <app>/jinja2/ only (the measure table): markup rendered on every list
        # request, where Django's template language was the largest cost of the page.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
    },
]

# Form widgets render through Django's Jinja2 templates where Django ships them (the same
# markup, a fraction of the cost); see core/form_renderer.py.
FORM_RENDERER = "core.form_renderer.JinjaFirstRenderer"

WSGI_APPLICATION = "laatzen_integration.wsgi.application"
ASGI_APPLICATION = "laatzen_integration.asgi.application"

DATABASES = {
    "default": database_config(
        env.str("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "concept.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "concept.backends.StaffModelBackend",
]
# Sign-in through the municipality's directory (LDAP / Active Directory): off while LDAP_URL is
# empty. Local accounts keep working beside it; axes still counts failures. See concept/directory.py
# and the operations guide (docs/betrieb/verzeichnis.md). Group DNs: several separated by ";".
LDAP_AUTH_URL = env.list("LDAP_URL", default=[])
LDAP_AUTH_USE_TLS = env.bool("LDAP_START_TLS", default=False)
LDAP_AUTH_SEARCH_BASE = env.str("LDAP_SEARCH_BASE", default="")
LDAP_AUTH_OBJECT_CLASS = env.str("LDAP_USER_OBJECT_CLASS", default="inetOrgPerson")
LDAP_AUTH_USER_FIELDS = {
    "username": env.str("LDAP_USERNAME_ATTRIBUTE", default="uid"),
    "first_name": "givenName",
    "last_name": "sn",
    "email": "mail",
}
LDAP_AUTH_USER_LOOKUP_FIELDS = ("username",)
LDAP_AUTH_ACTIVE_DIRECTORY_DOMAIN = env.str("LDAP_AD_DOMAIN", default="") or None
LDAP_BIND_DN = env.str("LDAP_BIND_DN", default="")
LDAP_BIND_PASSWORD = env.str("LDAP_BIND_PASSWORD", default="")
LDAP_GROUP_SEARCH_BASE = env.str("LDAP_GROUP_SEARCH_BASE", default=LDAP_AUTH_SEARCH_BASE)
LDAP_ROLE_GROUPS = {
    "Koordination": [g for g in env.str("LDAP_GROUP_COORDINATOR", default="").split(";") if g],
    "Rat": [g for g in env.str("LDAP_GROUP_COUNCIL", default="").split(";") if g],
    "Akteur": [g for g in env.str("LDAP_GROUP_ACTOR", default="").split(";") if g],
}
LDAP_AUTH_CONNECT_TIMEOUT = env.int("LDAP_TIMEOUT", default=5)
LDAP_AUTH_RECEIVE_TIMEOUT = LDAP_AUTH_CONNECT_TIMEOUT
LDAP_AUTH_POOL_ACTIVE = 1  # try each server once; a directory that is down must not hang logins
LDAP_AUTH_FORMAT_USERNAME = "concept.directory.format_username"
LDAP_AUTH_CLEAN_USER_DATA = "concept.directory.clean_user_data"
LDAP_AUTH_SYNC_USER_RELATIONS = "concept.directory.sync_user_relations"
if LDAP_AUTH_URL:
    # after axes (lockout first), before the local accounts' model backend
    AUTHENTICATION_BACKENDS.insert(1, "concept.directory.DirectoryBackend")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env.int("PASSWORD_MIN_LENGTH", default=12)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# How long a set-your-password link (invitation or password reset) stays valid.
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_LINK_DAYS", default=7) * 24 * 60 * 60
# „Passwort vergessen?“: at most one link per account in this many seconds (no flooding).
PASSWORD_RESET_INTERVAL = env.int("PASSWORD_RESET_INTERVAL", default=10 * 60)
# … and at most this many requests per client address and hour (a loop gets 429).
PASSWORD_RESET_ADDRESS_LIMIT = env.int("PASSWORD_RESET_ADDRESS_LIMIT", default=10)
# Counters of these limits live in the cache: per process by default, shared across processes
# and hosts with CACHE_URL=rediscache://127.0.0.1:6379/1 (docs/betrieb/sicherheit.md).
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}

# Login brute-force protection (django-axes): lock a username+address pair after 5 failures.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Behind nginx REMOTE_ADDR is the proxy's: the client's address comes from X-Forwarded-For,
# trusted only from these proxies (the same as gunicorn's FORWARDED_ALLOW_IPS).
TRUSTED_PROXY_IPS = env.list("FORWARDED_ALLOW_IPS", default=["127.0.0.1", "::1"])
AXES_CLIENT_IP_CALLABLE = "concept.client_ip.client_ip"
# A second lock per address, for attempts spread over many usernames (concept/lockout.py):
# more than this many different usernames failing from one address within the cool-off time
# block that address, except for accounts that signed in from it within the trust days.
AXES_HANDLER = "concept.lockout.AddressLimitHandler"
LOGIN_ADDRESS_FAILURE_LIMIT = env.int("LOGIN_ADDRESS_FAILURE_LIMIT", default=30)
LOGIN_ADDRESS_TRUST_DAYS = env.int("LOGIN_ADDRESS_TRUST_DAYS", default=30)
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# German locale, Berlin time, German number formats (1.234,56).
LANGUAGE_CODE = "de"
LANGUAGES = [("de", "Deutsch")]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["core.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Generated files (PDFs, exports) go to the default storage: the local MEDIA_ROOT unless
# STORAGE_BACKEND names another Django storage class (STORAGE_OPTIONS: its options as JSON).
# Several hosts share one storage: a shared MEDIA_ROOT mount or an object store.
# Source maps are for developers and the PDF fonts never go to a browser: compressing them
# (gzip + brotli) only made collectstatic slow.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [
    *("jpg", "jpeg", "png", "gif", "webp", "zip", "gz", "tgz", "bz2", "tbz", "xz", "br"),
    *("woff", "woff2", "mp4", "webm"),
    *("map", "ttf"),
]
# Documents on measures, conferences and council papers (core/documents.py): the largest file
# accepted (bytes). The reverse proxy's body limit must be a little larger (nginx: 25m).
DOCUMENT_MAX_BYTES = env.int("DOCUMENT_MAX_BYTES", default=20 * 1024 * 1024)
STORAGES = {
    "default": {
        "BACKEND": env.str(
            "STORAGE_BACKEND", default="django.core.files.storage.FileSystemStorage"
        ),
        "OPTIONS": env.json("STORAGE_OPTIONS", default={}),
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# E-mail: EMAIL_URL such as smtp+tls://user:password@mail.example.org:587. Without it,
# development prints mails on the console and production hands them to the local MTA.
MAILERS = mailers_config(
    env.str("EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25")
)
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Integrationskonzept <noreply@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Reminders (participation/reminders.py, manage.py send_reminders): a status report is due this
# many days after the last one; survey reminders start this many days before a round ends.
# SITE_URL is the address links in mails and calendar feeds point to (`make run` sets it to
# the address it serves; a system check warns when its host is not in ALLOWED_HOSTS).
STATUS_REPORT_INTERVAL_DAYS = env.int("STATUS_REPORT_INTERVAL_DAYS", default=91)
SURVEY_REMINDER_DAYS = env.int("SURVEY_REMINDER_DAYS", default=7)
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
# Reporting rounds: "bald fällig" this many days before the due date (then weekly when overdue).
ROUND_REMINDER_DAYS_BEFORE = env.int("ROUND_REMINDER_DAYS_BEFORE", default=7)
# Plan comparison of indicators (measures/plan.py): the share of the way from baseline to
# target by which the newest value may differ from the expected one and still be "im Plan".
PLAN_TOLERANCE = env.float("PLAN_TOLERANCE", default=0.1)
# Days after a round's due date during which its personal links still work (late reports).
REPORTING_LINK_GRACE_DAYS = env.int("REPORTING_LINK_GRACE_DAYS", default=30)
# "Neuen Link anfordern": at most this many requests per link and client address per hour.
REPORTING_LINK_REQUEST_LIMIT = env.int("REPORTING_LINK_REQUEST_LIMIT", default=3)
# The coordination's weekly digest (participation/digest.py): sent on this weekday (0 = Monday,
# later in the week when that run was missed); actors silent this many weeks, measures without
# a Sachstand this many days. COORDINATION_EMAIL: named in mails to contact addresses.
DIGEST_WEEKDAY = env.int("DIGEST_WEEKDAY", default=0)
DIGEST_SILENT_WEEKS = env.int("DIGEST_SILENT_WEEKS", default=8)
DIGEST_STALE_DAYS = env.int("DIGEST_STALE_DAYS", default=120)
COORDINATION_EMAIL = env.str("COORDINATION_EMAIL", default="")

# Background tasks through django.tasks. TASKS_BACKEND=db (default): the task queue lives in
# the database, worker `manage.py db_worker`. TASKS_BACKEND=rq: Redis via RQ (REDIS_URL),
# worker `manage.py rqworker --job-class django_tasks_rq.Job default`.
TASKS_BACKEND = env.str("TASKS_BACKEND", default="db")
# db backend: `manage.py worker` reports a sign of life this often; a worker silent for longer
# than the timeout counts as dead and its running tasks fail at once (core/ops/heartbeat.py).
WORKER_HEARTBEAT_SECONDS = env.float("WORKER_HEARTBEAT_SECONDS", default=10)
WORKER_HEARTBEAT_TIMEOUT = env.float("WORKER_HEARTBEAT_TIMEOUT", default=45)
REDIS_URL = env.str("REDIS_URL", default="")
if TASKS_BACKEND == "db":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
elif TASKS_BACKEND == "rq":
    if not REDIS_URL:
        raise ImproperlyConfigured("TASKS_BACKEND=rq needs REDIS_URL (redis://host:6379/0).")
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
else:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be 'db' or 'rq', not {TASKS_BACKEND!r}.")
# The queue dashboard in /admin/ (superusers) only where there is a Redis queue to show.
RQ_SHOW_ADMIN_LINK = TASKS_BACKEND == "rq"
# django-rq reads its queues from here (also when unused, so the app loads without Redis).
RQ_QUEUES = {
    "default": {
        "URL": REDIS_URL or "redis://127.0.0.1:6379/0",
        "DEFAULT_TIMEOUT": env.int("TASK_TIMEOUT_SECONDS", default=900),
    }
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5-responsive.html"

# Security. Production values unless DEBUG; each can be tuned from the environment.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# A working day, not Django's two weeks: office computers are shared. A save that meets the
# ended session loses nothing (core/unsent.py).
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# HSTS preloading is a commitment each operator makes on purpose (SECURE_HSTS_PRELOAD=true);
# its absence is not a defect, so the deploy check does not warn about it.
SILENCED_SYSTEM_CHECKS = ["security.W021"]

# Logs go to stdout (systemd's journal collects them): LOG_FORMAT=json (default without
# DEBUG) writes one JSON object per line with the request id; LOG_FORMAT=text for humans.
LOG_FORMAT = env.str("LOG_FORMAT", default="text" if DEBUG else "json")
if LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be 'json' or 'text', not {LOG_FORMAT!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "core.ops.logs.RequestIdFilter"},
        "client_error": {"()": "core.ops.logs.ClientErrorFilter"},
    },
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": "time",  # ISO 8601 in UTC
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Every line once: Django's default configuration gives the "django" loggers a console
        # handler of their own (stderr, DEBUG only) on top of ours, so under `make run` each task
        # state line and each 4xx warning was printed twice. Here they only reach the root
        # handler (also "django.server", runserver's request lines).
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        # A 403 or 404 is the client's doing: one warning line, without the traceback of the
        # PermissionDenied or Http404 that produced it. A 5xx keeps its traceback.
        "django.request": {"filters": ["client_error"]},
        # WeasyPrint reports every rendering step and fontTools every subset at INFO: keep warnings.
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Data protection (docs/betrieb/datenschutz.md): deletion periods in days, 0 = keep for ever.
# Carried out daily by `manage.py privacy_cleanup` (deploy/systemd/laatzen-privacy.timer).
RETENTION_SURVEY_CONTACTS_DAYS = env.int("RETENTION_SURVEY_CONTACTS_DAYS", default=730)
RETENTION_CONFERENCE_PARTICIPANTS_DAYS = env.int(
    "RETENTION_CONFERENCE_PARTICIPANTS_DAYS", default=365
)
RETENTION_INVITATIONS_DAYS = env.int("RETENTION_INVITATIONS_DAYS", default=365)
RETENTION_PERSONAL_LINKS_DAYS = env.int("RETENTION_PERSONAL_LINKS_DAYS", default=90)
