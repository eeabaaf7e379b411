"""The search blueprint (the /jobs page); importing this module registers its routes."""

from flask import Blueprint

bp = Blueprint("search", __name__)

from careercenter.search import views  # noqa: E402, F401
