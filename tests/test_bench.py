"""The benchmark command still runs end to end (small data, no HTTP), so it does not rot."""

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.once  # the same whichever database the suite runs on

ROOT = Path(__file__).resolve().parent.parent


def test_the_benchmark_prints_its_table(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench",
            "--jobs",
            "150",
            "--dir",
            str(tmp_path),
            "--rounds",
            "1",
            "--baseline-rounds",
            "1",
            "--skip-http",
            "--pay-questions",
            "20",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "| common words | embedded |" in result.stdout
    assert "| common words | LIKE baseline |" in result.stdout
    assert "full reindex" in result.stdout and "150 documents" in result.stdout
    assert "| questions passing |" in result.stdout  # CasePilot's judged questions
    assert "| Pay questions, this board" in result.stdout
