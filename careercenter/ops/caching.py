"""Cache headers. Static files are fingerprinted (``?v=<hash of the file>`` in every URL
the app writes) and cached for a year; public pages seen by a visitor without a session are
cacheable for a short while by proxies and CDNs; everything else is private."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path
from typing import Any

from flask import Flask, request, session
from flask_login import current_user

YEAR = 365 * 24 * 3600
FEED_ENDPOINTS = {"seo.search_feed", "seo.company_feed", "seo.code_feed"}


@cache
def fingerprint(path: str, modified: float) -> str:
    """The first 12 hex digits of the file's SHA-256 (recomputed when the file changes)."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]


def static_version(app: Flask, filename: str) -> str | None:
    path = Path(app.static_folder or "") / filename
    try:
        return fingerprint(str(path), path.stat().st_mtime)
    except OSError:
        return None


def register(app: Flask) -> None:
    @app.url_defaults
    def fingerprint_static(endpoint: str, values: dict[str, Any]) -> None:
        if endpoint == "static" and "v" not in values and "filename" in values:
            version = static_version(app, values["filename"])
            if version:
                values["v"] = version

    @app.after_request
    def cache_headers(response: Any) -> Any:
        if request.endpoint == "static":
            asked = request.args.get("v")
            filename = (request.view_args or {}).get("filename", "")
            if response.status_code == 200 and asked and asked == static_version(app, filename):
                response.cache_control.no_cache = None  # send_file's default, for files
                response.cache_control.public = True
                response.cache_control.max_age = YEAR
                response.cache_control.immutable = True
            return response
        if "Cache-Control" in response.headers:
            return response  # a view chose already
        anonymous = not current_user.is_authenticated and not session.modified and not session
        if request.method in ("GET", "HEAD") and response.status_code == 200 and anonymous:
            seconds = app.config["PUBLIC_CACHE_SECONDS"]
            if request.endpoint in FEED_ENDPOINTS:
                seconds = max(seconds, 300)
            response.cache_control.public = True
            response.cache_control.max_age = seconds
        elif current_user.is_authenticated:
            response.cache_control.private = True
            response.cache_control.no_store = True  # a signed-in page is never stored
        else:
            response.cache_control.private = True
            response.cache_control.no_cache = True
        return response
