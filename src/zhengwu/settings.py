"""zhengwu settings, read from the environment (see docs/deployment.md).

Development needs no variables at all: an embedded SQLite database under var/, a SQLite-backed huey
queue and mail written to files under var/mail/. With ZHENGWU_ENV=production every secret must be
given and `zhengwu check --deploy` is clean.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from zhengwu.core.env import env_bool, env_int, env_list, env_secret, env_str

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = PACKAGE_DIR.parent.parent  # the repository root in a checkout
VAR_DIR = Path(env_str("ZHENGWU_VAR_DIR", str(BASE_DIR / "var"))).resolve()

ENV = env_str("ZHENGWU_ENV", "development")
if ENV not in {"development", "test", "production"}:
    raise ImproperlyConfigured(f"ZHENGWU_ENV={ENV!r}: use development, test or production")
PRODUCTION = ENV == "production"

DEBUG = env_bool("ZHENGWU_DEBUG", default=not PRODUCTION)

_secret = env_secret("SECRET_KEY")
if _secret is None:
    if PRODUCTION:
        raise ImproperlyConfigured(
            "生产环境必须设置 SECRET_KEY 或 SECRET_KEY_FILE / "
            "SECRET_KEY or SECRET_KEY_FILE must be set when ZHENGWU_ENV=production"
        )
    _secret = "dev-insecure-zhengwu-key-only-for-local-development-0123456789abcdef"
SECRET_KEY = _secret

ALLOWED_HOSTS = env_list(
    "ZHENGWU_ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]", "testserver"]
)
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ZHENGWU_ALLOWED_HOSTS must name the site's host(s) in production")
CSRF_TRUSTED_ORIGINS = env_list("ZHENGWU_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "zhengwu.core.admin_site.ZhengwuAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "axes",
    "rules.apps.AutodiscoverRulesConfig",
    "huey.contrib.djhuey",
    "ninja",
    "zhengwu.core",
    "zhengwu.audit",
    "zhengwu.workdays",
    "zhengwu.notifications",
    "zhengwu.org",
    "zhengwu.disclosure",
    "zhengwu.applications",
    "zhengwu.warnings",
    "zhengwu.supervision",
    "zhengwu.assessment",
    "zhengwu.weekly",
    "zhengwu.reports",
    "zhengwu.api",
    "zhengwu.portal",
]

MIDDLEWARE = [
    # First, so it times and counts every answer, the cached and refused ones included.
    "zhengwu.core.metrics.MetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "zhengwu.core.middleware.RequestIdMiddleware",
    "zhengwu.core.middleware.RejectControlCharactersMiddleware",
    "zhengwu.core.middleware.ContentSecurityPolicyMiddleware",
    # Before sessions/locale/CSRF/auth: visitors' stored portal pages skip all of them.
    "zhengwu.portal.pagecache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "zhengwu.core.middleware.IdleTimeoutMiddleware",
    "zhengwu.core.middleware.DefaultLanguageMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # axes must come last so it sees the outcome of authentication
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "zhengwu.urls"
WSGI_APPLICATION = "zhengwu.wsgi.application"

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
                "zhengwu.core.context_processors.shell",
                "zhengwu.portal.context_processors.site",
            ],
        },
    }
]

# --- database -------------------------------------------------------------------------------
_default_db_url = f"sqlite:///{VAR_DIR / 'zhengwu.sqlite3'}"
DATABASE_URL = env_str("DATABASE_URL", _default_db_url)
try:
    _db = dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("ZHENGWU_DB_CONN_MAX_AGE", 60))
except Exception as exc:  # dj-database-url raises bare ValueError/KeyError on bad URLs
    raise ImproperlyConfigured(
        f"DATABASE_URL={DATABASE_URL!r} is not a database URL: {exc}"
    ) from exc
if _db["ENGINE"] == "django.db.backends.sqlite3":
    # Kept open per thread like any database: opening SQLite and running the PRAGMAs below costs
    # more than a visitor's cached page (benchmarks/portal.py).
    _db["OPTIONS"] = {
        # IMMEDIATE takes the write lock at BEGIN, so two writers queue instead of failing with
        # "database is locked" half-way through a transaction; WAL lets readers go on meanwhile.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
            "PRAGMA busy_timeout=20000;"
        ),
    }
else:
    # A connection kept open across requests is checked before reuse, so after a database
    # restart the first request reconnects instead of failing on a dead socket.
    _db["CONN_HEALTH_CHECKS"] = True
DATABASES = {"default": _db}

# --- caches -----------------------------------------------------------------------------------
# "pages": visitors' portal pages (portal.pagecache), bounded; per process unless a shared cache
# is configured for production.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "zhengwu-pages",
        "OPTIONS": {"MAX_ENTRIES": env_int("ZHENGWU_PAGE_CACHE_ENTRIES", 2000)},
    },
}
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    # Several web instances on several machines answer alike: the visitors' page cache, the
    # rate limits and captcha answers (the default cache), sessions (cached_db: read from Redis,
    # kept in the database too, so a Redis restart logs nobody out) and login lockouts all live
    # in one Redis. A Redis that is down degrades to cache misses, never to errors.
    _redis_options = {"socket_connect_timeout": 1, "socket_timeout": 1}
    CACHES = {
        "default": {
            "BACKEND": "zhengwu.core.caching.ForgivingRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "zhengwu",
            "OPTIONS": _redis_options,
        },
        "pages": {
            "BACKEND": "zhengwu.core.caching.ForgivingRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "zhengwu-pages",
            "OPTIONS": _redis_options,
        },
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
if _default_db_url == DATABASE_URL:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- applications for disclosure: public intake ------------------------------------------------
# The captcha of the public form and API ("off" only for tests: `check --deploy` warns), and the
# rate limit of submissions per address ("30/h", "100/d", "0" = no limit).
ZHENGWU_CAPTCHA = env_str("ZHENGWU_CAPTCHA", "on").strip().lower() not in {
    "off",
    "0",
    "false",
    "no",
}
ZHENGWU_INTAKE_RATE = env_str("ZHENGWU_INTAKE_RATE", "30/h").strip()

# --- accounts -------------------------------------------------------------------------------
AUTH_USER_MODEL = "org.Person"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "zhengwu.org.backends.AuthenticationOnlyBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("ZHENGWU_PASSWORD_MIN_LENGTH", 10)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "zhengwu.org.validators.CharacterClassValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "staff-home"
LOGOUT_REDIRECT_URL = "portal:home"

# Idle timeout: a session lives SESSION_COOKIE_AGE seconds after the *last* request. Its expiry is
# written again at most every SESSION_REFRESH_SECONDS (core.middleware.IdleTimeoutMiddleware), not
# on every request: that write was most of a small page's database work. So it ends after 29 to
# 30 minutes without a request.
SESSION_COOKIE_AGE = env_int("ZHENGWU_SESSION_IDLE_SECONDS", 30 * 60)
SESSION_REFRESH_SECONDS = min(60, SESSION_COOKIE_AGE // 10)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

AXES_FAILURE_LIMIT = env_int("ZHENGWU_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("ZHENGWU_LOGIN_COOLOFF_MINUTES", 30) / 60  # hours
# Failures are counted per account and per address, separately: one password sprayed over many
# accounts from one address locks the address; one account tried from many addresses is locked.
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "core/locked_out.html"
AXES_VERBOSE = False
AXES_ENABLED = env_bool("ZHENGWU_AXES_ENABLED", True)
if REDIS_URL:  # lockouts shared by every web instance (failed logins are also in the audit log)
    AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
    AXES_CACHE = "default"

# --- i18n -----------------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Shanghai"  # shown times; stored times are UTC (USE_TZ)
USE_TZ = True
LANGUAGE_COOKIE_NAME = "zhengwu_language"

# --- static and media -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("ZHENGWU_MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            # whitenoise's compressed manifest storage / Django's plain one, URLs remembered.
            "zhengwu.core.staticstorage.ProductionStaticStorage"
            if PRODUCTION
            else "zhengwu.core.staticstorage.DevelopmentStaticStorage"
        )
    },
}
# Stored files (attachments, letters, redacted copies) on S3-compatible object storage when a
# bucket is named: every web instance and worker on every machine sees the same files. The bucket
# stays private: files reach people only through the views that check who may read them.
S3_BUCKET = env_str("ZHENGWU_S3_BUCKET", "")
if S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env_str("ZHENGWU_S3_ENDPOINT_URL", "") or None,
            "region_name": env_str("ZHENGWU_S3_REGION", "") or None,
            "access_key": env_secret("ZHENGWU_S3_ACCESS_KEY"),
            "secret_key": env_secret("ZHENGWU_S3_SECRET_KEY"),
            "location": env_str("ZHENGWU_S3_PREFIX", ""),
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,  # a name already taken gets a suffix, as on a local disk
        },
    }
elif PRODUCTION and "ZHENGWU_MEDIA_ROOT" not in os.environ:
    raise ImproperlyConfigured(
        "生产环境必须配置文件存储：ZHENGWU_S3_BUCKET（对象存储）或 "
        "ZHENGWU_MEDIA_ROOT（共享目录） / "
        "file storage must be configured in production: ZHENGWU_S3_BUCKET (object storage) or "
        "ZHENGWU_MEDIA_ROOT (a shared folder)"
    )
WHITENOISE_USE_FINDERS = not PRODUCTION
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns about a missing folder
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

# --- mail -----------------------------------------------------------------------------------
EMAIL_URL = os.environ.get("ZHENGWU_EMAIL_URL", "")
if EMAIL_URL:
    from zhengwu.core.mailurl import parse_email_url

    globals().update(parse_email_url(EMAIL_URL))
elif PRODUCTION:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
else:
    # Development and the demo: each message is a file under var/mail/, readable afterwards and
    # out of the way of the server's log (tests replace the backend with an in-memory one).
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(VAR_DIR / "mail")
DEFAULT_FROM_EMAIL = env_str("ZHENGWU_FROM_EMAIL", "zhengwu@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- background jobs ------------------------------------------------------------------------
if REDIS_URL:
    HUEY = {
        "huey_class": "huey.PriorityRedisHuey",
        "name": env_str("ZHENGWU_HUEY_NAME", "zhengwu"),
        "url": REDIS_URL,
        "immediate": False,
        "consumer": {"workers": env_int("ZHENGWU_WORKERS", 2), "worker_type": "thread"},
    }
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "zhengwu",
        "filename": str(VAR_DIR / env_str("ZHENGWU_HUEY_FILE", "huey.sqlite3")),
        "immediate": env_bool("ZHENGWU_HUEY_IMMEDIATE", False),
        "consumer": {"workers": env_int("ZHENGWU_WORKERS", 2), "worker_type": "thread"},
    }

# --- security -------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("ZHENGWU_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("ZHENGWU_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # gunicorn behind the reverse proxy is told the client address in X-Forwarded-For
    AXES_IPWARE_PROXY_COUNT = env_int("ZHENGWU_PROXY_COUNT", 1)
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

# Content-Security-Policy: everything is served by the project itself (offline intranets).
ZHENGWU_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; "
    "base-uri 'self'; object-src 'none'"
)

# --- audit chain ------------------------------------------------------------------------------
# The HMAC keys sealing the audit chain live outside the database (audit/keys.py): "id:secret"
# entries, oldest first, the last one seals new events. Production must give them.
AUDIT_KEYS_SPEC = env_secret("ZHENGWU_AUDIT_KEYS") or ""
if AUDIT_KEYS_SPEC:
    from zhengwu.audit.keys import parse_keys

    try:
        parse_keys(AUDIT_KEYS_SPEC)
    except ValueError as exc:
        raise ImproperlyConfigured(f"ZHENGWU_AUDIT_KEYS: {exc}") from exc
elif PRODUCTION:
    raise ImproperlyConfigured(
        "生产环境必须设置审计密钥 ZHENGWU_AUDIT_KEYS 或 ZHENGWU_AUDIT_KEYS_FILE / "
        "ZHENGWU_AUDIT_KEYS or ZHENGWU_AUDIT_KEYS_FILE must be set when ZHENGWU_ENV=production"
    )
# Signed checkpoints of the chain head, appended after every commit that adds events; `zhengwu
# audit verify` compares the chain against them. Keep the file on other storage than the database
# (an append-only file: chattr +a, or a remote log); optionally mailed to the auditors.
AUDIT_CHECKPOINT_FILE = Path(
    env_str("ZHENGWU_AUDIT_CHECKPOINT_FILE", str(VAR_DIR / "audit-checkpoints.log"))
)
AUDIT_CHECKPOINT_EMAIL = env_list("ZHENGWU_AUDIT_CHECKPOINT_EMAIL", [])

LOG_FORMAT = env_str("ZHENGWU_LOG_FORMAT", "json" if PRODUCTION else "plain")
if LOG_FORMAT not in ("json", "plain"):
    raise ImproperlyConfigured(f"ZHENGWU_LOG_FORMAT={LOG_FORMAT!r}: use json or plain")
# /metrics answers loopback peers, and anyone presenting this token as "Authorization: Bearer …".
ZHENGWU_METRICS_TOKEN = env_secret("ZHENGWU_METRICS_TOKEN") or ""

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "zhengwu.core.logs.JsonFormatter"},
    },
    "filters": {"request_id": {"()": "zhengwu.core.middleware.RequestIdLogFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            # JSON lines in production (log collectors read fields), plain text on a laptop.
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("ZHENGWU_LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # The worker adds a handler of its own to a "huey" logger that has none, and every line
        # would then be printed twice (its handler and the root's).
        "huey": {"handlers": ["console"], "propagate": False},
    },
}

NINJA_PAGINATION_PER_PAGE = 50
