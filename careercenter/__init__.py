"""CareerCenter: a job board for medical coders.

create_app() reads like a table of contents: settings, extensions, blueprints, error
pages, template helpers and commands. Nothing heavy happens at import time.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from flask import Flask

from careercenter.config import check_production_safety, instance_secret_key, load_settings

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parent
IN_CHECKOUT = (PROJECT_ROOT / "pyproject.toml").is_file() and (PROJECT_ROOT / "templates").is_dir()


def shipped(name: str) -> Path:
    """templates/, static/ or migrations/: at the top of a checkout, inside an installed
    package (the wheel ships them there)."""
    return PROJECT_ROOT / name if IN_CHECKOUT else PACKAGE_DIR / name


def default_instance_path() -> Path:
    """instance/ in a checkout; for an installed package, Flask's own convention
    (<prefix>/var/careercenter-instance), never inside site-packages."""
    if IN_CHECKOUT:
        return PROJECT_ROOT / "instance"
    return Path(sys.prefix) / "var" / "careercenter-instance"


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app; ``config`` overrides settings (tests pass a throw-away database)."""
    config = dict(config or {})
    instance_path = Path(
        config.pop("INSTANCE_PATH", None)
        or os.environ.get("INSTANCE_PATH")
        or default_instance_path()
    ).resolve()
    app = Flask(
        __name__,
        instance_path=str(instance_path),
        template_folder=str(shipped("templates")),
        static_folder=str(shipped("static")),
    )
    app.config.update(load_settings(instance_path))
    app.config.update(config)
    if not app.config.get("SECRET_KEY") and app.config["ENVIRONMENT"] != "production":
        app.config["SECRET_KEY"] = instance_secret_key(instance_path)
    check_production_safety(app.config, app.debug)
    instance_path.mkdir(parents=True, exist_ok=True)

    answer_as_the_site(app)
    log_requests(app)
    bound_integer_routes(app)
    register_extensions(app)
    register_blueprints(app)
    register_error_handlers(app)
    register_template_helpers(app)
    register_commands(app)
    return app


def answer_as_the_site(app: Flask) -> None:
    from careercenter.ops.addresses import register

    register(app)


def log_requests(app: Flask) -> None:
    """First of the request hooks, so its after_request runs last: a request's access line
    counts all of its work, the search index write included."""
    from careercenter import logs

    logs.register(app)


def bound_integer_routes(app: Flask) -> None:
    """``<int:…>`` in every route stops at the database's integer range, so an id like
    9223372036854775808 is a 404, not an overflow inside the database driver."""
    from werkzeug.routing import IntegerConverter

    class DatabaseInteger(IntegerConverter):
        def __init__(self, map: Any, *args: Any, **kwargs: Any) -> None:
            kwargs.setdefault("max", 2**31 - 1)
            super().__init__(map, *args, **kwargs)

    app.url_map.converters["int"] = DatabaseInteger


def register_extensions(app: Flask) -> None:
    from careercenter import models  # noqa: F401 - every table known to Alembic and create_all
    from careercenter.accounts.service import load_user_from_session
    from careercenter.database import (
        configure_engine_events,
        end_sessions_even_when_the_database_is_gone,
    )
    from careercenter.extensions import csrf, db, limiter, login_manager, migrate
    from careercenter.jobs import view_counts
    from careercenter.search import extension as search

    db.init_app(app)
    end_sessions_even_when_the_database_is_gone(app, db)
    migrate.init_app(app, db, directory=str(shipped("migrations")))
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    view_counts.init_app(app)
    search.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = "Please log in to continue."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    login_manager.user_loader(load_user_from_session)
    with app.app_context():
        configure_engine_events(db.engine)


def register_blueprints(app: Flask) -> None:
    from careercenter.accounts.blueprint import bp as accounts_bp
    from careercenter.alerts.blueprint import bp as alerts_bp
    from careercenter.api.blueprint import bp as api_bp
    from careercenter.applications.blueprint import bp as applications_bp
    from careercenter.board.blueprint import bp as board_bp
    from careercenter.casepilot.blueprint import bp as casepilot_bp
    from careercenter.codepages.blueprint import bp as codes_bp
    from careercenter.companies.blueprint import bp as companies_bp
    from careercenter.consult.blueprint import bp as consult_bp
    from careercenter.jobs.blueprint import bp as jobs_bp
    from careercenter.moderation.blueprint import bp as moderation_bp
    from careercenter.pay.blueprint import bp as pay_bp
    from careercenter.search.blueprint import bp as search_bp
    from careercenter.seekers.blueprint import bp as seekers_bp
    from careercenter.seo.blueprint import bp as seo_bp

    app.register_blueprint(accounts_bp)
    app.register_blueprint(board_bp)
    app.register_blueprint(codes_bp)
    app.register_blueprint(companies_bp)
    app.register_blueprint(jobs_bp)
    app.register_blueprint(search_bp)
    app.register_blueprint(seekers_bp)
    app.register_blueprint(applications_bp)
    app.register_blueprint(alerts_bp)
    app.register_blueprint(seo_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(moderation_bp)
    app.register_blueprint(casepilot_bp)
    app.register_blueprint(consult_bp)
    app.register_blueprint(pay_bp)


def register_error_handlers(app: Flask) -> None:
    from careercenter import errors, mail, ops, security

    ops.register(app)
    errors.register(app)
    security.register(app)
    mail.register(app)


def register_template_helpers(app: Flask) -> None:
    from careercenter.templating import register

    register(app)


def register_commands(app: Flask) -> None:
    from careercenter.commands import register

    register(app)
