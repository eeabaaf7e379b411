"""The moderation blueprint (the operator's pages, and a seeker's report of a job);
importing this module registers its routes."""

from flask import Blueprint

bp = Blueprint("moderation", __name__)

from careercenter.moderation import views  # noqa: E402, F401
