"""Error reports to Sentry when SENTRY_DSN is set (the ``sentry`` extra); each report is
tagged with the request id that the logs and the X-Request-ID header carry."""

from __future__ import annotations

from flask import Flask, g

from careercenter.config import ConfigError


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
    )

    @app.before_request
    def tag_request() -> None:
        sentry_sdk.set_tag("request_id", g.get("request_id", "-"))
