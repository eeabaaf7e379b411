"""The alerts blueprint; importing this module registers its routes."""

from flask import Blueprint

bp = Blueprint("alerts", __name__)

from careercenter.alerts import views  # noqa: E402, F401
