"""Settings from environment variables, with embedded defaults that run on a laptop.

Everything a deployment changes comes from the environment; nothing secret lives in code.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

import click

TRUE_WORDS = {"1", "true", "yes", "on"}


class ConfigError(click.ClickException, RuntimeError):
    """Raised when the settings would make an unsafe or broken app. A click exception, so a
    command (cron, the worker) refused for its settings says why in one line, no traceback."""


def env_flag(name: str, default: bool = False) -> bool:
    """Read a yes/no setting; unset means the default."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in TRUE_WORDS


def env_int(name: str, default: int) -> int:
    return _env_number(name, default, int, "a whole number")


def env_float(name: str, default: float) -> float:
    return _env_number(name, default, float, "a number")


def _env_number(name: str, default: Any, kind: Any, what: str) -> Any:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return kind(value)
    except ValueError as error:
        raise ConfigError(f"{name} must be {what}, got {value!r}") from error


def normalise_database_url(url: str) -> str:
    """Point plain PostgreSQL URLs at psycopg 3, the driver we install."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def instance_secret_key(instance_path: Path) -> str:
    """Read the development secret from the instance folder, creating it on first run.

    Keeps sessions valid across restarts without anyone having to set SECRET_KEY locally.
    """
    key_file = instance_path / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


def load_settings(instance_path: Path) -> dict[str, Any]:
    """Build the Flask config from the environment."""
    environment = os.environ.get("CAREERCENTER_ENV", "development").strip().lower()
    production = environment == "production"
    database_url = os.environ.get("DATABASE_URL", "").strip() or (
        f"sqlite:///{instance_path / 'careercenter.db'}"
    )
    settings: dict[str, Any] = {
        "ENVIRONMENT": environment,
        "SECRET_KEY": os.environ.get("SECRET_KEY", "").strip() or None,
        "SQLALCHEMY_DATABASE_URI": normalise_database_url(database_url),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "SEARCH_BACKEND": os.environ.get("SEARCH_BACKEND", "")
        or ("meilisearch" if os.environ.get("MEILI_URL") else "embedded"),
        "MEILI_URL": os.environ.get("MEILI_URL", ""),
        "MEILI_API_KEY": os.environ.get("MEILI_API_KEY", ""),
        # A search-only key for the web tier; the admin key above is for the worker/commands.
        "MEILI_SEARCH_KEY": os.environ.get("MEILI_SEARCH_KEY", ""),
        "MEILI_INDEX": os.environ.get("MEILI_INDEX", "jobs"),
        "MEILI_TIMEOUT": env_int("MEILI_TIMEOUT", 5),
        "SEARCH_INDEX_PATH": os.environ.get("SEARCH_INDEX_PATH", "")
        or str(instance_path / "search-index"),
        # Pay figures: their own small index, the fewest jobs a figure stands on, the window.
        "PAY_INDEX_PATH": os.environ.get("PAY_INDEX_PATH", "") or str(instance_path / "pay-index"),
        "PAY_MIN_POSTINGS": env_int("PAY_MIN_POSTINGS", 5),
        "PAY_WINDOW_MONTHS": env_int("PAY_WINDOW_MONTHS", 12),
        # Seconds between a web process's looks at the change log for the pay index.
        "PAY_REFRESH_SECONDS": env_float("PAY_REFRESH_SECONDS", 2.0),
        # Seconds between a process's looks at the change log (0: only after its own writes).
        "SEARCH_FOLLOW_INTERVAL": env_float("SEARCH_FOLLOW_INTERVAL", 0.25),
        "SEARCH_LOG_RETENTION_DAYS": env_int("SEARCH_LOG_RETENTION_DAYS", 7),
        "MAIL_URL": os.environ.get("MAIL_URL", "console"),
        # Queued e-mail is sent by the worker; in development the process that queued it
        # sends it right after its request or command, so no worker is needed there.
        "MAIL_SEND_AT_ONCE": env_flag("MAIL_SEND_AT_ONCE", not production),
        "MAIL_MAX_ATTEMPTS": env_int("MAIL_MAX_ATTEMPTS", 8),
        # Days a sent (or finally failed) e-mail is kept before the worker deletes it.
        "MAIL_RETENTION_DAYS": env_int("MAIL_RETENTION_DAYS", 7),
        # The worker: seconds between passes (search changes, e-mail), and between alert runs.
        "WORKER_INTERVAL": env_float("WORKER_INTERVAL", 5.0),
        "WORKER_ALERTS_EVERY": env_float("WORKER_ALERTS_EVERY", 60.0),
        "MAIL_FROM": os.environ.get("MAIL_FROM", "CareerCenter <no-reply@careercenter.localhost>"),
        "SITE_NAME": os.environ.get("SITE_NAME", "CareerCenter"),
        # Where the site lives, for links in e-mails written outside a request (alerts, the
        # worker) and the domain of Message-IDs; required in production and by commands
        # that write links.
        "BASE_URL": os.environ.get("BASE_URL", "").strip().rstrip("/"),
        "JOB_MODERATION": env_flag("JOB_MODERATION", False),
        "JOB_EXPIRY_DAYS": env_int("JOB_EXPIRY_DAYS", 30),
        "JOBS_PER_PAGE": env_int("JOBS_PER_PAGE", 20),
        # Closed and expired job pages answer 410 Gone this many days after they closed.
        "JOB_GONE_AFTER_DAYS": env_int("JOB_GONE_AFTER_DAYS", 30),
        "SITEMAP_URLS_PER_FILE": env_int("SITEMAP_URLS_PER_FILE", 50000),
        # Job page views are counted in the process and written at most this often.
        "VIEW_COUNT_FLUSH_SECONDS": env_int("VIEW_COUNT_FLUSH_SECONDS", 5),
        "EMAIL_TOKEN_MAX_AGE": env_int("EMAIL_TOKEN_MAX_AGE", 3 * 24 * 3600),
        "RESET_TOKEN_MAX_AGE": env_int("RESET_TOKEN_MAX_AGE", 3600),
        "INVITE_TOKEN_MAX_AGE": env_int("INVITE_TOKEN_MAX_AGE", 7 * 24 * 3600),
        "CODE_VIEWS_GUEST": env_int("CODE_VIEWS_GUEST", 1),
        "CODE_VIEWS_FREE": env_int("CODE_VIEWS_FREE", 5),
        # Guest code pages per address and month, whoever the guests are (an office, a NAT).
        "CODE_VIEWS_PER_ADDRESS": env_int("CODE_VIEWS_PER_ADDRESS", 20),
        # CasePilot: answers a month for guests and free accounts (employers and operators
        # are not metered), and an optional OpenAI-compatible model to phrase answers.
        "ASK_METERING": env_flag("ASK_METERING", True),
        "ASK_GUEST": env_int("ASK_GUEST", 3),
        "ASK_FREE": env_int("ASK_FREE", 20),
        "ASK_MODEL_URL": os.environ.get("ASK_MODEL_URL", ""),
        "ASK_MODEL": os.environ.get("ASK_MODEL", ""),
        "ASK_MODEL_KEY": os.environ.get("ASK_MODEL_KEY", ""),
        "ASK_MODEL_TIMEOUT": env_int("ASK_MODEL_TIMEOUT", 8),
        # CaseConsultant: free questions a month, and the hours an answer is due in.
        "CONSULT_FREE": env_int("CONSULT_FREE", 2),
        "CONSULT_ANSWER_HOURS": env_int("CONSULT_ANSWER_HOURS", 24),
        # The desk's mailbox: the address coders write to, and where the worker reads it
        # (imaps://user:password@host/INBOX); unset, the desk works on the web only.
        "CONSULT_ADDRESS": os.environ.get("CONSULT_ADDRESS", ""),
        "CONSULT_IMAP_URL": os.environ.get("CONSULT_IMAP_URL", ""),
        "CONSULT_IMAP_TIMEOUT": env_int("CONSULT_IMAP_TIMEOUT", 20),
        # How many reverse proxies stand in front of the app and set X-Forwarded-* headers;
        # 0 trusts none, so a visitor cannot choose the address the limits count by.
        "TRUSTED_PROXIES": env_int("TRUSTED_PROXIES", 0),
        # Whether those proxies set X-Forwarded-Prefix (the board served under a path).
        "TRUSTED_PROXY_PREFIX": env_flag("TRUSTED_PROXY_PREFIX", False),
        # Host names besides BASE_URL's (and the machine's own) that production answers.
        "ALLOWED_HOSTS": [
            host for host in os.environ.get("ALLOWED_HOSTS", "").split(",") if host.strip()
        ],
        "CODE_METERING": env_flag("CODE_METERING", True),
        "CPT_LICENCE_NOTICE": os.environ.get(
            "CPT_LICENCE_NOTICE",
            "CPT® descriptors are copyright American Medical Association. All rights reserved. "
            "Shown under this site's licence; not for reuse.",
        ),
        "LOG_LEVEL": os.environ.get("LOG_LEVEL", "INFO").strip().upper() or "INFO",
        # The same warning or error (an outage) is logged and reported once per this many
        # seconds per process, with a count of those held back.
        "LOG_REPEAT_SECONDS": env_float("LOG_REPEAT_SECONDS", 60.0),
        # One line per request on the "careercenter.access" logger, with its request id.
        "ACCESS_LOG": env_flag("ACCESS_LOG", True),
        "SENTRY_DSN": os.environ.get("SENTRY_DSN", "").strip(),
        # How long proxies and CDNs may keep a public page seen without a session (feeds 300).
        "PUBLIC_CACHE_SECONDS": env_int("PUBLIC_CACHE_SECONDS", 60),
        # /readyz fails when the search index is further behind the change log than this.
        "READY_MAX_SEARCH_LAG_SECONDS": env_int("READY_MAX_SEARCH_LAG_SECONDS", 120),
        "RATELIMIT_ENABLED": env_flag("RATELIMIT_ENABLED", True),
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_HEADERS_ENABLED": True,
        # A limit store that is down or hung must not take log-in down with it: a short
        # timeout, then each process counts on its own (one warning line) and goes back to
        # the store once it answers again.
        "RATELIMIT_STORAGE_OPTIONS": {
            "socket_timeout": env_float("RATELIMIT_STORAGE_TIMEOUT", 0.5),
            "socket_connect_timeout": env_float("RATELIMIT_STORAGE_TIMEOUT", 0.5),
        },
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "RATELIMIT_SWALLOW_ERRORS": True,
        "LOGIN_RATE_LIMIT": os.environ.get("LOGIN_RATE_LIMIT", "10 per minute;50 per hour"),
        "POSTING_RATE_LIMIT": os.environ.get("POSTING_RATE_LIMIT", "20 per hour;100 per day"),
        # Above the largest upload we accept (5 MB), so oversized files get a field message;
        # only far larger requests are cut off with a 413.
        "MAX_CONTENT_LENGTH": 12 * 1024 * 1024,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": production,
        "PREFERRED_URL_SCHEME": "https" if production else "http",
        "SERVER_NAME": os.environ.get("SERVER_NAME") or None,
    }
    return settings


def check_production_safety(config: dict[str, Any], debug: bool) -> None:
    """Refuse to serve production traffic with settings that leak or forge sessions."""
    if config.get("ENVIRONMENT") != "production":
        return
    secret = config.get("SECRET_KEY") or ""
    if len(secret) < 32:
        raise ConfigError(
            "CAREERCENTER_ENV=production needs SECRET_KEY set to at least 32 random characters"
        )
    if not config.get("BASE_URL"):
        raise ConfigError(
            "CAREERCENTER_ENV=production needs BASE_URL, the site's address "
            "(https://jobs.example.org), for links in e-mails"
        )
    if debug or config.get("DEBUG"):
        raise ConfigError("CAREERCENTER_ENV=production refuses to start with debug mode on")
