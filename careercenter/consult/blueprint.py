"""The consultant desk blueprint; importing this module registers its routes."""

from flask import Blueprint

bp = Blueprint("consult", __name__)

from careercenter.consult import views  # noqa: E402, F401
