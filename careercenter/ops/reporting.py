"""Error reports to Sentry when SENTRY_DSN is set (the ``sentry`` extra); each report is
tagged with the request id that the logs and the X-Request-ID header carry."""

from __future__ import annotations

from typing import Any

from flask import Flask, g

from careercenter.config import ConfigError
from careercenter.logs import REPEATS, problem_key


def once_per_interval(event: dict[str, Any], hint: dict[str, Any]) -> dict[str, Any] | None:
    """During an outage every request and follower round fails the same way: one report
    per problem and interval (shared with the log's repeat filter), not one per failure."""
    record = hint.get("log_record")
    if record is not None:
        allowed = getattr(record, "_repeat_checked", None)
        if allowed is None:
            allowed, _ = REPEATS.allow(problem_key(record))
        return event if allowed else None
    kind = hint["exc_info"][0].__name__ if hint.get("exc_info") else ""
    message = (event.get("logentry") or {}).get("message") or event.get("message") or ""
    allowed, _ = REPEATS.allow(("sentry", event.get("level"), message, kind))
    return event if allowed else None


def register(app: Flask) -> None:
    dsn = app.config.get("SENTRY_DSN")
    if not dsn:
        return
    try:
        import sentry_sdk
        from sentry_sdk.integrations.flask import FlaskIntegration
    except ImportError as error:
        raise ConfigError(
            "SENTRY_DSN is set but sentry-sdk is not installed: pip install 'careercenter[sentry]'"
        ) from error
    # The SDK's defaults send no personal data (no user, cookies or form bodies): résumés and
    # e-mail addresses stay out of reports.
    sentry_sdk.init(
        dsn=dsn,
        integrations=[FlaskIntegration()],
        environment=app.config["ENVIRONMENT"],
        traces_sample_rate=0.0,
        before_send=once_per_interval,
    )

    @app.before_request
    def tag_request() -> None:
        sentry_sdk.set_tag("request_id", g.get("request_id", "-"))
