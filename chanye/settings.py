"""Django settings for Chanye.

Everything that differs between a laptop and a production intranet comes from the environment
(`CHANYE_*`, `DATABASE_URL`); each variable is documented in docs/settings.md and a test keeps the
two in step. Defaults are laptop-friendly; bad values fail loudly with a fix-it message.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
REPO_DIR = BASE_DIR.parent


def envbool(name: str, default: str) -> bool:
    value = os.getenv(name, default)
    if value.lower() in ("true", "1", "yes", "on"):
        return True
    if value.lower() in ("false", "0", "no", "off", ""):
        return False
    raise ImproperlyConfigured(f'{name}="{value}" 无效：请填写 True 或 False。')


def envint(name: str, default: str) -> int:
    value = os.getenv(name, default)
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f'{name}="{value}" 无效：请填写整数。') from None


def envsecret(name: str, default: str | None = None) -> str | None:
    """A secret from NAME, or from the file named by NAME_FILE (for container secrets)."""
    if path := os.getenv(f"{name}_FILE"):
        return Path(path).read_text(encoding="utf-8").strip()
    return os.getenv(name, default)


DATA_DIR = Path(os.getenv("CHANYE_DATA_DIR", str(REPO_DIR / "var")))
DEBUG = envbool("CHANYE_DEBUG", "False")

SECRET_KEY = envsecret("CHANYE_SECRET_KEY")
if not SECRET_KEY:
    # A laptop gets a random key kept in the data folder, so sessions survive restarts and no
    # secret is ever committed; production sets CHANYE_SECRET_KEY (or CHANYE_SECRET_KEY_FILE).
    _key_file = DATA_DIR / "secret_key.txt"
    if _key_file.exists():
        SECRET_KEY = _key_file.read_text(encoding="utf-8").strip()
    else:
        import secrets

        DATA_DIR.mkdir(parents=True, exist_ok=True)
        SECRET_KEY = secrets.token_urlsafe(50)
        _key_file.write_text(SECRET_KEY, encoding="utf-8")
        _key_file.chmod(0o600)

ALLOWED_HOSTS = [
    h.strip()
    for h in os.getenv("CHANYE_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.getenv("CHANYE_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "axes",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "ninja",  # in INSTALLED_APPS so /api/v1/docs serves Swagger UI from local static files, not a CDN
    "chanye.core",
    "chanye.accounts",
    "chanye.systems",
    "chanye.industries",
    "chanye.districts",
    "chanye.targets",
    "chanye.enterprises",
    "chanye.per_mu",
    "chanye.places",
    "chanye.projects",
    "chanye.lists",
    "chanye.site",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "chanye.core.middleware.RejectNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "chanye.core.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "chanye.core.middleware.ChangeSourceMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes last: it turns a locked-out login into a 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "chanye.site.urls"

# Background and scheduled work: Django's tasks framework with its database backend (SQLite and
# PostgreSQL alike), run by `chanye worker` (docs/tasks.md).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
WSGI_APPLICATION = "chanye.wsgi.application"

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
                "chanye.core.context_processors.chanye",
                "chanye.accounts.context_processors.permissions",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.getenv("DATABASE_URL", f"sqlite:///{DATA_DIR / 'chanye.sqlite3'}"),
        conn_max_age=envint("CHANYE_DB_CONN_MAX_AGE", "0"),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # IMMEDIATE transactions plus a busy timeout: concurrent writers wait instead of failing
    # with "database is locked" (the Healthchecks settings do the same).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        # WAL with synchronous=NORMAL: durable against crashes, may lose the last commit on power loss.
        "init_command": "PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;",
    }
    DATA_DIR.mkdir(parents=True, exist_ok=True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "systems:overview"
LOGOUT_REDIRECT_URL = "accounts:login"

# Login lockout (等保 2.0 身份鉴别): 5 failures lock the username from that address for 30 minutes.
AXES_FAILURE_LIMIT = envint("CHANYE_LOGIN_FAILURE_LIMIT", "5")
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_VERBOSE = False

# Idle timeout: the session expires 30 minutes after the last request.
SESSION_COOKIE_AGE = envint("CHANYE_SESSION_IDLE_SECONDS", "1800")
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = envbool("CHANYE_SECURE_COOKIES", "False")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
# Serve straight from the app folders: no collectstatic step, so a fresh clone runs at once.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

LOG_LEVEL = os.getenv("CHANYE_LOG_LEVEL", "INFO").upper()
if LOG_LEVEL not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
    raise ImproperlyConfigured(
        f'CHANYE_LOG_LEVEL="{LOG_LEVEL}" 无效：请填写 DEBUG、INFO、WARNING、ERROR 或 CRITICAL。'
    )
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["stderr"], "level": LOG_LEVEL},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# The system definition loaded by `chanye init` when the database has none.
DEFAULT_SYSTEM_SLUG = os.getenv("CHANYE_DEFAULT_SYSTEM", "guangzhou-12218")
# 亩均效益评价 rule sets shipped as data (one YAML per rule set), loaded for each system by `chanye init`.
PER_MU_RULES_DIR = Path(os.getenv("CHANYE_PER_MU_RULES_DIR", str(REPO_DIR / "data" / "per_mu")))
DEFAULT_TARGETS_FILE = Path(
    os.getenv(
        "CHANYE_DEFAULT_TARGETS_FILE", str(REPO_DIR / "data" / "systems" / "guangzhou-12218-targets.yaml")
    )
)
DEFAULT_SYSTEM_FILE = Path(
    os.getenv("CHANYE_DEFAULT_SYSTEM_FILE", str(REPO_DIR / "data" / "systems" / "guangzhou-12218.yaml"))
)

# Upper bound of `limit` on every API list endpoint.
API_MAX_PAGE_SIZE = envint("CHANYE_API_MAX_PAGE_SIZE", "500")
