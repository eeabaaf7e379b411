"""/ask: a question box and its answer, in the page (no JavaScript needed); /ask?q=… is a
shareable address."""

from __future__ import annotations

from flask import render_template, request
from flask_login import current_user

from careercenter.casepilot.answers import DISCLAIMER
from careercenter.casepilot.blueprint import bp
from careercenter.casepilot.questions import MAX_LENGTH
from careercenter.casepilot.service import ask


@bp.route("/ask")
def ask_page() -> str | tuple[str, int]:
    text = request.args.get("q", "")[: MAX_LENGTH * 2]
    if not text.strip():
        return render_template("casepilot/ask.html", asked=None, q="")
    asked = ask(current_user, text)
    status = 400 if asked.refused else 200
    return (
        render_template("casepilot/ask.html", asked=asked, q=asked.question, disclaimer=DISCLAIMER),
        status,
    )
