"""The files an operator deploys with agree with the code: compose and the Dockerfile start
what exists, set only settings the app reads, and the README documents every setting.
(Docker cannot run here; these checks are what can be checked without it.)"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import yaml

from careercenter.search.meili import MINIMUM_SERVER_PARTS, server_version

pytestmark = pytest.mark.once  # the same whichever database the suite runs on

ROOT = Path(__file__).resolve().parent.parent
READS = re.compile(
    r'(?:env_(?:int|float|flag)\(|environ\.get\(|environ\[|getenv\()\s*"([A-Z][A-Z0-9_]+)"'
)
APP_SERVICES = ("setup", "web", "worker")


def settings_read_by(*paths: Path) -> set[str]:
    names: set[str] = set()
    for path in paths:
        files = path.rglob("*.py") if path.is_dir() else [path]
        for file in files:
            names |= set(READS.findall(file.read_text()))
    return names


APP_SETTINGS = settings_read_by(ROOT / "careercenter")
GUNICORN_SETTINGS = settings_read_by(ROOT / "careercenter" / "gunicorn_conf.py")


def compose() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text())


def test_compose_names_the_app_the_worker_and_what_they_need():
    services = compose()["services"]
    assert {"db", "meilisearch", "redis", "setup", "web", "worker"} <= set(services)
    assert services["worker"]["command"] == ["flask", "worker"]
    image = services["meilisearch"]["image"]
    assert image.startswith("getmeili/meilisearch:v")  # the official image, pinned
    assert server_version(image.rsplit(":v", 1)[1]) >= MINIMUM_SERVER_PARTS
    for name in ("db", "meilisearch", "redis", "web"):
        assert "healthcheck" in services[name], name
    assert {"postgres", "meilisearch", "instance"} <= set(compose()["volumes"])


def test_compose_sets_only_settings_the_app_reads():
    for name in APP_SERVICES:
        environment = compose()["services"][name]["environment"]
        unknown = set(environment) - APP_SETTINGS - GUNICORN_SETTINGS
        assert not unknown, (name, unknown)
        assert environment["CAREERCENTER_ENV"] == "production"
        assert {"SECRET_KEY", "BASE_URL", "DATABASE_URL", "MEILI_URL"} <= set(environment)


def test_every_value_compose_asks_for_is_in_the_example_env_file():
    asked = set(re.findall(r"\$\{([A-Z_]+)", (ROOT / "compose.yaml").read_text()))
    example = {
        line.split("=", 1)[0]
        for line in (ROOT / ".env.example").read_text().splitlines()
        if line and not line.startswith("#")
    }
    assert asked == example


def test_the_image_runs_the_packaged_app_under_gunicorn_with_a_health_check():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "careercenter.wsgi:app" in dockerfile
    assert "python:careercenter.gunicorn_conf" in dockerfile  # the settings the wheel ships
    assert "HEALTHCHECK" in dockerfile and "/healthz" in dockerfile
    assert "CAREERCENTER_ENV=production" in dockerfile


def test_the_readme_documents_every_setting_the_code_reads():
    readme = (ROOT / "README.md").read_text()
    table = readme.split("## Settings", 1)[1].split("\n## ", 1)[0]
    documented = {
        name
        for row in table.splitlines()
        if row.startswith("| `")
        for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", row.split("|")[1])
    }
    missing = (APP_SETTINGS | GUNICORN_SETTINGS) - documented
    assert not missing, f"settings the code reads but the README does not list: {missing}"
    stale = documented - APP_SETTINGS - GUNICORN_SETTINGS
    assert not stale, f"settings the README lists but nothing reads: {stale}"


def test_the_image_is_built_without_tests_docs_or_build_output():
    ignored = {
        line.strip()
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    assert {"tests", "docs", "bench", "build", "dist", ".git", ".venv", "instance"} <= ignored
    # What the wheel is built from stays in the context.
    assert not {"careercenter", "templates", "static", "migrations", "README.md"} & ignored


def test_the_repository_declares_its_licence_and_holds_no_package_binaries():
    licence = (ROOT / "LICENSE").read_text()
    assert licence.startswith("GNU AFFERO GENERAL PUBLIC LICENSE\nVersion 3")
    assert 'license = "AGPL-3.0-or-later"' in (ROOT / "pyproject.toml").read_text()
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    binaries = [name for name in tracked if name.endswith((".whl", ".tar.gz", ".zip", ".so"))]
    assert not binaries
