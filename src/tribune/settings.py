"""Django settings, all from environment variables declared in tribune.config."""

from __future__ import annotations

import secrets
from pathlib import Path

import dj_database_url
import django_stubs_ext

from tribune import config

django_stubs_ext.monkeypatch()  # lets admin classes be typed as ModelAdmin[Model]

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(config.value("TRIBUNE_DATA_DIR")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    if key := config.value("TRIBUNE_SECRET_KEY"):
        return key
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.touch(mode=0o600)
        path.write_text(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = config.flag("TRIBUNE_DEBUG")
ALLOWED_HOSTS = config.listing("TRIBUNE_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = config.listing("TRIBUNE_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "tribune.core",
    "tribune.accounts",
    "tribune.news",
    "tribune.discussions",
    "tribune.notifications",
    "tribune.moderation",
    "tribune.understanding",
    "tribune.personalization",
    "tribune.site",
    "tribune.pwa",
]

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "news:front_page"
LOGOUT_REDIRECT_URL = "news:front_page"

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Pages compress well (a 1,000-response thread is ~1.5 MB of HTML). CSRF tokens are masked
    # per response, which keeps BREACH from reading them through the compression.
    "django.middleware.gzip.GZipMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "tribune.core.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "tribune.pwa.middleware.PrivateCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "tribune.site.middleware.TermsAcceptanceMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "tribune.urls"
WSGI_APPLICATION = "tribune.wsgi.application"

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
                "tribune.core.context_processors.site",
                "tribune.notifications.context_processors.notices",
            ],
            "builtins": [
                "django.contrib.humanize.templatetags.humanize",
                "tribune.core.templatetags.tribune",
            ],
        },
    }
]


def _database() -> dict[str, object]:
    if url := config.value("TRIBUNE_DATABASE_URL"):
        db: dict[str, object] = dict(
            dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
        )
        return db
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": DATA_DIR / "tribune.sqlite3",
        # Reused across requests and fetches: opening one (with its PRAGMAs) costs ~1 ms.
        "CONN_MAX_AGE": 600,
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": {
            # WAL lets readers go on while the worker writes; IMMEDIATE takes the write lock at
            # the start of a transaction so two writers queue instead of failing mid-way.
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=20000;"
            ),
        },
        "TEST": {"NAME": DATA_DIR / "test.sqlite3"},
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if cache_url := config.value("TRIBUNE_CACHE_URL"):
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": cache_url}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = False  # English only for now; translation lookups cost ~20% of a list page
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Security: sane everywhere, strict behind HTTPS.
HTTPS = config.flag("TRIBUNE_HTTPS")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

SITE_NAME = config.value("TRIBUNE_SITE_NAME")
SITE_URL = config.value("TRIBUNE_SITE_URL").rstrip("/")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {
        "tribune": {"handlers": ["console"], "level": "INFO"},
        "django": {"handlers": ["console"], "level": "WARNING"},
        # trafilatura warns on every page without text; the pipeline records that itself.
        "trafilatura": {"level": "ERROR"},
    },
}

FIRST_POSTS_NEED_APPROVAL = config.integer("TRIBUNE_FIRST_POSTS_NEED_APPROVAL")
WEB_PUSH = config.flag("TRIBUNE_WEB_PUSH")
FEEDBACK_EMAIL = config.listing("TRIBUNE_FEEDBACK_EMAIL")
PROXY_COUNT = config.integer("TRIBUNE_PROXY_COUNT")

# Ingestion (read by core.http.Guard and ingest.scheduler).
FETCH_ALLOWED_NETWORKS = config.listing("TRIBUNE_FETCH_ALLOWED_NETWORKS")
FETCH_TIMEOUT = float(config.value("TRIBUNE_FETCH_TIMEOUT"))
FETCH_MAX_BYTES = config.integer("TRIBUNE_FETCH_MAX_BYTES")
FETCH_CONCURRENCY = config.integer("TRIBUNE_FETCH_CONCURRENCY")
FETCH_PER_HOST = config.integer("TRIBUNE_FETCH_PER_HOST")
FETCH_MIN_INTERVAL = config.integer("TRIBUNE_FETCH_MIN_INTERVAL")
FETCH_MAX_INTERVAL = config.integer("TRIBUNE_FETCH_MAX_INTERVAL")
USER_AGENT = config.value("TRIBUNE_USER_AGENT") or f"Tribune/0.1 (+{SITE_URL}/)"

# Outgoing mail: TRIBUNE_EMAIL_URL (console:, smtp://, smtps://; see tribune.accounts.mail).
from tribune.accounts.mail import parse_email_url  # noqa: E402

_email = parse_email_url(config.value("TRIBUNE_EMAIL_URL"))
EMAIL_BACKEND = _email.backend
EMAIL_HOST = _email.host
EMAIL_PORT = _email.port
EMAIL_HOST_USER = _email.user
EMAIL_HOST_PASSWORD = _email.password
EMAIL_USE_TLS = _email.use_tls
EMAIL_USE_SSL = _email.use_ssl
EMAIL_TIMEOUT = _email.timeout
DEFAULT_FROM_EMAIL = config.value("TRIBUNE_EMAIL_FROM")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
PASSWORD_RESET_TIMEOUT = 3 * 3600  # a reset link works for three hours
del _email
