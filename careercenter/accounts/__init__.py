"""Accounts: register, log in, verify e-mail, reset and change password."""

from flask import Blueprint

bp = Blueprint("accounts", __name__)

from careercenter.accounts import views  # noqa: E402, F401
