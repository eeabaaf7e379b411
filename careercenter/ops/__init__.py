"""Running the board: health and readiness, request ids in logs, cache headers, static file
fingerprints and error reports."""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    from careercenter import logs
    from careercenter.ops import caching, health, reporting

    logs.register(app)
    reporting.register(app)
    caching.register(app)
    app.register_blueprint(health.bp)
