"""Settings shared by every mode. Every value comes from the environment (or `.env`) with a
safe local default, so a bare machine runs the embedded mode: SQLite and a filesystem broker."""

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from kombu import Exchange, Queue

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"  # runtime data of the embedded mode (database, broker, media)

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="django-insecure-local-only-do-not-use-in-production")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "channels",
    "common",
    "merchant",
    "exports",
    "products",
    "orders",
    "payouts",
    "dropship",
    "chat",
    "openplatform",
    "console",
]

# The open platform (/api/router): how long a consent code and an app's tokens live (the
# platform's own: 24 h and 30 days, §1.10.3), and per-API rate limits overriding the
# documented ones: {"pdd.order.list.get": (calls, seconds)}.
OPEN_CODE_LIFETIME = timedelta(minutes=5)
OPEN_ACCESS_TOKEN_LIFETIME = timedelta(hours=24)
OPEN_REFRESH_TOKEN_LIFETIME = timedelta(days=30)
OPEN_RATE_LIMITS: dict = {}
OPEN_PUSH_RETENTION = timedelta(days=7)  # unacknowledged messages are sent again this long

# Paths whose protocol refuses bad input in its own form (always HTTP 200, error_response):
# the edge checks (NUL bytes) leave them to it.
SELF_REFUSING_PATHS = ("/api/router",)

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "common.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "common.middleware.ConsoleLocaleMiddleware",
    "common.middleware.RejectNulBytesMiddleware",  # sync, next to the other sync one
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # after every other that can run async (see below)
    # Innermost and sync-only: under ASGI, Django then runs the whole chain on the request's
    # one sync thread. With async-capable middleware (axes, messages, clickjacking) inside
    # a sync one, each request hopped between the event loop and that thread several times
    # more: bench.load, 2 workers, 8 connections: order list page 66 -> 92 req/s, dashboard
    # page 106 -> 128. Axes still wraps the view, which is what its "last" asks for.
    "merchant.middleware.CurrentShopMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

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
                "django.template.context_processors.i18n",
                "console.context_processors.console",
            ],
        },
    },
]

# Database: Postgres in production and tests; a SQLite file for the embedded run.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # Web workers and the background worker share the file: wait for locks instead of failing,
    # and take the write lock at BEGIN so two writers never deadlock on upgrade.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        DATABASES["default"]["ENGINE"] = "common.postgresql"  # faster timestamptz (see there)
    # 0: under ASGI each request's sync code may run on a different thread, and persistent
    # connections then pile up per thread until Postgres refuses clients (seen in
    # bench.load: "too many clients" at 16 connections with CONN_MAX_AGE=60).
    # A pool per process (psycopg_pool) instead: each request borrows a connection and
    # gives it back, so no request pays for connecting and the total stays bounded.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DB_POOL_SIZE = env.int("DB_POOL_SIZE", default=8)  # connections per process at most
    DATABASES["default"]["OPTIONS"] = (
        {"pool": {"min_size": 1, "max_size": DB_POOL_SIZE, "timeout": 10}} if DB_POOL_SIZE else {}
    )
# A Postgres streaming replica for reads that tolerate a few seconds of lag (statements,
# exports): only code inside `common.routers.replica_reads()` reads from it, and never
# after it wrote (common/routers.py). Without it, everything reads the primary.
if env("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = {
        **DATABASES["default"],
        **{
            key: value
            for key, value in env.db("DATABASE_REPLICA_URL").items()
            if key in ("NAME", "USER", "PASSWORD", "HOST", "PORT")
        },
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = ["common.routers.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "merchant.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "merchant.password_validation.MinimumLengthValidator"},  # our zh catalogue
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login brute force: 5 failures for one username from one address lock it for 15 minutes.
# The database handler keeps the count shared by every web process.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "merchant.views.login_locked_out"
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_CLIENT_IP_CALLABLE = "common.http.client_ip"
# How many proxies of ours stand in front of the web processes (docker-compose.yml: 1, its
# nginx); 0 when clients connect directly. common.http.client_ip reads the client address
# by it, for lockouts, rate limits and the bank-card audit.
PROXY_COUNT = env.int("PROXY_COUNT", default=0)

# I18n: Chinese first, English second; Shanghai time everywhere.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
# Public files (product images) are served at MEDIA_URL; private ones (statements, exports)
# only through views that check the caller (common/storage.py). docker-compose.yml shares
# MEDIA_ROOT between the web, chat and worker containers, and nginx serves public/.
PUBLIC_MEDIA_ROOT = Path(MEDIA_ROOT) / "public"
PRIVATE_MEDIA_ROOT = Path(MEDIA_ROOT) / "private"
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
    },
    "public": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PUBLIC_MEDIA_ROOT, "base_url": MEDIA_URL},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Product images: at most this many bytes as uploaded; re-encoded, metadata dropped, and
# scaled to at most PRODUCT_IMAGE_MAX_SIDE pixels on the long side.
PRODUCT_IMAGE_MAX_BYTES = env.int("PRODUCT_IMAGE_MAX_BYTES", default=5 * 1024 * 1024)
PRODUCT_IMAGE_MAX_SIDE = env.int("PRODUCT_IMAGE_MAX_SIDE", default=1600)

# Redis: broker, cache and (later) channel layer. Absent = the embedded default.
REDIS_URL = env("REDIS_URL", default="")

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "common.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "mc",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Channels: live chat over websockets. Redis shares groups between all web processes; the
# in-memory layer (embedded default) only works with the single process `make run` starts.
# A shop's customer-service socket receives every message of the shop: the layer's default
# of 100 waiting messages per socket dropped pushes ("over capacity") when 200 buyers wrote
# at once (bench.chat). With Redis the limit is not per socket but per worker process: its
# sockets share one queue in Redis, so a burst of 2,000 messages (two pushes each, to the
# shop and to the buyer) from 50 senders overran 2,000 and dropped pushes (bench.chat,
# 2026-12-04). 20,000 holds that burst; a push that is dropped all the same is saved
# already, and the page fetches it when it reloads or reconnects.
CHANNEL_CAPACITY = env.int("CHANNEL_CAPACITY", default=20000)
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                "hosts": [REDIS_URL],
                "prefix": env("CHANNELS_PREFIX", default="mc"),
                "capacity": CHANNEL_CAPACITY,
            },
        }
    }
else:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels.layers.InMemoryChannelLayer",
            "CONFIG": {"capacity": CHANNEL_CAPACITY},
        }
    }
CHAT_MESSAGE_MAX_LENGTH = 500
CHAT_BUYER_RATE = env("CHAT_BUYER_RATE", default="20/min")  # messages a buyer may send

# Celery. Delivery is chosen for "never lose a task, tolerate a redelivery":
# - acks_late: a task is acknowledged only after it finished, so a crash mid-task redelivers it.
# - reject_on_worker_lost: without it, a task whose worker process was killed (SIGKILL, OOM)
#   is acknowledged anyway and silently lost; with it, it goes back to the queue.
# - Redis redelivers an unacknowledged task after `visibility_timeout`. It must exceed the
#   longest task's hard time limit, or a long task still running is handed to a second worker.
# - prefetch 1: a worker holds one unacknowledged task at a time, so a killed worker strands
#   little and long tasks do not block short ones queued behind them.
# Tasks are therefore idempotent (status guards, unique constraints) and retry only transient
# errors (database connection loss), each with its own `autoretry_for`.
# The fault drills (tests/reliability) shorten all three through the environment.
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=30 * 60)
CELERY_TASK_SOFT_TIME_LIMIT = CELERY_TASK_TIME_LIMIT * 5 // 6
CELERY_VISIBILITY_TIMEOUT = env.int(
    "CELERY_VISIBILITY_TIMEOUT", default=CELERY_TASK_TIME_LIMIT + 10 * 60
)
if CELERY_VISIBILITY_TIMEOUT <= CELERY_TASK_TIME_LIMIT:
    raise ImproperlyConfigured("CELERY_VISIBILITY_TIMEOUT must exceed CELERY_TASK_TIME_LIMIT.")
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_EXPIRES = timedelta(days=1)
# Nothing reads task results (tasks write their outcome to the database), and asking for
# one makes every enqueue subscribe to the result store, which fails when Redis is down.
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Three queues, so that a flood of one kind of work never delays another: money (withdrawal
# submission and status, income, penalties), orders (the default: sweeps, late shipments,
# receipts, after-sale deadlines) and bulk (statements, exports, imports, binding syncs).
# A worker started without -Q consumes all three (make run, the tests); production runs one
# worker per queue (docker-compose.yml), scaled apart.
CELERY_TASK_QUEUES = [
    Queue(name, Exchange(name, type="direct"), routing_key=name)
    for name in ("money", "orders", "bulk")
]
CELERY_TASK_DEFAULT_QUEUE = CELERY_TASK_DEFAULT_EXCHANGE = CELERY_TASK_DEFAULT_ROUTING_KEY = (
    "orders"
)
CELERY_TASK_ROUTES = {
    "payouts.tasks.*": {"queue": "money"},
    "dropship.tasks.build_statement_task": {"queue": "bulk"},
    "dropship.tasks.sync_dropship_orders_task": {"queue": "bulk"},
    "exports.tasks.build_export_task": {"queue": "bulk"},
    "orders.tasks.process_shipment_import_task": {"queue": "bulk"},
}
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
        # How often a worker looks for tasks a dead worker left unacknowledged (and hands
        # back those older than the visibility timeout): every 10 s by default.
        "unacked_restore_interval": env.int("CELERY_UNACKED_RESTORE_INTERVAL", default=10),
        "unacked_restore_throttle": 1,
    }
    CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_VISIBILITY_TIMEOUT}
else:
    # Embedded default: kombu's filesystem transport. Messages are files in var/celery/, so
    # the worker that `make run` starts really runs tasks out of process, without Redis.
    CELERY_BROKER_URL = "filesystem://"
    for folder in ("queue", "processed", "results", "control"):
        (VAR_DIR / "celery" / folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(VAR_DIR / "celery" / "queue"),
        "data_folder_out": str(VAR_DIR / "celery" / "queue"),
        "processed_folder": str(VAR_DIR / "celery" / "processed"),
        # The exchange tables (kombu's default: control/ in the working directory).
        "control_folder": str(VAR_DIR / "celery" / "control"),
        "store_processed": False,
    }
    CELERY_RESULT_BACKEND = f"file://{VAR_DIR / 'celery' / 'results'}"
# 导入发货: files up to this many rows ship in the request (about a second); larger ones
# in the worker, the page showing progress.
SHIPMENT_IMPORT_INLINE_ROWS = env.int("SHIPMENT_IMPORT_INLINE_ROWS", default=100)

CELERY_BEAT_SCHEDULE = {
    "requeue-stuck-exports": {
        "task": "exports.tasks.requeue_stuck_exports_task",
        "schedule": timedelta(minutes=2),
    },
    "requeue-background-work": {
        "task": "dropship.tasks.requeue_background_work_task",
        "schedule": timedelta(minutes=2),
    },
    "fail-stuck-statements": {
        "task": "dropship.tasks.fail_stuck_statements_task",
        "schedule": timedelta(minutes=10),
    },
    "poll-withdrawals": {
        "task": "payouts.tasks.poll_withdrawals_task",
        "schedule": timedelta(minutes=10),
    },
    "settle-missed": {
        "task": "payouts.tasks.settle_missed_task",
        "schedule": timedelta(minutes=15),
    },
    "detect-late-shipments": {
        "task": "orders.tasks.detect_late_shipments_task",
        "schedule": timedelta(minutes=5),
    },
    "requeue-shipment-imports": {
        "task": "orders.tasks.requeue_shipment_imports_task",
        "schedule": timedelta(minutes=2),
    },
    "expire-after-sales": {
        "task": "orders.tasks.expire_after_sales_task",
        "schedule": timedelta(minutes=5),
    },
    "auto-confirm-receipts": {
        "task": "orders.tasks.auto_confirm_receipts_task",
        "schedule": timedelta(minutes=30),
    },
    "clear-expired-sessions": {
        "task": "merchant.tasks.clear_expired_sessions_task",
        "schedule": crontab(hour=4, minute=0),
    },
    "delete-old-socket-tickets": {
        "task": "chat.tasks.delete_old_socket_tickets_task",
        "schedule": crontab(minute=17),
    },
}

# REST API: the contract in shared/API.md.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: its WWW-Authenticate header makes anonymous calls 401, not 403.
        "merchant.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "common.api.DefaultPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "common.schema.AutoSchema",
    "EXCEPTION_HANDLER": "common.api.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "common.throttling.AnonRateThrottle",
        "common.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("THROTTLE_ANON", default="120/min"),
        "user": env("THROTTLE_USER", default="1200/min"),
        "auth": env("THROTTLE_AUTH", default="20/min"),
    },
    "NUM_PROXIES": PROXY_COUNT,  # unused by our throttles (common.http.client_ip); for others
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    # `?format=` belongs to the API (statement downloads: csv|xlsx), not to DRF's renderer
    # negotiation, which would answer 404 for a format it has no renderer for.
    "URL_FORMAT_OVERRIDE": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Merchant console API",
    "DESCRIPTION": "Public REST API of the merchant back office (商家后台), v1.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "MembershipRoleEnum": "merchant.models.Role.choices",
        "StaffRoleEnum": "merchant.models.STAFF_ROLE_CHOICES",
        "DropshipRoleEnum": "dropship.models.DropshipRole.choices",
        "ProductStatusEnum": "products.models.ProductStatus.choices",
        "OrderStatusEnum": "orders.models.OrderStatus.choices",
        "AfterSaleStatusEnum": "orders.models.AfterSaleStatus.choices",
        "AfterSaleKindEnum": "orders.models.AfterSaleKind.choices",
        "LedgerKindEnum": "payouts.models.LedgerKind.choices",
        "AfterSaleStageEnum": "orders.models.AfterSaleStage.choices",
        "AfterSaleReasonEnum": "orders.models.AfterSaleReason.choices",
        "LogisticsStatusEnum": "orders.models.LogisticsStatus.choices",
        "RemarkFlagEnum": "orders.models.RemarkFlag.choices",
    },
}

SESSION_COOKIE_AGE = 60 * 60 * 24 * 7
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"client_errors": {"()": "common.logging.ClientErrorsWithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "django.request": {"filters": ["client_errors"]},
        "django.security": {"filters": ["client_errors"]},
    },
}

# Exports (导出): how many a member may have waiting or being built at once.
EXPORTS_UNFINISHED_MAX = env.int("EXPORTS_UNFINISHED_MAX", default=3)
# The order list's quick CSV (written while the browser waits) stops at this many orders.
ORDER_QUICK_EXPORT_MAX = env.int("ORDER_QUICK_EXPORT_MAX", default=20000)

# Orders
SHIP_DEADLINE_HOURS = env.int("SHIP_DEADLINE_HOURS", default=48)  # 承诺发货时间 after payment
AUTO_RECEIVE_DAYS = env.int("AUTO_RECEIVE_DAYS", default=10)  # automatic receipt after shipping
# 售后 deadlines: past each one the platform acts (orders.services.expire_after_sales).
# The merchant answers a request; the buyer ships a return; the merchant confirms its receipt;
# a buyer whose request was refused may ask the platform to step in.
AFTER_SALE_RESPONSE_TIME = timedelta(hours=env.int("AFTER_SALE_RESPONSE_HOURS", default=48))
AFTER_SALE_RETURN_TIME = timedelta(days=env.int("AFTER_SALE_RETURN_DAYS", default=7))
AFTER_SALE_RECEIPT_TIME = timedelta(days=env.int("AFTER_SALE_RECEIPT_DAYS", default=7))
AFTER_SALE_APPEAL_TIME = timedelta(days=env.int("AFTER_SALE_APPEAL_DAYS", default=7))
# The shop is reminded of a request it must answer when this much time is left.
AFTER_SALE_REMINDER_BEFORE = timedelta(hours=env.int("AFTER_SALE_REMINDER_HOURS", default=12))
AFTER_SALE_MAX_IMAGES = 5  # a buyer's photos per request (each as a product image's limits)
# Per-carrier secrets of the logistics webhook, e.g. LOGISTICS_WEBHOOK_SECRETS=SF=abc,ZTO=def
LOGISTICS_WEBHOOK_SECRETS = env.dict("LOGISTICS_WEBHOOK_SECRETS", default={})

# Payouts
PLATFORM_FEE_RATE = Decimal(env("PLATFORM_FEE_RATE", default="0.006"))  # 技术服务费 0.6 %
LATE_PENALTY_RATE = Decimal(env("LATE_PENALTY_RATE", default="0.05"))
LATE_PENALTY_MIN = Decimal(env("LATE_PENALTY_MIN", default="3.00"))
LATE_PENALTY_MAX = Decimal(env("LATE_PENALTY_MAX", default="50.00"))
# Fernet keys for bank card numbers, newest first (see payouts/crypto.py).
CARD_ENCRYPTION_KEYS = env.list("CARD_ENCRYPTION_KEYS", default=[])
PAYOUT_GATEWAY = env("PAYOUT_GATEWAY", default="payouts.gateways.SimulatedBank")
SIMULATED_BANK_FAILING_LAST4 = env("SIMULATED_BANK_FAILING_LAST4", default="0000")
# API tokens end after this long without use (each use slides the end).
API_TOKEN_IDLE_LIFETIME = timedelta(days=env.int("API_TOKEN_IDLE_DAYS", default=30))
# A websocket ticket (POST /api/v1/chat/socket-ticket) is good once, for this long.
SOCKET_TICKET_LIFETIME = timedelta(seconds=env.int("SOCKET_TICKET_SECONDS", default=60))
# Working days (payouts/workdays.py): a year's official holiday schedule, entered here while
# the chinese-calendar release in use does not know it yet, e.g.
# WORKDAY_CALENDAR_YEARS=2027 EXTRA_HOLIDAYS=2027-01-01,... EXTRA_WORKDAYS=2027-02-07,...
WORKDAY_CALENDAR_YEARS = {int(year) for year in env.list("WORKDAY_CALENDAR_YEARS", default=[])}
EXTRA_HOLIDAYS = {date.fromisoformat(day) for day in env.list("EXTRA_HOLIDAYS", default=[])}
EXTRA_WORKDAYS = {date.fromisoformat(day) for day in env.list("EXTRA_WORKDAYS", default=[])}
# A newly bound or changed card receives no withdrawal for this long.
BANK_CARD_COOLING_OFF = timedelta(hours=env.int("BANK_CARD_COOLING_OFF_HOURS", default=24))
