"""The applications blueprint; importing this module registers its routes."""

from flask import Blueprint

bp = Blueprint("applications", __name__)

from careercenter.applications import views  # noqa: E402, F401
