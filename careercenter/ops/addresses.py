"""Which address a request is answered as. Behind ``TRUSTED_PROXIES`` proxies the visitor's
address and scheme come from their ``X-Forwarded-*`` headers; in production every link the
board writes (e-mails, feeds, the sitemap, structured data) comes from ``BASE_URL``, never
from the request's ``Host``, and a request for a host the board does not serve is a 400.

Without this, a password-reset request sent with ``Host: evil.example`` would e-mail the
account's owner a link to the forged host, and whoever runs it would receive the token.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from flask import Flask
from werkzeug.exceptions import BadRequest
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.sansio.utils import host_is_trusted
from werkzeug.wsgi import get_host

# Health checks from the machine itself (a container's probe, a load balancer on loopback).
LOCAL_HOSTS = ("localhost", "127.0.0.1", "[::1]", "::1")


def served_hosts(base_url: str, extra: Iterable[str]) -> list[str]:
    """BASE_URL's host, the machine's own names and the operator's ``ALLOWED_HOSTS``."""
    hosts = [urlsplit(base_url).hostname or ""]
    hosts += [host.strip().lower() for host in extra if host.strip()]
    return [host for host in dict.fromkeys([*hosts, *LOCAL_HOSTS]) if host]


class AnsweredAsBaseUrl:
    """WSGI middleware: a request for a served host is answered as if made to ``BASE_URL``
    (its scheme, host, port and path prefix), so ``url_for(_external=True)`` and
    ``request.url_root`` can only name the site. A request for any other host
    is refused with a plain 400 (before the app, whose error pages would build links)."""

    def __init__(self, wsgi_app: Any, base_url: str, hosts: list[str]) -> None:
        parts = urlsplit(base_url)
        self.wsgi_app, self.hosts = wsgi_app, hosts
        self.scheme, self.netloc = parts.scheme, parts.netloc
        self.prefix = parts.path.rstrip("/")

    def __call__(self, env: dict[str, Any], start_response: Any) -> Any:
        try:
            served = host_is_trusted(get_host(env), self.hosts)
        except ValueError:  # a malformed Host header
            served = False
        if not served:
            refusal = BadRequest("This server does not answer for that host name.")
            return refusal(env, start_response)
        # A copy: the server's own env keeps what the client really sent.
        env = {**env, "HTTP_HOST": self.netloc, "wsgi.url_scheme": self.scheme}
        script_name = env.get("SCRIPT_NAME", "")
        if self.prefix and not script_name.startswith(self.prefix):
            env["SCRIPT_NAME"] = self.prefix + script_name
        return self.wsgi_app(env, start_response)


def register(app: Flask) -> None:
    """Wire the address handling: the canonical address inside, the proxy headers outside
    (so a trusted ``X-Forwarded-Host`` is checked like any ``Host``)."""
    base_url = app.config.get("BASE_URL") or ""
    if app.config.get("ENVIRONMENT") == "production" and base_url:
        hosts = served_hosts(base_url, app.config.get("ALLOWED_HOSTS") or ())
        app.wsgi_app = AnsweredAsBaseUrl(app.wsgi_app, base_url, hosts)  # type: ignore[method-assign]
    hops = int(app.config.get("TRUSTED_PROXIES") or 0)
    if hops > 0:
        # X-Forwarded-Prefix rewrites every link on pages proxies may cache, so it is read
        # only when the operator says a proxy sets it.
        prefix_hops = hops if app.config.get("TRUSTED_PROXY_PREFIX") else 0
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops, x_prefix=prefix_hops
        )
