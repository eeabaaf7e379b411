"""gunicorn settings for a checkout: ``gunicorn -c gunicorn.conf.py careercenter.wsgi:app``.

The settings live in the package (``careercenter/gunicorn_conf.py``) so that an installed
wheel has them too: ``gunicorn -c python:careercenter.gunicorn_conf careercenter.wsgi:app``.
"""

from careercenter.gunicorn_conf import *  # noqa: F403
