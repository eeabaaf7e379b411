"""The session cookie cannot be fixed in advance, and production cookies carry their flags."""

from __future__ import annotations

from careercenter import create_app
from tests.support.factories import UserFactory
from tests.support.people import PASSWORD, UserActions


def test_a_session_cookie_planted_before_log_in_gains_nothing_from_it(app, user):
    UserFactory(email="dana@example.com")
    user.client.get("/login")
    planted = user.client.get_cookie("session").value  # what an attacker could have set
    user.login("dana@example.com")
    assert user.client.get_cookie("session").value != planted
    attacker = app.test_client()
    attacker.set_cookie("session", planted)
    assert attacker.get("/account").status_code == 302  # still a guest


def test_production_cookies_are_secure_http_only_and_same_site(tmp_path, monkeypatch, app):
    monkeypatch.setenv("CAREERCENTER_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("BASE_URL", "https://jobs.example.org")
    production = create_app(
        {
            "INSTANCE_PATH": tmp_path,
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "MAIL_URL": app.config["MAIL_URL"],
            "SEARCH_INDEX_PATH": app.config["SEARCH_INDEX_PATH"],
            "SEARCH_FOLLOW_INTERVAL": 0,
        }
    )
    UserFactory(email="dana@example.com")
    client = production.test_client()
    client.environ_base["wsgi.url_scheme"] = "https"  # production is HTTPS-only
    browser = UserActions(client)
    form = {"email": "dana@example.com", "password": PASSWORD, "remember": "y"}
    # Over HTTPS, Flask-WTF also wants the form's own page as the Referer: the site's
    # address (production answers every request as BASE_URL).
    answer = browser.submit(
        "/login",
        form,
        follow_redirects=False,
        headers={"Referer": "https://jobs.example.org/login"},
    )
    cookies = {header.split("=", 1)[0]: header for header in answer.headers.getlist("Set-Cookie")}
    assert answer.status_code == 302, answer.data[:500]
    for name in ("session", "remember_token"):
        flags = cookies[name].lower()
        assert "secure" in flags and "httponly" in flags and "samesite=lax" in flags, name
