"""Subscribing to a search, confirming, unsubscribing in one click, managing alerts."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from careercenter.accounts.forms import ConfirmForm
from careercenter.alerts import service as alerts
from careercenter.alerts.blueprint import bp
from careercenter.alerts.forms import AlertForm
from careercenter.extensions import csrf, limiter
from careercenter.search.query_string import SEARCH_PARAMETERS, describe, query_pairs


@bp.route("/alerts/new")
def new() -> str:
    """A guest's alert from the search page, to confirm with a protected form (the search
    page itself sets no cookie, so it carries no CSRF token)."""
    form = AlertForm(request.args)
    summary = describe(form.query.data or "")
    return render_template(
        "simple_form.html",
        form=form,
        title="E-mail me new jobs like these",
        lead=f"For: {summary}" if summary else "For every new job.",
        field_names=["frequency", "email"],
        button="Create alert",
        action=url_for("alerts.subscribe"),
    )


@bp.route("/alerts", methods=["POST"])
@limiter.limit("10 per hour")
def subscribe() -> Response:
    """A signed-in seeker's alert starts at once, so it needs the CSRF-protected form."""
    return _subscribe(AlertForm(), as_guest=False)


@bp.route("/alerts/guest", methods=["POST"])
@csrf.exempt  # the cacheable search page sets no cookie, so it carries no CSRF token
@limiter.limit("10 per hour")
def subscribe_as_guest() -> Response:
    """A guest's alert from the search page, in one press. It is never started here: it
    waits for the link e-mailed to the address (whoever is signed in), so a forged request
    can do no more than anyone typing an address into the form."""
    return _subscribe(AlertForm(meta={"csrf": False}), as_guest=True)


def _subscribe(form: AlertForm, as_guest: bool) -> Response:
    # Only search parameters: keys such as endpoint or _anchor must never reach url_for.
    query_args = MultiDict(
        (key, value)
        for key, value in query_pairs(form.query.data or "")
        if key in SEARCH_PARAMETERS
    )
    back = url_for("search.job_search", **query_args.to_dict(flat=False))
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(str(error), "error")
        return redirect(back)
    user = current_user if current_user.is_authenticated and not as_guest else None
    try:
        alert = alerts.subscribe(query_args, form.frequency.data, user, form.email.data)
    except alerts.AlertError as error:
        flash(str(error), "error")
        return redirect(back)
    if alert.confirmed_at is None:
        flash(f"Almost done: we sent a link to {alert.email}. Open it to start the alert.", "info")
    else:
        flash(f"Alert saved: we will e-mail you new jobs for “{alert.label}”.", "success")
    return redirect(back)


@bp.route("/alerts/confirm/<token>")
def confirm(token: str) -> Response:
    try:
        alert = alerts.confirm(token)
    except alerts.AlertError as error:
        flash(str(error), "error")
    else:
        flash(f"Your alert for “{alert.label}” is on.", "success")
    return redirect(url_for("search.job_search"))


@bp.route("/alerts/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt  # RFC 8058 one-click: mail programs POST here with no session; the token decides
def unsubscribe(token: str) -> str | tuple[str, int]:
    """GET asks (mail scanners follow links, and must not unsubscribe anyone); POST, from the
    page's button or a mail program's RFC 8058 one-click, unsubscribes."""
    try:
        if request.method == "GET":
            alert = alerts.alert_from_token("unsubscribe", token)
            return render_template("alerts/unsubscribe.html", alert=alert, token=token)
        alert = alerts.unsubscribe(token)
    except alerts.AlertError as error:
        return render_template("alerts/unsubscribed.html", error=str(error), alert=None), 404
    return render_template(
        "alerts/unsubscribed.html", alert=alert, token=token, form=ConfirmForm(), error=None
    )


@bp.route("/alerts/resubscribe/<token>", methods=["POST"])
def resubscribe(token: str) -> Response:
    if ConfirmForm().validate_on_submit():
        try:
            alert = alerts.resubscribe(token)
        except alerts.AlertError as error:
            flash(str(error), "error")
        else:
            flash(f"Your alert for “{alert.label}” is back on.", "success")
    return redirect(url_for("search.job_search"))


@bp.route("/me/alerts")
@login_required
def mine() -> str:
    return render_template(
        "alerts/mine.html", alerts=alerts.alerts_of(current_user), confirm_form=ConfirmForm()
    )


@bp.route("/me/alerts/<int:alert_id>/delete", methods=["POST"])
@login_required
def delete(alert_id: int) -> Response:
    if ConfirmForm().validate_on_submit() and alerts.delete_alert(current_user, alert_id):
        flash("Alert deleted.", "info")
    return redirect(url_for("alerts.mine"))
