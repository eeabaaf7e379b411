"""The built wheel is the board: installed into a fresh virtual environment and run from
another directory, it migrates, loads codes and serves every kind of page."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import requests

from tests.support.processes import free_port

pytestmark = pytest.mark.once  # the same whichever database the suite runs on

REPOSITORY = Path(__file__).resolve().parent.parent
PAGES = [
    "/",
    "/jobs",
    "/jobs?q=spine+coder",
    "/remote-coding-jobs",
    "/codes",
    "/codes/cpt/63030",
    "/codes/icd10cm/M51.16",
    "/login",
    "/register",
    "/sitemap.xml",
    "/robots.txt",
    "/jobs/feed.rss",
    "/api/v1/openapi.json",
    "/api/v1/jobs?q=spine",
    "/static/css/site.css",
    "/static/js/search.js",
]
SERVE_EVERY_PAGE = textwrap.dedent(
    """
    import sys
    import careercenter
    from careercenter import create_app

    assert "site-packages" in careercenter.__file__, careercenter.__file__
    app = create_app()
    client = app.test_client()
    job = client.get("/jobs").get_data(as_text=True).split('href="/jobs/', 1)[1].split('"')[0]
    for path in [*sys.argv[1:], "/jobs/" + job]:
        answer = client.get(path)
        assert answer.status_code == 200, (path, answer.status_code)
        print(path, answer.status_code, len(answer.data))
    """
)


def run(command: list[str], cwd: Path, env: dict[str, str]) -> str:
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, f"{command}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """A fresh virtual environment with the built wheel and its dependencies (and gunicorn,
    the ``server`` extra the README installs), nothing else."""
    where = tmp_path_factory.mktemp("packaged")
    env = {key: value for key, value in os.environ.items() if not key.startswith("FLASK")}
    for name in ("DATABASE_URL", "TEST_DATABASE_URL", "MEILI_URL", "SEARCH_BACKEND"):
        env.pop(name, None)
    run([sys.executable, "-m", "pip", "wheel", str(REPOSITORY), "--no-deps", "-q", "-w",
         str(where / "dist")], where, env)  # fmt: skip
    (wheel,) = (where / "dist").glob("careercenter-*.whl")
    run([sys.executable, "-m", "venv", str(where / "venv")], where, env)
    python = where / "venv" / "bin" / "python"
    run([str(python), "-m", "pip", "install", "-q", f"{wheel}[server]"], where, env)
    elsewhere = where / "elsewhere"
    elsewhere.mkdir()
    env.update({"INSTANCE_PATH": str(where / "instance"), "PYTHONPATH": ""})
    return elsewhere, env | {"VIRTUAL_ENV": str(where / "venv")}


def test_the_wheel_holds_templates_static_files_migrations_and_code_data(installed):
    _, env = installed
    package = Path(env["VIRTUAL_ENV"]).glob("lib/python*/site-packages/careercenter")
    (root,) = list(package)
    for shipped in ("templates/base.html", "templates/search/_region.html",
                    "static/css/site.css", "migrations/env.py", "migrations/alembic.ini",
                    "codes/data/cpt_codes.csv", "search/data/synonyms.txt"):  # fmt: skip
        assert (root / shipped).is_file(), shipped
    versions = {path.name for path in (REPOSITORY / "migrations" / "versions").glob("*.py")}
    assert versions == {path.name for path in (root / "migrations" / "versions").glob("*.py")}


def test_the_installed_board_migrates_loads_codes_and_serves_every_page(installed):
    elsewhere, env = installed
    bin_dir = Path(env["VIRTUAL_ENV"]) / "bin"
    flask = [str(bin_dir / "flask"), "--app", "careercenter"]
    run([*flask, "db", "upgrade"], elsewhere, env)
    assert "ICD-10-CM" in run([*flask, "codes", "load"], elsewhere, env)
    run([*flask, "demo", "load"], elsewhere, env)
    served = run([str(bin_dir / "python"), "-c", SERVE_EVERY_PAGE, *PAGES], elsewhere, env)
    assert served.count(" 200 ") == len(PAGES) + 1
    assert not (elsewhere / "instance").exists()  # the instance is where it was told to be


def test_the_installed_board_serves_under_gunicorn_with_the_settings_it_ships(installed):
    """README step 5 as written, in production mode, from a directory with no checkout."""
    elsewhere, env = installed
    bin_dir = Path(env["VIRTUAL_ENV"]) / "bin"
    base = f"http://127.0.0.1:{free_port()}"
    production = env | {
        "CAREERCENTER_ENV": "production",
        "SECRET_KEY": "packaged-board-secret-key-of-more-than-32-chars",
        "BASE_URL": base,
        "BIND": base.removeprefix("http://"),
        "WEB_CONCURRENCY": "2",
        "MAIL_URL": "smtp://127.0.0.1:1",
    }
    run([str(bin_dir / "flask"), "--app", "careercenter", "db", "upgrade"], elsewhere, production)
    shipped_settings = ["-c", "python:careercenter.gunicorn_conf"]
    server = subprocess.Popen(
        [str(bin_dir / "gunicorn"), *shipped_settings, "careercenter.wsgi:app"],
        cwd=elsewhere,
        env=production,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if requests.get(base + "/healthz", timeout=2).ok:
                    break
            except requests.RequestException:
                time.sleep(0.3)
        jobs = requests.get(base + "/jobs", timeout=10)
        assert jobs.status_code == 200 and jobs.headers["X-Request-ID"]
        assert requests.get(base + "/static/css/site.css", timeout=10).status_code == 200
        assert requests.get(base + "/readyz", timeout=10).json()["ready"] is True
    finally:
        server.send_signal(signal.SIGTERM)
        _, errors = server.communicate(timeout=60)
    assert server.returncode == 0, errors[-3000:]
    assert "Booting worker" in errors and errors.count("Booting worker") == 2, errors[-3000:]
    # Two workers with limits in memory: said once at start, where the operator looks.
    assert errors.count("rate limits are kept in memory with 2 workers") == 1, errors[-3000:]
