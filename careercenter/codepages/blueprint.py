"""The codes blueprint (code pages and lookup); importing this module registers its routes."""

from flask import Blueprint

bp = Blueprint("codes", __name__)

from careercenter.codepages import views  # noqa: E402, F401
