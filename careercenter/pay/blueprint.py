"""The pay blueprint (/pay); importing this module registers its routes."""

from flask import Blueprint

bp = Blueprint("pay", __name__)

from careercenter.pay import views  # noqa: E402, F401
