"""Settings come from the environment, with safe defaults and a refusal to run unsafely."""

from __future__ import annotations

import os

import pytest

from careercenter import create_app
from careercenter.config import ConfigError, normalise_database_url
from tests.support.processes import flask_command


def test_a_development_secret_is_generated_once_into_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("CAREERCENTER_ENV", raising=False)

    first = create_app({"INSTANCE_PATH": tmp_path})
    second = create_app({"INSTANCE_PATH": tmp_path})

    assert len(first.config["SECRET_KEY"]) == 64
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"]
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_the_default_database_is_sqlite_in_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    app = create_app({"INSTANCE_PATH": tmp_path})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/careercenter.db"
    assert app.config["MAIL_URL"] == "console"
    assert app.config["SEARCH_BACKEND"] == "embedded"


def test_production_refuses_to_start_without_a_secret(tmp_path, monkeypatch):
    monkeypatch.setenv("CAREERCENTER_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app({"INSTANCE_PATH": tmp_path})
    monkeypatch.setenv("SECRET_KEY", "short")
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app({"INSTANCE_PATH": tmp_path})


def test_a_cron_command_refused_for_its_settings_says_why_in_one_line(tmp_path):
    """The operator reads a cron mail: the reason, not a traceback ending in it."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("SECRET_KEY", "FLASK_APP") and not key.startswith("TEST_")
    }
    environment.update(
        {
            "CAREERCENTER_ENV": "production",
            "BASE_URL": "https://jobs.example.org",
            "INSTANCE_PATH": str(tmp_path),
        }
    )
    done = flask_command("alerts", "send", env=environment, timeout=120)

    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "Error: CAREERCENTER_ENV=production needs SECRET_KEY set to at least 32 random characters"
    ]


def test_production_refuses_to_start_in_debug_mode(tmp_path, monkeypatch):
    monkeypatch.setenv("CAREERCENTER_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("BASE_URL", "https://jobs.example.org")
    monkeypatch.setenv("FLASK_DEBUG", "1")
    with pytest.raises(ConfigError, match="debug"):
        create_app({"INSTANCE_PATH": tmp_path})


def test_production_refuses_to_start_without_the_site_address(tmp_path, monkeypatch):
    """Links in e-mails written by the worker need it; a guess sends people elsewhere."""
    monkeypatch.setenv("CAREERCENTER_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.delenv("BASE_URL", raising=False)
    with pytest.raises(ConfigError, match="BASE_URL"):
        create_app({"INSTANCE_PATH": tmp_path})


def test_production_with_a_secret_starts_with_secure_cookies(tmp_path, monkeypatch):
    monkeypatch.setenv("CAREERCENTER_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("BASE_URL", "https://jobs.example.org/")
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    app = create_app({"INSTANCE_PATH": tmp_path})
    assert app.config["BASE_URL"] == "https://jobs.example.org"
    assert app.config["MAIL_SEND_AT_ONCE"] is False  # the worker sends e-mail
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["REMEMBER_COOKIE_SECURE"] is True


def test_settings_come_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("JOB_MODERATION", "yes")
    monkeypatch.setenv("JOB_EXPIRY_DAYS", "45")
    monkeypatch.setenv("MAIL_URL", "smtp://mail.example:2525")
    app = create_app({"INSTANCE_PATH": tmp_path})
    assert app.config["JOB_MODERATION"] is True
    assert app.config["JOB_EXPIRY_DAYS"] == 45
    assert app.config["MAIL_URL"] == "smtp://mail.example:2525"
    monkeypatch.setenv("JOB_EXPIRY_DAYS", "soon")
    with pytest.raises(ConfigError, match="JOB_EXPIRY_DAYS"):
        create_app({"INSTANCE_PATH": tmp_path})


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgres://u:p@h/db", "postgresql+psycopg://u:p@h/db"),
        ("postgresql://u:p@h/db", "postgresql+psycopg://u:p@h/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:///x.db", "sqlite:///x.db"),
    ],
)
def test_postgres_urls_use_psycopg_3(given, expected):
    assert normalise_database_url(given) == expected
