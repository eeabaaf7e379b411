"""gunicorn settings for CareerCenter, shipped in the package so that an installed wheel has
them: ``gunicorn -c python:careercenter.gunicorn_conf careercenter.wsgi:app`` (in a checkout,
``-c gunicorn.conf.py`` reads the same).

The app writes its own access line per request (with the request id), so gunicorn's access
log is off; errors go to standard error. Settings come from the environment.
"""

import multiprocessing
import os

bind = os.environ.get("BIND", "0.0.0.0:8000")
# Sync workers: each handles one request at a time; twice the cores plus one is the usual
# starting point (searches are CPU work, mail and Meilisearch calls are short).
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
timeout = 30  # a worker stuck longer is killed and replaced
graceful_timeout = 30  # on SIGTERM, requests in flight finish and view counts are written
keepalive = 5
max_requests = 2000  # recycle workers now and then, with jitter so they do not all restart
max_requests_jitter = 200
# Heartbeat files in memory: a container's /tmp may be a slow overlay (gunicorn's own advice).
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108
accesslog = None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()


def limit_store_warning(worker_count: int, environment: dict[str, str]) -> str | None:
    """Rate limits kept in memory count per worker: with several workers an address gets
    the log-in limit once per worker. Said once at start, not found out in an incident."""
    enabled = environment.get("RATELIMIT_ENABLED", "1").strip().lower() not in (
        "0",
        "false",
        "no",
        "off",
    )
    store = environment.get("RATELIMIT_STORAGE_URI", "").strip() or "memory://"
    if worker_count > 1 and enabled and store.startswith("memory://"):
        return (
            f"rate limits are kept in memory with {worker_count} workers: each worker counts "
            "alone, so an address gets every limit once per worker; set "
            "RATELIMIT_STORAGE_URI=redis://… (the redis extra) to share them"
        )
    return None


def on_starting(server) -> None:
    warning = limit_store_warning(server.cfg.workers, dict(os.environ))
    if warning:
        server.log.warning(warning)


def post_worker_init(worker) -> None:
    """Each worker, once it has loaded the app, starts the thread that follows the search
    change log into this machine's embedded index (the app never starts it from a request)."""
    from careercenter.search.follower import start_follower

    start_follower(worker.wsgi)
