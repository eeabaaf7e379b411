"""Pay questions at scale: `python -m bench.pay --postings 1000000` builds a pay index of
synthetic postings (the demo generator's roles, pay, credentials and codes, a year of them,
a third closed) and asks distinct questions, each once; `python -m bench` runs the same
measurement on its own board (read from its database).

Prints wall and CPU time per question (the aggregations of one question run on two threads,
so CPU can exceed wall), the whole-board question (the pay page's landing, the widest) apart,
and the first question of a process (opening the index)."""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from werkzeug.datastructures import MultiDict

ROOT = Path(__file__).resolve().parent.parent

BLANK_JOB: dict[str, Any] = {}
FILTERS = ("code", "credential", "specialty", "setting", "experience", "work_mode", "state")


def pay_questions(rng: random.Random, count: int, sample: list[dict[str, Any]]) -> list[MultiDict]:
    """Distinct questions of one to three filters, each taken from a posting of the board
    (as people ask about jobs like the ones they see): popular values come up more often,
    and every question reaches at least that posting."""
    from careercenter.search.query import FACET_FIELDS

    seen: set[tuple] = set()
    questions = []
    for _ in range(count * 50):
        if len(questions) == count:
            break
        document = rng.choice(sample)
        options = {
            name: [document[FACET_FIELDS[name]]]
            if isinstance(document[FACET_FIELDS[name]], str)
            else list(document[FACET_FIELDS[name]])
            for name in FILTERS
            if name != "code" and document.get(FACET_FIELDS[name])
        }
        if document.get("tags"):
            tag = rng.choice(document["tags"])
            options["code"] = [tag, tag[:3] + "xx"] if tag[:5].isdigit() else [tag]
        picked = rng.sample(sorted(options), min(len(options), rng.choice([1, 1, 2, 2, 3])))
        pairs = tuple(sorted((name, rng.choice(options[name])) for name in picked))
        if pairs not in seen:
            seen.add(pairs)
            questions.append(MultiDict(pairs))
    return questions


def sampled(documents: Any, sample: list[dict[str, Any]], every: int = 97) -> Iterator[Any]:
    """Pass documents through, keeping every ``every``-th for the questions."""
    for number, document in enumerate(documents):
        if number % every == 0:
            sample.append(document)
        yield document


def synthetic_documents(count: int, seed: int = 29) -> Iterator[dict[str, Any]]:
    """Pay documents of postings made as the demo generator makes jobs, over a year."""
    from careercenter.demo.generate import _job_row, expand_in_memory, make_companies
    from careercenter.jobs.models import Job
    from careercenter.pay.postings import FILTER_FIELDS, FOREVER, posting_pay
    from careercenter.search.documents import JobRow, job_document
    from careercenter.timeutil import utcnow

    global BLANK_JOB
    BLANK_JOB = {column.name: None for column in Job.__table__.c}
    rng = random.Random(seed)
    companies = make_companies(max(6, count // 400), rng)
    now = utcnow()
    for number in range(1, count + 1):
        row = _job_row(rng, companies, now)
        published = now - timedelta(days=rng.uniform(0, 360))
        closed = rng.random() < 0.35
        row.update(id=number, published_at=published, expires_at=published + timedelta(days=30))
        job = JobRow(**{**BLANK_JOB, **row})
        job.company = SimpleNamespace(name="Company", slug="company")
        codes = sorted({pair for tag in row["code_tags"] for pair in expand_in_memory(tag)})
        search = job_document(job, codes)
        end = published + timedelta(days=rng.uniform(7, 60)) if closed else None
        yield {
            **{field: search[field] for field in FILTER_FIELDS},
            "tags": row["code_tags"],
            "id": number,
            "job_id": number,
            "annual": posting_pay(
                row["salary_min"], row["salary_max"], row["salary_unit"], row["salary_currency"]
            ),
            "listed_from": int(published.timestamp()),
            "listed_until": int(end.timestamp()) if end else FOREVER,
            "open": int(not closed),
        }


def summary(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)

    def at(share: float) -> float:
        return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]

    return {"p50": at(0.5), "p95": at(0.95), "p99": at(0.99), "max": ordered[-1]}


def timed(work: Any) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def measure_pay(app: Any, questions: int, documents: Any = None) -> dict[str, Any]:
    """Build the pay index (from the database, or ``documents``), then ask: the first
    question of a fresh process's index, ``questions`` distinct ones, and the whole board."""
    from careercenter.pay.index import PAY_EXTENSION, PayIndex, database_documents, get_pay_index
    from careercenter.pay.service import answer, parse_pay_args

    results: dict[str, Any] = {}
    with app.app_context():
        index = get_pay_index()
        sample: list[dict[str, Any]] = []
        started = time.perf_counter()
        if documents is None:  # the board's own, read from its database
            documents = list(database_documents())
        documents = sampled(documents, sample)
        results["postings"] = index.rebuild(documents)
        results["build_s"] = time.perf_counter() - started
        app.extensions[PAY_EXTENSION] = PayIndex(index.path)  # a process opening it afresh
        first = parse_pay_args(MultiDict([("specialty", "spine")]))
        results["first_ms"], _ = timed(lambda: answer(first))
        asked = pay_questions(random.Random(2080), questions, sample)
        walls, cpus, empty = [], [], 0
        for args in asked:
            question = parse_pay_args(args)
            replies: list[Any] = []
            wall, cpu = timed(lambda q=question, out=replies: out.append(answer(q)))
            walls.append(wall)
            cpus.append(cpu)
            empty += not replies[0].enough
        results["distinct"] = {
            "wall": summary(walls),
            "cpu": summary(cpus),
            "count": len(asked),
            "too_few": empty,
        }
        whole = parse_pay_args(MultiDict())
        board = [timed(lambda: answer(whole)) for _ in range(7)]
        results["whole"] = {
            "wall": summary([wall for wall, _ in board]),
            "cpu": summary([cpu for _, cpu in board]),
        }
    return results


def report_lines(results: dict[str, Any], label: str) -> list[str]:
    distinct, whole = results["distinct"], results["whole"]

    def cells(figures: dict[str, float]) -> str:
        return f"{figures['p50']:.1f} / {figures['p95']:.1f} / {figures['p99']:.1f}"

    heading = f"Pay questions, {label}: {results['postings']:,} jobs in the pay index"
    asked = f"{distinct['count']} distinct questions, each once ({distinct['too_few']} too few)"
    return [
        f"| {heading} | wall p50 / p95 / p99 ms | CPU p50 / p95 / p99 ms |",
        "|---|---:|---:|",
        f"| {asked} | {cells(distinct['wall'])} | {cells(distinct['cpu'])} |",
        f"| the whole board (the landing question), 7 times | {cells(whole['wall'])} "
        f"| {cells(whole['cpu'])} |",
        f"| first question of a process (opens the index) | {results['first_ms']:.1f} | |",
        f"| building the pay index | {results['build_s']:.1f} s | |",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.pay", description=__doc__)
    parser.add_argument("--postings", type=int, default=1_000_000)
    parser.add_argument("--questions", type=int, default=400)
    parser.add_argument("--dir", type=Path, default=Path("/tmp/careercenter-bench-pay"))  # noqa: S108
    parser.add_argument("--output", type=Path)
    options = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from bench.__main__ import machine, own_board

    app = own_board(options.dir)
    app.config["PAY_INDEX_PATH"] = str(options.dir / "pay-index")
    with app.app_context():
        from careercenter.codes.loaders import load_cpt

        load_cpt()  # the codes' families, as a board has them
    shutil.rmtree(options.dir / "pay-index", ignore_errors=True)
    print(f"Building {options.postings:,} synthetic postings ...", flush=True)
    results = measure_pay(app, options.questions, synthetic_documents(options.postings))
    table = "\n".join([machine(), "", *report_lines(results, "synthetic postings")])
    print(table)
    if options.output:
        options.output.write_text(table + "\n")


if __name__ == "__main__":
    main()
