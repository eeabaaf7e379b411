"""Request guards and response headers that every page gets."""

from __future__ import annotations

from flask import Flask, Response, abort, request

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data: https:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


def has_nul_byte() -> bool:
    """NUL bytes have no use in text and PostgreSQL refuses them, so they never get in."""
    for source in (request.args, request.form):
        for _, value in source.items(multi=True):
            if "\x00" in value:
                return True
    return "\x00" in request.path


def register(app: Flask) -> None:
    @app.before_request
    def refuse_nul_bytes() -> None:
        if has_nul_byte():
            abort(400, "Text may not contain NUL characters.")

    @app.after_request
    def security_headers(response: Response) -> Response:
        headers = response.headers
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        if app.config["ENVIRONMENT"] == "production":
            # Browsers come back over HTTPS only, for a year (production is HTTPS-only).
            headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        return response
