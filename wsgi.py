"""Entry point for gunicorn from a checkout: ``gunicorn wsgi:app`` (see careercenter/wsgi.py)."""

from careercenter.wsgi import app

__all__ = ["app"]
