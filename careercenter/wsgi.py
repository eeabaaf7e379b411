"""The WSGI app for gunicorn, ``gunicorn careercenter.wsgi:app`` (an installed package) or
``gunicorn wsgi:app`` (a checkout). Runs as production unless told otherwise."""

import os

from careercenter import create_app

os.environ.setdefault("CAREERCENTER_ENV", "production")

app = create_app()
