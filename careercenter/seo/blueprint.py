"""The seo blueprint; importing this module registers its routes."""

from flask import Blueprint

bp = Blueprint("seo", __name__)

from careercenter.seo import views  # noqa: E402, F401
