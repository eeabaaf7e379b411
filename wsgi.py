"""Entry point for gunicorn: ``gunicorn wsgi:app``. Runs as production unless told otherwise."""

import contextlib
import os

from careercenter import create_app
from careercenter.search.backend import SearchUnavailable, get_backend

os.environ.setdefault("CAREERCENTER_ENV", "production")

app = create_app()

# Each worker loads the embedded index's in-memory side before taking requests; with no
# index yet, the first search builds what it needs.
with app.app_context(), contextlib.suppress(SearchUnavailable):
    backend = get_backend()
    if hasattr(backend, "warm"):
        backend.warm()
