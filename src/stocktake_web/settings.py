"""Settings, read from the environment only, safe by default.

Every variable is documented in ``docs/configuration.md``. Without ``DEBUG`` the application
refuses to start unless it is given a secret key; in debug a key is generated once and kept, with
mode 0600, in the data directory. A ``.env`` file in the working directory is read first when it
exists; variables already set in the environment win over it.
"""

from __future__ import annotations

import datetime
import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

import stocktake
from stocktake import __version__ as stocktake_version

PACKAGE_DIR = Path(__file__).resolve().parent
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def _read_env_file(path: Path) -> None:
    """Load ``KEY=value`` lines from ``path`` into the environment without overriding it."""
    if not path.is_file():
        return
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, value = line.split("=", 1)
        os.environ.setdefault(key.strip(), value.strip().strip("'\""))


def env(name: str, default: str = "") -> str:
    """The variable's value; an empty value counts as unset, as in a copied ``.env.example``."""
    return os.environ.get(name, "").strip() or default


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name, "")
    if not value.strip():
        return default
    if value.strip().lower() in _TRUE:
        return True
    if value.strip().lower() in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be 1 or 0 (or true/false), not '{value}'.")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not '{value}'.") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name} must be {minimum} or more, not {number}.")
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name, "")
    if not value.strip():
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def secret_key(*, debug: bool, data_dir: Path) -> str:
    """``SECRET_KEY``, else the file named by ``SECRET_KEY_FILE``, else (debug only) a kept key.

    The generated key lives in ``data_dir/secret_key`` with mode 0600 so that sessions survive a
    restart; it is never used without debug, where a missing key stops the start-up instead.
    """
    if key := env("SECRET_KEY").strip():
        return key
    if key_file := env("SECRET_KEY_FILE").strip():
        try:
            key = Path(key_file).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(
                f"SECRET_KEY_FILE names {key_file}, which cannot be read ({exc.strerror})."
            ) from None
        if not key:
            raise ImproperlyConfigured(f"SECRET_KEY_FILE names {key_file}, which is empty.")
        return key
    if not debug:
        raise ImproperlyConfigured(
            "Stocktake will not start without a secret key when DEBUG is off: set SECRET_KEY "
            "or SECRET_KEY_FILE (see docs/configuration.md)."
        )
    return _kept_debug_key(data_dir / "secret_key")


def default_database_url(data_dir: Path) -> str:
    """SQLite in the data directory, which is created here if it does not exist yet.

    SQLite creates the database file but not its folder; without this, the first ``migrate``
    of a new installation fails with "unable to open database file".
    """
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ImproperlyConfigured(
            f"The data directory {data_dir} cannot be created ({exc.strerror}): set "
            "STOCKTAKE_DATA_DIR to a writable folder, or DATABASE_URL to another database."
        ) from None
    return f"sqlite:///{data_dir / 'stocktake.sqlite3'}"


REDIS_TIMEOUT_SECONDS = 1
"""How long a page waits for Redis to connect or to answer before doing without it."""


def cache_settings(url: str) -> dict[str, object]:
    """The cache from ``CACHE_URL``: memory of each process when empty, else Redis.

    Pages keep what they computed under keys that change with the data, so a cache of each
    worker's own is correct, only less shared than Redis. Redis is only a cache: when it does
    not answer within a second, pages are worked out as if nothing were kept and the failure is
    logged, instead of the page failing. Its keys start with the release, so the workers of two
    releases sharing one Redis during an upgrade never show each other's pages.
    """
    if not url:
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "stocktake",
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    if url.startswith(("redis://", "rediss://", "unix://")):
        return {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": f"stocktake-{stocktake_version}",
            "OPTIONS": {
                "SOCKET_CONNECT_TIMEOUT": REDIS_TIMEOUT_SECONDS,
                "SOCKET_TIMEOUT": REDIS_TIMEOUT_SECONDS,
                "IGNORE_EXCEPTIONS": True,
            },
        }
    raise ImproperlyConfigured(
        f"CACHE_URL must be empty (memory of each process) or a redis:// address, not '{url}'."
    )


def _kept_debug_key(path: Path) -> str:
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(key + "\n")
    return key


# Read before anything else; set STOCKTAKE_ENV_FILE empty to read no file at all.
if env_file := os.environ.get("STOCKTAKE_ENV_FILE", ".env").strip():
    _read_env_file(Path(env_file))

# -- Core ----------------------------------------------------------------------------------------

DEBUG = env_bool("DEBUG", False)
DATA_DIR = Path(env("STOCKTAKE_DATA_DIR", "data")).resolve()
SECRET_KEY = secret_key(debug=DEBUG, data_dir=DATA_DIR)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "stocktake_web",
    "stocktake_web.accounts",
    "stocktake_web.network",
    "stocktake_web.frameworks",
    "stocktake_web.assessments",
    "stocktake_web.dashboards",
    "stocktake_web.demo",
    "django_tasks",
    "django_tasks_db",
    "stocktake_web.background",
    "stocktake_web.audit",
    "stocktake_web.benchmarking",
    "stocktake_web.rankings",
    "stocktake_web.peers",
    "stocktake_web.events",
    "stocktake_web.progress",
    "stocktake_web.notifications",
    "stocktake_web.reviews",
    "stocktake_web.secretariat",
    "stocktake_web.reports",
    "stocktake_web.exchange",
    "stocktake_web.knowledge",
    "stocktake_web.api",
    "stocktake_web.screening",
    "stocktake_web.workshops",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "stocktake_web.security_headers.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Dates and times in the signed-in person's network's time zone.
    "stocktake_web.network.time_zone_middleware.NetworkTimeZoneMiddleware",
    # After authentication: a signed-in person's own language goes before the browser's.
    "stocktake_web.languages.PersonLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "stocktake_web.audit.middleware.RequestOriginMiddleware",
    # Last, as django-axes asks: it turns a refused sign-in into the "paused" page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "stocktake_web.urls"
WSGI_APPLICATION = "stocktake_web.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
# Axes' backend goes first: it refuses a paused sign-in before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Passwords people choose themselves (an invitation, a reset, "change my password").
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "stocktake_web.context.demo",
                "stocktake_web.notifications.context.unread_notifications",
            ],
        },
    },
]

# -- Database ------------------------------------------------------------------------------------

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL") or default_database_url(DATA_DIR),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers continue while one request writes; IMMEDIATE takes the write lock at the
    # start of a transaction, so concurrent autosaves queue instead of failing half-way.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL;",
        "transaction_mode": "IMMEDIATE",
    }

CACHES = {"default": cache_settings(env("CACHE_URL"))}
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True  # a Redis that stopped answering shows in the log

# -- Background work -----------------------------------------------------------------------------

# Long work (exports of a whole cohort, large rounds) waits in the database until a worker,
# ``manage.py db_worker``, runs it; see docs/operations.md.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# -- E-mail --------------------------------------------------------------------------------------

# In development e-mails are printed on the console; in production they go to the SMTP server
# named here. A server that refuses or does not answer within EMAIL_TIMEOUT seconds never fails
# the action that sent the e-mail: the failure is logged and kept on the notification.
EMAIL_BACKEND = (
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10, minimum=1)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Stocktake <stocktake@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Days before a round's deadline on which `send_reminders` reminds departments still answering.
STOCKTAKE_REMINDER_DAYS = env_int("STOCKTAKE_REMINDER_DAYS", 3, minimum=1)

# -- Languages -----------------------------------------------------------------------------------

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("zh-hant", _("Traditional Chinese")),
    ("ja", _("Japanese")),
    ("ko", _("Korean")),
]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
FORMAT_MODULE_PATH = ["stocktake_web.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env("TIME_ZONE", "UTC")

# -- Static files and uploads --------------------------------------------------------------------

STATIC_URL = "static/"
# The city report's stylesheet is the core's (the `stocktake report` command uses it too),
# served as reports/report.css beside the apps' own static files.
STATICFILES_DIRS = [("reports", str(Path(stocktake.__file__).resolve().parent / "reports/static"))]
STATIC_ROOT = Path(env("STATIC_ROOT", str(DATA_DIR / "static"))).resolve()
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(DATA_DIR / "media"))).resolve()
MEDIA_URL = "media/"  # never served directly: evidence files go through a permission check
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
STOCKTAKE_EVIDENCE_MAX_BYTES = env_int("STOCKTAKE_EVIDENCE_MAX_MB", 10) * 1024 * 1024
# An oversized evidence file is skipped while it arrives, before Django stores it.
FILE_UPLOAD_HANDLERS = [
    "stocktake_web.assessments.interfaces.uploads.EvidenceSizeLimit",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# -- Security ------------------------------------------------------------------------------------

SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 14 * 24 * 3600)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
if env_bool("BEHIND_HTTPS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"
# Proxies in front that append the client's address to X-Forwarded-For (0: the header is ignored).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0)
# Only with this (or `seed_demo --demo-database`) may the demo's shared password go into accounts.
STOCKTAKE_DEMO = env_bool("STOCKTAKE_DEMO", False)

# -- Sign-in throttling (django-axes; see accounts/interfaces/throttling.py) ---------------------

AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
STOCKTAKE_SIGN_IN_ADDRESS_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 20, minimum=1)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("LOGIN_PAUSE_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username"], ["ip_address"]]
AXES_HANDLER = "stocktake_web.accounts.interfaces.throttling.SignInThrottle"
AXES_LOCKOUT_CALLABLE = "stocktake_web.accounts.interfaces.throttling.locked_out_response"
AXES_CLIENT_IP_CALLABLE = "stocktake_web.accounts.interfaces.clients.client_address"
# Successful sign-ins are in the audit log; axes keeps only the failures it counts.
AXES_DISABLE_ACCESS_LOG = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "refusal_in_one_line": {"()": "stocktake_web.request_log.RefusalInOneLine"},
        "refusal_logged_once": {"()": "stocktake_web.request_log.RefusalLoggedOnce"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own handlers for these would print each record a second time beside root's.
        "django": {"handlers": [], "propagate": True},
        "django.server": {"handlers": [], "propagate": True, "filters": ["refusal_logged_once"]},
        "django.db.backends": {"level": "INFO"},
        "django.request": {"filters": ["refusal_in_one_line"]},
    },
}
