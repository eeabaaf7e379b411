"""The JSON API blueprint; importing this module registers its routes."""

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

from careercenter.api import views  # noqa: E402, F401
