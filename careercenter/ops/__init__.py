"""Running the board: health and readiness, cache headers, static file fingerprints and
error reports (request logging is ``careercenter.logs``, registered first)."""

from __future__ import annotations

from flask import Flask

from careercenter.ops import caching, health, reporting


def register(app: Flask) -> None:
    reporting.register(app)
    caching.register(app)
    app.register_blueprint(health.bp)
