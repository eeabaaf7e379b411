"""A PostgreSQL server of the test's own: initdb in a temporary folder, on a free port, so a
fault test can stop and restart it without touching the database the rest of the suite uses."""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

from tests.support.processes import free_port


def postgres_program(name: str) -> str:
    installed = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    found = shutil.which(name) or (installed[-1] if installed else None)
    assert found, f"{name} not found: install postgresql (see .ci/system-deps)"
    return found


class PrivatePostgres:
    """One throw-away cluster. As root (CI) it runs as the postgres user, as PostgreSQL asks."""

    def __init__(self, *database_options: str) -> None:
        """``database_options`` go to createdb (a locale provider, a collation)."""
        self.database_options = database_options
        self.folder = Path(tempfile.mkdtemp(prefix="careercenter-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/board"
        self.owner = "postgres" if os.geteuid() == 0 else None
        if self.owner:
            entry = pwd.getpwnam(self.owner)
            os.chown(self.folder, entry.pw_uid, entry.pw_gid)

    def _run(self, *command: str) -> None:
        prefix = ["runuser", "-u", self.owner, "--"] if self.owner else []
        subprocess.run([*prefix, *command], check=True, capture_output=True, timeout=120)

    def _pg_ctl(self, action: str, *extra: str) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(
            postgres_program("pg_ctl"),
            action,
            "-D",
            str(self.data),
            "-w",
            "-t",
            "60",
            "-l",
            str(self.folder / "server.log"),
            "-o",
            options,
            *extra,
        )

    def start(self) -> PrivatePostgres:
        if not self.data.exists():
            initdb, createdb = postgres_program("initdb"), postgres_program("createdb")
            self._run(initdb, "-D", str(self.data), "-A", "trust", "-U", "postgres")
            self._pg_ctl("start")
            self._run(
                createdb,
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                "postgres",
                *self.database_options,
                "board",
            )
        else:
            self._pg_ctl("start")
        return self

    def stop(self) -> None:
        self._pg_ctl("stop", "-m", "fast")

    def remove(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)
