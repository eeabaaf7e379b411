"""`python -m bench --jobs 100000`: build a data set, measure, print a Markdown table.

Measures search latency in the service: distinct searches each asked once (no cache can
answer them), the first search after a write, a cold start, and a small fixed mix (beside a
naive LIKE baseline); full reindex and change-log throughput; and under gunicorn with wrk
on 127.0.0.1, distinct search pages with no writes, one and five job changes a second
(throughput ratio, errors, time until a change is searchable), the job, code and home pages,
and the peak memory of a worker.
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
sys.path.insert(0, str(ROOT))

from bench.pay import measure_pay  # noqa: E402
from bench.pay import report_lines as pay_report_lines  # noqa: E402

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


def prepare_data(app: Any, jobs: int, refresh_codes: bool = False) -> dict[str, Any]:
    import flask_migrate
    from sqlalchemy import func, select

    from careercenter.codes.loaders import apply_keywords, load_cpt, load_icd10cm
    from careercenter.codes.models import Code
    from careercenter.demo.generate import generate_jobs
    from careercenter.extensions import db
    from careercenter.jobs.job_codes import refresh_all_job_codes
    from careercenter.jobs.models import Job

    facts: dict[str, Any] = {}
    with app.app_context():
        flask_migrate.upgrade()
        with_terms = db.session.scalar(
            select(Code.id).where(Code.inclusion_terms.is_not(None)).limit(1)
        )
        if with_terms is None:  # no codes yet, or loaded before codes carried their words
            load_icd10cm()
        known = db.session.scalar(select(func.count(Code.id)))
        load_cpt()
        apply_keywords()
        refresh_codes = refresh_codes or known != db.session.scalar(select(func.count(Code.id)))
        have = db.session.scalar(select(func.count(Job.id))) or 0
        started = time.perf_counter()
        if have and (refresh_codes or with_terms is None):
            refresh_all_job_codes()  # new code data expands families to more codes
        if have < jobs:
            generate_jobs(jobs - have, seed=have + 1)
        facts["generate_s"] = time.perf_counter() - started if have < jobs else None
        facts["jobs"] = db.session.scalar(select(func.count(Job.id)))
    return facts


def own_board(place: Path) -> Any:
    """A fresh app on its own SQLite database and index in ``place``, migrated."""
    import flask_migrate

    from careercenter import create_app

    shutil.rmtree(place, ignore_errors=True)
    place.mkdir(parents=True)
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{place / 'board.db'}",
            "SEARCH_INDEX_PATH": str(place / "index"),
            "SEARCH_FOLLOW_INTERVAL": 0,
        }
    )
    with app.app_context():
        flask_migrate.upgrade()
    return app


def measure_casepilot(directory: Path) -> dict[str, Any]:
    """CasePilot's judged questions, each asked once, on the shipped code data and the CMS
    sample files: how many pass and how long an answer takes (without a model)."""
    from bench.casepilot import CMS_SAMPLES, SAMPLE_IMPORTS, judge_questions
    from careercenter.casepilot.answers import answer
    from careercenter.codes.loaders import apply_keywords, load_cpt, load_icd10cm

    app = own_board(directory / "casepilot")
    with app.app_context():
        load_cpt()
        load_icd10cm()
        apply_keywords()
        runner = app.test_cli_runner()
        for command, name in SAMPLE_IMPORTS:
            runner.invoke(args=["codes", command, str(CMS_SAMPLES / name)])
        started = time.perf_counter()
        answer("code for lumbar laminotomy")  # the first look-up builds the code word index
        first = (time.perf_counter() - started) * 1000
        judged = judge_questions()
    return {
        "asked": judged.asked,
        "passed": judged.passed,
        "p50": judged.percentile(0.5),
        "p95": judged.percentile(0.95),
        "p99": judged.percentile(0.99),
        "first": first,
    }


def measure_relevance(directory: Path) -> dict[str, Any]:
    """The judged query set on its own small board, through the search page's service."""
    from bench.relevance import board_jobs, judge, post_board, summary
    from careercenter.codes.loaders import load_cpt, load_icd10cm
    from careercenter.search.follower import reindex
    from careercenter.search.query import parse_search_args
    from careercenter.search.service import search_jobs

    app = own_board(directory / "judged")
    categories = {tag[:3] for job in board_jobs() for tag in job["tags"] if tag[:1].isalpha()}
    with app.app_context():
        load_cpt()
        load_icd10cm(only=sorted(categories))
        keys = post_board()
        reindex()

        def rank(judged: Any) -> list[str]:
            query = parse_search_args(judged.search_args())
            return [keys[int(hit.id)] for hit in search_jobs(query, rescue=True).hits]

        verdicts = judge(rank)
    return {**summary(verdicts), "misses": [v.judged.name for v in verdicts if not v.passed]}


def index_size_mb(app: Any) -> float:
    from careercenter.search.backend import get_backend

    with app.app_context():
        directory = get_backend().store.live().directory
    return sum(path.stat().st_size for path in directory.rglob("*") if path.is_file()) / 2**20


def measure_indexing(app: Any) -> dict[str, float]:
    from sqlalchemy import select

    from careercenter.extensions import db
    from careercenter.jobs.models import Job
    from careercenter.search.changelog import append_changes
    from careercenter.search.follower import catch_up_all, reindex
    from careercenter.search.models import SearchDocument

    with app.app_context():
        # A board whose kept index entries are gone (new, or upgraded) builds every one;
        # after that a rebuild takes the kept ones. Both, in that order, CPU time beside.
        db.session.execute(SearchDocument.__table__.delete())
        db.session.commit()
        started, cpu = time.perf_counter(), time.process_time()
        built = reindex()
        built_s, built_cpu = time.perf_counter() - started, time.process_time() - cpu
        started, cpu = time.perf_counter(), time.process_time()
        written = reindex()
        reindex_s, reindex_cpu = time.perf_counter() - started, time.process_time() - cpu
        ids = list(db.session.scalars(select(Job.id).order_by(Job.id.desc()).limit(5000)))
        append_changes(ids, reason="bench")
        db.session.commit()
        started = time.perf_counter()
        drained = catch_up_all()
        drain_s = time.perf_counter() - started
    return {
        "documents": written,
        "reindex_s": reindex_s,
        "reindex_cpu": reindex_cpu,
        "reindex_dps": written / reindex_s,
        "built_s": built_s,
        "built_cpu": built_cpu,
        "built_dps": built / built_s,
        "drained": drained,
        "drain_s": drain_s,
        "drain_rps": drained / drain_s,
    }


def measure_search(app: Any, rounds: int, baseline_rounds: int) -> dict[str, dict[str, Any]]:
    from werkzeug.datastructures import MultiDict

    from bench.baseline import like_search
    from bench.queries import QUERY_MIX
    from careercenter.search.query import parse_search_args
    from careercenter.search.service import search_jobs

    results: dict[str, dict[str, Any]] = {}
    with app.app_context():
        engines = [("embedded", rounds), ("LIKE baseline", baseline_rounds)]
        for engine, count in [(name, n) for name, n in engines if n >= 0]:
            for name, queries in QUERY_MIX.items():
                cold, warm = [], []
                for round_number in range(count + 1):
                    for args in queries:
                        started = time.perf_counter()
                        if engine == "embedded":
                            search_jobs(parse_search_args(MultiDict(args)), rescue=True)
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


def timed(work: Any) -> tuple[float, float]:
    """Wall and CPU milliseconds of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def summary(values: list[float]) -> dict[str, float]:
    return {
        "n": len(values),
        "p50": percentile(values, 0.50),
        "p95": percentile(values, 0.95),
        "p99": percentile(values, 0.99),
    }


def measure_distinct(app: Any, count: int) -> dict[str, dict[str, Any]]:
    """Every search asked once: per class, wall and CPU percentiles."""
    from werkzeug.datastructures import MultiDict

    from bench.distinct import distinct_queries
    from careercenter.search.query import parse_search_args
    from careercenter.search.service import search_jobs

    with app.app_context():
        queries = distinct_queries(count)
        walls: dict[str, list[float]] = {}
        cpus: dict[str, list[float]] = {}
        for kind, args in queries:
            query = parse_search_args(MultiDict(args))
            wall, cpu = timed(lambda query=query: search_jobs(query, rescue=True))
            for name in (kind, "all distinct"):
                walls.setdefault(name, []).append(wall)
                cpus.setdefault(name, []).append(cpu)
    return {name: {"wall": summary(walls[name]), "cpu": summary(cpus[name])} for name in walls}


def measure_after_writes(app: Any, rounds: int) -> dict[str, Any]:
    """A job changes, the follower applies it (commit and reload), then a distinct broad
    search runs; beside it, the same kind of search with no write before it."""
    from sqlalchemy import select
    from werkzeug.datastructures import MultiDict

    from bench.distinct import distinct_queries
    from careercenter.extensions import db
    from careercenter.jobs.models import Job
    from careercenter.search.backend import get_backend
    from careercenter.search.follower import catch_up_all, mark_following
    from careercenter.search.query import parse_search_args
    from careercenter.search.service import search_jobs

    with app.app_context():
        mark_following(app)  # keep the writer between changes, as a web worker's follower does
        queries = [args for kind, args in distinct_queries(rounds * 14, seed=11)]
        ids = list(db.session.scalars(select(Job.id).order_by(Job.id.desc()).limit(rounds)))
        apply_ms, after, ordinary = [], [], []
        for number, job_id in enumerate(ids):
            job = db.session.get(Job, job_id)
            job.title = f"{job.title.split(' #')[0]} #{number}"
            db.session.commit()
            apply_ms.append(timed(catch_up_all)[0])
            first = parse_search_args(MultiDict(queries[2 * number]))
            after.append(timed(lambda first=first: search_jobs(first))[1])
            second = parse_search_args(MultiDict(queries[2 * number + 1]))
            ordinary.append(timed(lambda second=second: search_jobs(second))[1])
        app.extensions.pop("careercenter.search.follower", None)
        get_backend().release_writer()  # let the gunicorn workers follow next
    return {"apply": summary(apply_ms), "after": summary(after), "ordinary": summary(ordinary)}


def measure_cold_start(directory: Path, runs: int) -> dict[str, float]:
    """A new process opens the index and answers its first search."""
    script = (
        "import time,sys;from werkzeug.datastructures import MultiDict;"
        "from careercenter import create_app;"
        "from careercenter.search.query import parse_search_args;"
        "from careercenter.search.service import search_jobs;"
        "app=create_app({'SEARCH_FOLLOW_INTERVAL':0});ctx=app.app_context();ctx.push();"
        "w=time.perf_counter();c=time.process_time();"
        "search_jobs(parse_search_args(MultiDict({'q':'spine coder','work_mode':'remote'})));"
        "print((time.perf_counter()-w)*1000,(time.process_time()-c)*1000)"
    )
    walls, cpus = [], []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.split()
        walls.append(float(out[-2]))
        cpus.append(float(out[-1]))
    return {"wall": statistics.median(walls), "cpu": statistics.median(cpus)}


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def worker_peak_rss_mb(master_pid: int, field: str = "VmHWM") -> float:
    """The largest VmHWM (peak resident memory, the index's mapped pages included) or
    RssAnon (memory of the worker's own, not the shared page cache) among the workers."""
    peaks = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        if f"\nPPid:\t{master_pid}\n" in status:
            match = re.search(rf"{field}:\s+(\d+) kB", status)
            if match:
                peaks.append(int(match.group(1)) / 1024)
    return max(peaks, default=0.0)


WRK_PATHS = """
local paths, n = {}, 0
function init(args)
  for line in io.lines(args[1]) do paths[#paths + 1] = line end
  n = math.random(#paths)
end
function request()
  n = n % #paths + 1
  return wrk.format("GET", paths[n])
end
"""


def run_wrk(
    url: str, seconds: int, connections: int, paths: Path | None = None
) -> dict[str, float]:
    script = []
    if paths is not None:
        lua = paths.with_suffix(".lua")
        lua.write_text(WRK_PATHS)
        script = ["-s", str(lua), url, "--", str(paths)]
    else:
        script = [url]
    output = subprocess.run(
        [
            "wrk",
            f"-t{min(2, connections)}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--latency",
            "--timeout",
            "5s",
            *script,
        ],
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
    failed = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return {
        "rps": rps,
        "p50": millis("50%"),
        "p99": millis("99%"),
        "non_2xx": (int(errors.group(1)) if errors else 0)
        + (sum(int(n) for n in failed.groups()) if failed else 0),
    }


class JobChanger:
    """Changes ``rate`` jobs a second in this process (the way an employer's edit reaches
    the database), and measures how long each change takes to show in the site's search."""

    def __init__(self, app: Any, base: str, rate: float) -> None:
        import threading

        self.app, self.base, self.rate = app, base, rate
        self.delays: list[float] = []
        self.missed = 0
        self.errors: list[str] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> JobChanger:
        if self.rate:
            self._thread.start()
        return self

    def __exit__(self, *_: Any) -> None:
        self._stop.set()
        if self.rate:
            self._thread.join(timeout=60)

    def _run(self) -> None:
        try:
            self._change_jobs()
        except Exception as error:  # reported in the table
            self.errors.append(repr(error))

    def _change_jobs(self) -> None:
        import json
        import random
        import threading

        from sqlalchemy import select

        from careercenter.extensions import db
        from careercenter.jobs.models import Job

        with self.app.app_context():
            ids = list(db.session.scalars(select(Job.id).order_by(Job.id.desc()).limit(5000)))
        number = 0
        while not self._stop.is_set():
            number += 1
            token = f"zq{os.getpid()}x{number}x{random.randrange(10**6)}"
            with self.app.app_context():
                job = db.session.get(Job, random.choice(ids))
                job.title = f"{job.title.split(' zq')[0]} {token}"
                db.session.commit()
                db.session.remove()
            changed = time.perf_counter()

            def watch(token: str = token, changed: float = changed) -> None:
                url = f"{self.base}/api/v1/jobs?q={token}"
                try:
                    while time.perf_counter() - changed < 10:
                        answer = json.load(urllib.request.urlopen(url, timeout=5))  # noqa: S310
                        if answer["total"]:
                            self.delays.append(time.perf_counter() - changed)
                            return
                        time.sleep(0.05)
                    self.missed += 1
                except Exception as error:  # reported in the table
                    self.errors.append(repr(error))

            threading.Thread(target=watch, daemon=True).start()
            self._stop.wait(1 / self.rate)


def measure_http(
    app: Any,
    directory: Path,
    workers: list[int],
    seconds: int,
    connections: int,
    pages: dict[str, str],
    search_paths: Path,
) -> dict[int, dict[str, Any]]:
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent))
    if gunicorn is None or shutil.which("wrk") is None:
        raise SystemExit("HTTP benchmarks need gunicorn (pip) and wrk (apt-get install wrk)")
    env = {
        **os.environ,
        "CAREERCENTER_ENV": "production",
        "SECRET_KEY": BENCH_SECRET,
        "BASE_URL": "http://127.0.0.1",
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
            # What one visitor meets on a server that is not saturated: with 8 clients on
            # 2 workers each request also waits for about three others.
            results[count]["home page, one client"] = run_wrk(base + "/", seconds, 1)
            for rate in (0, 1, 5):
                with JobChanger(app, base, rate) as changer:
                    stats = run_wrk(base, seconds, connections, search_paths)
                time.sleep(2)  # let the last changes show
                stats["delays"] = sorted(changer.delays)
                stats["missed"] = changer.missed
                if changer.errors:
                    print(f"{rate} changes/s: {changer.errors[:3]}", file=sys.stderr)
                results[count][f"search, {rate} changes/s"] = stats
            results[count]["rss_mb"] = worker_peak_rss_mb(server.pid)
            results[count]["anon_mb"] = worker_peak_rss_mb(server.pid, "RssAnon")
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
            "home page": "/",
            "search page (one query)": "/jobs?q=spine+coder&work_mode=remote",
            "job page": f"/jobs/{job.path_key}",
            "code page": "/codes/cpt/63035",
        }


def write_search_paths(app: Any, directory: Path, count: int) -> Path:
    from urllib.parse import urlencode

    from bench.distinct import distinct_queries

    with app.app_context():
        queries = distinct_queries(count, seed=23)
    paths = directory / "search-paths.txt"
    paths.write_text("".join(f"/jobs?{urlencode(args)}\n" for _, args in queries))
    return paths


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


def report(results: dict[str, Any], connections: int, seconds: int) -> str:
    facts, indexing = results["facts"], results["indexing"]
    lines = [
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {machine()}",
        f"Data: {facts['jobs']:,} published jobs"
        + (f" (generated in {facts['generate_s']:.0f} s)" if facts.get("generate_s") else ""),
    ]
    if "distinct" in results:
        lines += [
            "",
            "Distinct searches, each asked once (search service; ms):",
            "",
            "| class | n | wall p50 | wall p95 | wall p99 | CPU p50 | CPU p95 |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        for name, stats in results["distinct"].items():
            wall, cpu = stats["wall"], stats["cpu"]
            lines.append(
                f"| {name} | {wall['n']} | {wall['p50']:.1f} | {wall['p95']:.1f} | "
                f"{wall['p99']:.1f} | {cpu['p50']:.1f} | {cpu['p95']:.1f} |"
            )
    if "after_writes" in results:
        after = results["after_writes"]
        cold = results["cold"]
        lines += [
            "",
            "| after a write (ms) | p50 | p95 |",
            "|---|---:|---:|",
            f"| apply one change (commit + reload) | {after['apply']['p50']:.1f} | "
            f"{after['apply']['p95']:.1f} |",
            f"| first search after it, CPU | {after['after']['p50']:.1f} | "
            f"{after['after']['p95']:.1f} |",
            f"| next search, CPU | {after['ordinary']['p50']:.1f} | "
            f"{after['ordinary']['p95']:.1f} |",
            f"| cold start: new process, first search (median wall / CPU) | {cold['wall']:.1f} | "
            f"{cold['cpu']:.1f} |",
        ]
    lines += [
        "",
        "Fixed query mix, repeated (ms; p50/p95/p99, and the median first call):",
        "",
        "| query class | engine | p50 | p95 | p99 | first call |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for name, engines in results["search"].items():
        for engine, stats in engines.items():
            lines.append(
                f"| {name} | {engine} | {stats['p50']:.1f} | {stats['p95']:.1f} | "
                f"{stats['p99']:.1f} | {stats['cold_p50']:.1f} |"
            )
    lines += [
        "",
        "| indexing | figure |",
        "|---|---:|",
        f"| full reindex, every entry built | {indexing['built_s']:.1f} s "
        f"({indexing['built_cpu']:.1f} s CPU, {indexing['built_dps']:,.0f} documents/s) |",
        f"| full reindex, kept entries | {indexing['reindex_s']:.1f} s "
        f"({indexing['reindex_cpu']:.1f} s CPU, {indexing['reindex_dps']:,.0f} documents/s, "
        f"{indexing['documents']:,} documents) |",
        f"| change log catch-up | {indexing['drain_rps']:,.0f} changes/s "
        f"({indexing['drained']:,} in {indexing['drain_s']:.1f} s) |",
        f"| index size on disk | {indexing['size_mb']:.0f} MB |",
    ]
    relevance = results.get("relevance")
    if relevance:
        lines += [
            "",
            "| judged queries (tests/search/relevance) | figure |",
            "|---|---:|",
            f"| queries passing | {relevance['passed']} of {relevance['queries']} |",
            f"| precision@5 (mean) | {relevance['precision_at_5']:.3f} |",
            f"| nDCG@10 (mean) | {relevance['ndcg_at_10']:.3f} |",
        ]
        if relevance["misses"]:
            lines.append(f"| missed | {'; '.join(relevance['misses'])} |")
    pilot = results.get("casepilot")
    if pilot:
        lines += [
            "",
            "| CasePilot judged questions (tests/casepilot), each asked once, no model | figure |",
            "|---|---:|",
            f"| questions passing | {pilot['passed']} of {pilot['asked']} |",
            f"| answer time p50 / p95 / p99 | {pilot['p50']:.1f} / {pilot['p95']:.1f} / "
            f"{pilot['p99']:.1f} ms |",
            f"| first answer of a process (builds the code word index) | {pilot['first']:.0f} ms |",
        ]
    if results.get("pay"):
        lines += ["", *pay_report_lines(results["pay"], "this board, read from its database")]
    http = results.get("http") or {}
    if http:
        lines += [
            "",
            f"HTTP under gunicorn, wrk -t2 -c{connections} -d{seconds}s on 127.0.0.1 (search "
            "rows cycle through distinct search pages):",
            "",
            "| workers | page | requests/s | p50 ms | p99 ms | errors | searchable after "
            "(p50 / max s) |",
            "|---:|---|---:|---:|---:|---:|---|",
        ]
        for workers, pages in http.items():
            quiet = pages.get("search, 0 changes/s", {}).get("rps")
            for page, stats in pages.items():
                if page in ("rss_mb", "anon_mb"):
                    continue
                seen = ""
                if stats.get("delays"):
                    delays = stats["delays"]
                    seen = f"{statistics.median(delays):.2f} / {max(delays):.2f}"
                    seen += f" ({len(delays)} changes, {stats['missed']} not seen in 10 s)"
                ratio = (
                    f" ({stats['rps'] / quiet:.2f}x)"
                    if quiet and page.startswith("search,") and stats["rps"] != quiet
                    else ""
                )
                lines.append(
                    f"| {workers} | {page} | {stats['rps']:,.0f}{ratio} | {stats['p50']:.1f} | "
                    f"{stats['p99']:.1f} | {stats['non_2xx']} | {seen} |"
                )
        lines += [
            "",
            "| workers | peak worker RSS (with mapped index pages) | worker's own memory "
            "at the end (RssAnon) |",
            "|---:|---:|---:|",
        ]
        lines += [
            f"| {workers} | {pages['rss_mb']:.0f} MB | {pages['anon_mb']:.0f} MB |"
            for workers, pages in http.items()
        ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--jobs", type=int, default=100_000)
    parser.add_argument("--dir", type=Path, default=Path("/tmp/careercenter-bench"))  # noqa: S108
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--baseline-rounds", type=int, default=2, help="-1 skips the LIKE baseline")
    parser.add_argument("--distinct", type=int, default=2400)
    parser.add_argument("--after-writes", type=int, default=100)
    parser.add_argument("--http-seconds", type=int, default=30)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", default="2")
    parser.add_argument("--skip-http", action="store_true")
    parser.add_argument("--pay-questions", type=int, default=400)
    parser.add_argument(
        "--refresh-codes", action="store_true", help="re-expand the code tags of existing jobs"
    )
    parser.add_argument("--output", type=Path, help="also write the table to this file")
    options = parser.parse_args()

    configure_environment(options.dir)
    sys.path.insert(0, str(ROOT))
    from careercenter import create_app

    app = create_app(
        {"SEARCH_BACKEND": "embedded", "RATELIMIT_ENABLED": False, "SEARCH_FOLLOW_INTERVAL": 0}
    )
    print(f"Preparing {options.jobs:,} jobs in {options.dir} ...", flush=True)
    results: dict[str, Any] = {"facts": prepare_data(app, options.jobs, options.refresh_codes)}
    print("Indexing ...", flush=True)
    results["indexing"] = measure_indexing(app)
    results["indexing"]["size_mb"] = index_size_mb(app)
    print("Judged queries ...", flush=True)
    results["relevance"] = measure_relevance(options.dir)
    results["casepilot"] = measure_casepilot(options.dir)
    print("Pay questions ...", flush=True)
    results["pay"] = measure_pay(app, options.pay_questions)
    print("Distinct searches ...", flush=True)
    results["distinct"] = measure_distinct(app, options.distinct)
    results["after_writes"] = measure_after_writes(app, options.after_writes)
    results["cold"] = measure_cold_start(options.dir, 3)
    print("Fixed mix ...", flush=True)
    results["search"] = measure_search(app, options.rounds, options.baseline_rounds)
    if not options.skip_http:
        print("HTTP ...", flush=True)
        workers = [int(count) for count in options.workers.split(",")]
        paths = write_search_paths(app, options.dir, 6000)
        results["http"] = measure_http(
            app,
            options.dir,
            workers,
            options.http_seconds,
            options.connections,
            sample_pages(app),
            paths,
        )
    table = report(results, options.connections, options.http_seconds)
    print(table)
    if options.output:
        options.output.write_text(table)


if __name__ == "__main__":
    main()
