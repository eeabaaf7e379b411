"""The package graph stays a ladder: features depend downward only (pages over search over
jobs over codes), checked by the import contracts in pyproject.toml, and no import hides
inside a function to dodge a cycle between packages."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "careercenter"
# Modules that may import other packages inside a function, and why.
LAZY_ON_PURPOSE = {
    # The app factory: importing any careercenter module must not build the whole app.
    "careercenter/__init__.py",
    # gunicorn's master reads its settings; only each worker loads the app.
    "careercenter/gunicorn_conf.py",
}

pytestmark = pytest.mark.once


def test_the_import_contracts_hold():
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(
        [str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout


def _package_of(module: str) -> str:
    parts = module.split(".")
    return ".".join(parts[:2]) if len(parts) > 1 else module


def function_level_imports_across_packages() -> list[str]:
    """``from careercenter.x import …`` inside a function of a module outside package x."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if relative in LAZY_ON_PURPOSE:
            continue
        own = _package_of(".".join(path.relative_to(ROOT).with_suffix("").parts))
        tree = ast.parse(path.read_text())
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(function):
                if isinstance(node, ast.ImportFrom) and node.level == 0:
                    names = [node.module or ""]
                elif isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                else:
                    continue
                for name in names:
                    if name.startswith("careercenter") and _package_of(name) != own:
                        found.append(f"{relative}:{node.lineno} imports {name}")
    return found


def test_no_import_hides_inside_a_function_to_dodge_a_cycle():
    assert function_level_imports_across_packages() == []


def test_the_check_sees_a_hidden_import(tmp_path, monkeypatch):
    """The scan itself finds what it looks for (so an empty answer means something)."""
    fake_root = tmp_path
    (fake_root / "careercenter" / "codes").mkdir(parents=True)
    (fake_root / "careercenter" / "codes" / "service.py").write_text(
        "def jobs_for(code):\n    from careercenter.jobs.service import open_jobs_query\n"
    )
    monkeypatch.setattr(sys.modules[__name__], "ROOT", fake_root)
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", fake_root / "careercenter")
    assert function_level_imports_across_packages() == [
        "careercenter/codes/service.py:2 imports careercenter.jobs.service"
    ]


def handlers_catching_base_exception() -> list[str]:
    """Every ``except BaseException`` (or bare ``except:``) in the package, as path:line."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if not isinstance(node, ast.ExceptHandler):
                continue
            caught = node.type
            names = (
                [caught]
                if isinstance(caught, ast.Name)
                else list(caught.elts)
                if isinstance(caught, ast.Tuple)
                else []
            )
            if caught is None or any(
                isinstance(name, ast.Name) and name.id == "BaseException" for name in names
            ):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_only_the_engine_boundary_catches_what_is_not_an_exception():
    # tantivy's panics are pyo3 PanicExceptions, BaseExceptions that cannot be imported:
    # engine_failures tells them by name and re-raises the rest. Nowhere else may swallow
    # an interrupt or a SystemExit.
    handlers = handlers_catching_base_exception()
    assert len(handlers) == 1, handlers
    assert handlers[0].startswith("careercenter/search/embedded_store.py:")
