"""The search blueprint (the /jobs page) and the JSON API blueprint."""

from flask import Blueprint

bp = Blueprint("search", __name__)
api = Blueprint("api", __name__, url_prefix="/api/v1")

from careercenter.search import api_views, views  # noqa: E402, F401
