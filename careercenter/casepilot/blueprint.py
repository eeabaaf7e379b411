"""The CasePilot blueprint (/ask); importing this module registers its routes."""

from flask import Blueprint

bp = Blueprint("casepilot", __name__)

from careercenter.casepilot import views  # noqa: E402, F401
