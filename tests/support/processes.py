"""Processes and ports of the suite's own: commands run as an operator runs them."""

from __future__ import annotations

import socket
import subprocess
import sys


def flask_command(
    *args: str, env: dict[str, str], timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """A ``flask --app careercenter`` command in its own process, as an operator runs it."""
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "careercenter", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
