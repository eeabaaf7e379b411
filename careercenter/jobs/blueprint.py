"""The jobs blueprint; importing this module registers its routes."""

from flask import Blueprint

bp = Blueprint("jobs", __name__)

from careercenter.jobs import admin_views, employer_views  # noqa: E402, F401
