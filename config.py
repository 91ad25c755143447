"""Configuration classes, read from environment variables.

`Config` is for development (SQLite in `instance/`, a generated secret key kept there),
`TestConfig` for the test suite, `ProductionConfig` for real deployments (requires
`SECRET_KEY` and `DATABASE_URL`, secure cookies).
"""
from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("RATSCHLAG_INSTANCE", BASE_DIR / "instance"))


def _development_secret_key() -> str:
    """Return a secret key that survives restarts, generated once into `instance/`."""
    key_file = INSTANCE_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def normalise_database_url(url: str) -> str:
    """Use the psycopg 3 driver for plain `postgres://` / `postgresql://` URLs."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


class Config:
    """Development defaults: SQLite file, mail to the log, rate limits in memory."""

    SECRET_KEY = os.environ.get("SECRET_KEY") or None  # filled lazily in create_app
    SQLALCHEMY_DATABASE_URI = normalise_database_url(
        os.environ.get("DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'ratschlag.sqlite'}")
    )
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    REDIS_URL = os.environ.get("REDIS_URL") or None
    # Analysis runs: "thread", "rq" (needs REDIS_URL and `flask analysis worker`) or "inline";
    # unset = "rq" when REDIS_URL is set, else "thread". See app/analysis_runs/runner.py.
    ANALYSIS_RUNNER = os.environ.get("ANALYSIS_RUNNER") or None
    ANALYSIS_QUEUE = os.environ.get("ANALYSIS_QUEUE", "ratschlag-analysis")
    # Council report: the public URL of the app (origin + mount prefix) for the OParl objects, needed
    # behind a proxy and for `flask report export`; chart images need Debian's chromium (else tables).
    OPARL_BASE_URL = os.environ.get("OPARL_BASE_URL") or None
    REPORT_CHART_IMAGES = _env_bool("REPORT_CHART_IMAGES", True)
    # Open-data ZIP per process (app/exports/services.py): where the files live (default
    # <instance>/opendata-zip), the public URL its proposal addresses use (else OPARL_BASE_URL, else the
    # requesting address), and how many seconds a ZIP stays before changed data rebuild it.
    OPENDATA_ZIP_DIR = os.environ.get("OPENDATA_ZIP_DIR") or None
    OPENDATA_BASE_URL = os.environ.get("OPENDATA_BASE_URL") or None
    OPENDATA_ZIP_MIN_AGE = int(os.environ.get("OPENDATA_ZIP_MIN_AGE", "300"))

    # Mail: SMTP when MAIL_SERVER is set, otherwise written to the log.
    MAIL_SERVER = os.environ.get("MAIL_SERVER") or None
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "587"))
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME") or None
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD") or None
    MAIL_USE_TLS = _env_bool("MAIL_USE_TLS", True)
    MAIL_USE_SSL = _env_bool("MAIL_USE_SSL", False)
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "Ratschlag <noreply@localhost>")
    MAIL_BACKEND = None  # "smtp", "log" or "memory"; None = smtp if MAIL_SERVER else log
    # Outbox (app/core/outbox.py): mails are sent by the background runner; a failed mail is retried after
    # MAIL_RETRY_SECONDS × 2^(attempt−1) up to MAIL_MAX_ATTEMPTS times; a claim older than MAIL_CLAIM_TIMEOUT
    # seconds (a worker that died) is taken over; at most MAIL_BATCH_SIZE mails per SMTP connection.
    MAIL_MAX_ATTEMPTS = int(os.environ.get("MAIL_MAX_ATTEMPTS", "5"))
    MAIL_RETRY_SECONDS = int(os.environ.get("MAIL_RETRY_SECONDS", "60"))
    MAIL_CLAIM_TIMEOUT = int(os.environ.get("MAIL_CLAIM_TIMEOUT", "600"))
    MAIL_BATCH_SIZE = int(os.environ.get("MAIL_BATCH_SIZE", "100"))

    LANGUAGES = ("de", "en")
    BABEL_DEFAULT_LOCALE = "de"
    BABEL_DEFAULT_TIMEZONE = os.environ.get("TIMEZONE", "Europe/Berlin")
    BABEL_TRANSLATION_DIRECTORIES = str(BASE_DIR / "translations")

    MAX_CONTENT_LENGTH = 2 * 1024 * 1024
    WTF_CSRF_TIME_LIMIT = 8 * 3600
    PERMANENT_SESSION_LIFETIME = timedelta(days=14)
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_DURATION = timedelta(days=30)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"

    RATELIMIT_ENABLED = True
    RATELIMIT_LOGIN = "10 per minute;50 per hour"
    RATELIMIT_REGISTER = "5 per minute;20 per hour"
    RATELIMIT_RESET = "5 per minute;20 per hour"
    # Account self-service POSTs (change password/e-mail, download data, delete), per account.
    RATELIMIT_ACCOUNT = "10 per minute;30 per hour"
    RATELIMIT_SURVEY = "20 per hour"  # survey responses started or submitted per address
    RATELIMIT_SURVEY_POST = "60 per minute"  # survey form pages sent per address
    RATELIMIT_PROPOSAL = "10 per hour"
    RATELIMIT_PROPOSAL_EDIT = "30 per hour"
    RATELIMIT_COMMENT = "10 per minute;100 per hour"
    RATELIMIT_VOTE = "60 per minute;1000 per hour"
    RATELIMIT_REPORT = "20 per hour"
    RATELIMIT_ACCESSIBILITY_FEEDBACK = "5 per hour"  # barrier reports sent per address (legal pages)
    RATELIMIT_API = os.environ.get("RATELIMIT_API", "300 per minute")  # read API requests per address
    RATELIMIT_REPORT_FILES = "60 per hour"  # anonymous fetches of the public OParl objects per address
    # Moderation: an item is hidden pending review after this many reports by different people.
    MODERATION_AUTO_HIDE_REPORTS = 3
    # Seconds anonymous readers may see a cached proposal list / detail (0 = no cache); see app/core/pagecache.py.
    PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "10"))

    # Argon2id parameters (argon2-cffi defaults: RFC 9106 low-memory profile).
    ARGON2_TIME_COST = 3
    ARGON2_MEMORY_COST = 65536
    ARGON2_PARALLELISM = 4

    CONFIRM_TOKEN_MAX_AGE = 3 * 24 * 3600
    RESET_TOKEN_MAX_AGE = 2 * 3600
    EMAIL_CHANGE_TOKEN_MAX_AGE = 24 * 3600

    # Retention (`flask maintenance purge`, run daily from cron), in days; 0 switches a rule off.
    # See docs/account-and-retention.md for what each rule deletes and why.
    RETENTION_UNCONFIRMED_ACCOUNT_DAYS = int(os.environ.get("RETENTION_UNCONFIRMED_ACCOUNT_DAYS", "30"))
    RETENTION_SURVEY_DRAFT_DAYS = int(os.environ.get("RETENTION_SURVEY_DRAFT_DAYS", "30"))
    RETENTION_READ_NOTIFICATION_DAYS = int(os.environ.get("RETENTION_READ_NOTIFICATION_DAYS", "180"))
    RETENTION_AUDIT_DETAILS_DAYS = int(os.environ.get("RETENTION_AUDIT_DETAILS_DAYS", "730"))

    INSTANCE_DIR = str(INSTANCE_DIR)
    PREFERRED_URL_SCHEME = "http"
    HSTS = False


class TestConfig(Config):
    """Test suite: own database (TEST_DATABASE_URL or a temporary SQLite file), mail captured."""

    TESTING = True
    SECRET_KEY = "test-secret-key-not-for-production"
    SQLALCHEMY_DATABASE_URI = normalise_database_url(
        os.environ.get("TEST_DATABASE_URL", "sqlite:///:memory:")
    )
    MAIL_BACKEND = "memory"
    WTF_CSRF_ENABLED = False  # tests that check CSRF switch it on explicitly
    # Cheap hashes keep the suite fast; the algorithm (argon2id) stays the same.
    ARGON2_TIME_COST = 1
    ARGON2_MEMORY_COST = 1024
    ARGON2_PARALLELISM = 1
    SERVER_NAME = None
    PAGE_CACHE_SECONDS = 0  # tests that need the page cache switch it on
    ANALYSIS_RUNNER = "inline"  # analyses run synchronously; tests of the thread/RQ runners switch


class ProductionConfig(Config):
    """Production: secrets and database must come from the environment; secure cookies."""

    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"
    HSTS = True

    @classmethod
    def check(cls) -> None:
        """Refuse to start without a real secret key and database."""
        if not os.environ.get("SECRET_KEY"):
            raise RuntimeError("SECRET_KEY must be set in production.")
        if not os.environ.get("DATABASE_URL"):
            raise RuntimeError("DATABASE_URL must be set in production.")

    @classmethod
    def check_app_config(cls, config, environ=os.environ) -> None:
        """Refuse to start (at app creation) when rate limits would be counted in each worker process's
        memory while more than one worker process is configured: every limit would let through N times."""
        if not config.get("RATELIMIT_ENABLED", True):
            return
        storage = config.get("RATELIMIT_STORAGE_URI") or config.get("REDIS_URL") or "memory://"
        workers = configured_workers(environ)
        if storage.startswith("memory") and workers > 1:
            raise RuntimeError(
                f"{workers} worker processes are configured (WEB_CONCURRENCY / gunicorn --workers), but the rate "
                "limits are kept in memory, so each process would count them on its own. Set REDIS_URL (or "
                "RATELIMIT_STORAGE_URI) to a shared storage, or run a single worker process."
            )


def configured_workers(environ) -> int:
    """The number of gunicorn worker processes the environment asks for: WEB_CONCURRENCY (read by
    gunicorn.conf.py) or `--workers N` / `-w N` in GUNICORN_CMD_ARGS; 1 when neither is set."""
    counts = [1]
    raw = (environ.get("WEB_CONCURRENCY") or "").strip()
    if raw.isascii() and raw.isdigit():
        counts.append(int(raw))
    arguments = (environ.get("GUNICORN_CMD_ARGS") or "").replace("=", " ").split()
    for flag, value in zip(arguments, arguments[1:]):
        if flag in ("-w", "--workers") and value.isascii() and value.isdigit():
            counts.append(int(value))
    return max(counts)


def config_from_environment() -> type[Config]:
    """Pick the config class named by RATSCHLAG_CONFIG (development|production)."""
    name = os.environ.get("RATSCHLAG_CONFIG", "development").lower()
    if name == "production":
        ProductionConfig.check()
        return ProductionConfig
    return Config


def development_secret_key() -> str:
    """Public accessor used by the app factory when no SECRET_KEY is configured."""
    return _development_secret_key()
