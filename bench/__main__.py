"""`python -m bench --jobs 100000`: build a data set, measure, print a Markdown table.

Measures search latency in the service (embedded index and a naive LIKE baseline), full
reindex and outbox drain throughput, and HTTP throughput and latency of the search, job and
code pages under gunicorn with wrk on 127.0.0.1, plus the peak memory of a worker.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH_SECRET = "benchmark-secret-key-not-for-production-use-0123456789"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def configure_environment(directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    os.environ["INSTANCE_PATH"] = str(directory)
    os.environ.pop("DATABASE_URL", None)
    os.environ["SEARCH_BACKEND"] = "embedded"
    os.environ["RATELIMIT_ENABLED"] = "0"
    os.environ["MAIL_URL"] = "console"


def prepare_data(app: Any, jobs: int) -> dict[str, Any]:
    import flask_migrate
    from sqlalchemy import func, select

    from careercenter.codes.loaders import load_cpt_spine, load_icd10cm
    from careercenter.codes.models import Code
    from careercenter.demo.generate import generate_jobs
    from careercenter.extensions import db
    from careercenter.jobs.models import Job

    facts: dict[str, Any] = {}
    with app.app_context():
        flask_migrate.upgrade()
        if not db.session.scalar(select(func.count(Code.id))):
            load_cpt_spine()
            load_icd10cm()
        have = db.session.scalar(select(func.count(Job.id))) or 0
        started = time.perf_counter()
        if have < jobs:
            generate_jobs(jobs - have, seed=have + 1)
        facts["generate_s"] = time.perf_counter() - started if have < jobs else None
        facts["jobs"] = db.session.scalar(select(func.count(Job.id)))
    return facts


def measure_indexing(app: Any) -> dict[str, float]:
    from sqlalchemy import select

    from careercenter.extensions import db
    from careercenter.jobs.models import Job
    from careercenter.search.outbox import drain_all, enqueue_jobs, reindex

    with app.app_context():
        started = time.perf_counter()
        written = reindex()
        reindex_s = time.perf_counter() - started
        ids = list(db.session.scalars(select(Job.id).order_by(Job.id.desc()).limit(5000)))
        enqueue_jobs(ids, reason="bench")
        db.session.commit()
        started = time.perf_counter()
        drained = drain_all()
        drain_s = time.perf_counter() - started
    return {
        "documents": written,
        "reindex_s": reindex_s,
        "reindex_dps": written / reindex_s,
        "drained": drained,
        "drain_s": drain_s,
        "drain_rps": drained / drain_s,
    }


def measure_search(app: Any, rounds: int, baseline_rounds: int) -> dict[str, dict[str, Any]]:
    from werkzeug.datastructures import MultiDict

    from bench.baseline import like_search
    from bench.queries import QUERY_MIX
    from careercenter.search.backend import get_backend
    from careercenter.search.query import parse_search_args

    results: dict[str, dict[str, Any]] = {}
    with app.app_context():
        backend = get_backend()
        for engine, count in (("embedded", rounds), ("LIKE baseline", baseline_rounds)):
            for name, queries in QUERY_MIX.items():
                cold, warm = [], []
                for round_number in range(count + 1):
                    for args in queries:
                        started = time.perf_counter()
                        if engine == "embedded":
                            backend.search(parse_search_args(MultiDict(args)))
                        else:
                            like_search(args)
                        elapsed = (time.perf_counter() - started) * 1000
                        (cold if round_number == 0 else warm).append(elapsed)
                results.setdefault(name, {})[engine] = {
                    "cold_p50": statistics.median(cold),
                    "p50": percentile(warm, 0.50),
                    "p95": percentile(warm, 0.95),
                    "p99": percentile(warm, 0.99),
                }
    return results


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def worker_peak_rss_mb(master_pid: int) -> float:
    """The largest VmHWM among the gunicorn master's child processes."""
    peaks = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        if f"\nPPid:\t{master_pid}\n" in status:
            match = re.search(r"VmHWM:\s+(\d+) kB", status)
            if match:
                peaks.append(int(match.group(1)) / 1024)
    return max(peaks, default=0.0)


def run_wrk(url: str, seconds: int, connections: int) -> dict[str, float]:
    output = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "5s", url],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 60,
    ).stdout

    def millis(label: str) -> float:
        match = re.search(rf"^\s+{label}\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE)
        if not match:
            return float("nan")
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": rps,
        "p50": millis("50%"),
        "p99": millis("99%"),
        "non_2xx": int(errors.group(1)) if errors else 0,
    }


def measure_http(
    directory: Path, workers: list[int], seconds: int, connections: int, pages: dict[str, str]
) -> dict[int, dict[str, Any]]:
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent))
    if gunicorn is None or shutil.which("wrk") is None:
        raise SystemExit("HTTP benchmarks need gunicorn (pip) and wrk (apt-get install wrk)")
    env = {
        **os.environ,
        "CAREERCENTER_ENV": "production",
        "SECRET_KEY": BENCH_SECRET,
        "SESSION_COOKIE_SECURE": "0",
    }
    results: dict[int, dict[str, Any]] = {}
    for count in workers:
        port = free_port()
        server = subprocess.Popen(
            [
                gunicorn,
                "-w",
                str(count),
                "-b",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
                "wsgi:app",
            ],
            cwd=ROOT,
            env=env,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(base + "/robots.txt", timeout=1)  # noqa: S310
                    break
                except OSError:
                    time.sleep(0.2)
            results[count] = {}
            for name, path in pages.items():
                for _ in range(10 * count):  # reach every worker before measuring
                    urllib.request.urlopen(base + path, timeout=5).read()  # noqa: S310
                results[count][name] = run_wrk(base + path, seconds, connections)
            results[count]["rss_mb"] = worker_peak_rss_mb(server.pid)
        finally:
            server.terminate()
            server.wait(timeout=30)
    return results


def sample_pages(app: Any) -> dict[str, str]:
    from careercenter.extensions import db
    from careercenter.jobs.service import open_jobs_query

    with app.app_context():
        job = db.session.scalars(open_jobs_query().limit(1)).first()
        return {
            "search page": "/jobs?q=spine+coder&work_mode=remote",
            "job page": f"/jobs/{job.path_key}",
            "code page": "/codes/cpt/63035",
        }


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{os.cpu_count()} cores ({cpu}), {memory:.0f} GiB, {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}"
    )


def report(
    facts: dict[str, Any],
    indexing: dict[str, float],
    search: dict[str, Any],
    http: dict[int, dict[str, Any]],
    connections: int,
    seconds: int,
) -> str:
    lines = [
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {machine()}",
        f"Data: {facts['jobs']:,} published jobs"
        + (f" (generated in {facts['generate_s']:.0f} s)" if facts.get("generate_s") else ""),
        "",
        "Search service latency (ms; warm p50/p95/p99, and the median first call):",
        "",
        "| query class | engine | p50 | p95 | p99 | first call |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for name, engines in search.items():
        for engine, stats in engines.items():
            lines.append(
                f"| {name} | {engine} | {stats['p50']:.1f} | {stats['p95']:.1f} | "
                f"{stats['p99']:.1f} | {stats['cold_p50']:.1f} |"
            )
    lines += [
        "",
        "| indexing | figure |",
        "|---|---:|",
        f"| full reindex | {indexing['reindex_s']:.1f} s "
        f"({indexing['reindex_dps']:,.0f} documents/s, {indexing['documents']:,} documents) |",
        f"| outbox drain | {indexing['drain_rps']:,.0f} changes/s "
        f"({indexing['drained']:,} in {indexing['drain_s']:.1f} s) |",
    ]
    if http:
        lines += [
            "",
            f"HTTP under gunicorn, wrk -t2 -c{connections} -d{seconds}s on 127.0.0.1:",
            "",
            "| workers | page | requests/s | p50 ms | p99 ms | non-2xx |",
            "|---:|---|---:|---:|---:|---:|",
        ]
        for workers, pages in http.items():
            for page, stats in pages.items():
                if page == "rss_mb":
                    continue
                lines.append(
                    f"| {workers} | {page} | {stats['rps']:,.0f} | {stats['p50']:.1f} | "
                    f"{stats['p99']:.1f} | {stats['non_2xx']} |"
                )
        lines += ["", "| workers | peak worker RSS |", "|---:|---:|"]
        lines += [f"| {workers} | {pages['rss_mb']:.0f} MB |" for workers, pages in http.items()]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--jobs", type=int, default=100_000)
    parser.add_argument("--dir", type=Path, default=Path("/tmp/careercenter-bench"))  # noqa: S108
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--baseline-rounds", type=int, default=2)
    parser.add_argument("--http-seconds", type=int, default=30)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", default="2,4")
    parser.add_argument("--skip-http", action="store_true")
    parser.add_argument("--output", type=Path, help="also write the table to this file")
    options = parser.parse_args()

    configure_environment(options.dir)
    sys.path.insert(0, str(ROOT))
    from careercenter import create_app

    app = create_app({"SEARCH_BACKEND": "embedded", "RATELIMIT_ENABLED": False})
    print(f"Preparing {options.jobs:,} jobs in {options.dir} ...", flush=True)
    facts = prepare_data(app, options.jobs)
    print("Indexing ...", flush=True)
    indexing = measure_indexing(app)
    print("Searching ...", flush=True)
    search = measure_search(app, options.rounds, options.baseline_rounds)
    http: dict[int, dict[str, Any]] = {}
    if not options.skip_http:
        print("HTTP ...", flush=True)
        workers = [int(count) for count in options.workers.split(",")]
        http = measure_http(
            options.dir, workers, options.http_seconds, options.connections, sample_pages(app)
        )
    table = report(facts, indexing, search, http, options.connections, options.http_seconds)
    print(table)
    if options.output:
        options.output.write_text(table)


if __name__ == "__main__":
    main()
