"""The accounts blueprint; importing this module registers its routes."""

from flask import Blueprint

bp = Blueprint("accounts", __name__)

from careercenter.accounts import views  # noqa: E402, F401
