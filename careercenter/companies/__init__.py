"""Employers: company profiles, their staff, and the public company page."""

from flask import Blueprint

bp = Blueprint("companies", __name__)

from careercenter.companies import views  # noqa: E402, F401
