"""The codes blueprint; importing this module registers its routes."""

from flask import Blueprint

bp = Blueprint("codes", __name__)

from careercenter.codes import views  # noqa: E402, F401
