"""The seekers blueprint; importing this module registers its routes."""

from flask import Blueprint

bp = Blueprint("seekers", __name__)

from careercenter.seekers import views  # noqa: E402, F401
