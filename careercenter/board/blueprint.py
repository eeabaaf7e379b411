"""The board blueprint (the home page and the job page); importing this module registers
its routes."""

from flask import Blueprint

bp = Blueprint("board", __name__)

from careercenter.board import views  # noqa: E402, F401
