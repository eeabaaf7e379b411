"""The companies blueprint; importing this module registers its routes."""

from flask import Blueprint

bp = Blueprint("companies", __name__)

from careercenter.companies import views  # noqa: E402, F401
