"""Entry point for gunicorn: ``gunicorn wsgi:app``. Runs as production unless told otherwise."""

import os

from careercenter import create_app

os.environ.setdefault("CAREERCENTER_ENV", "production")

app = create_app()
