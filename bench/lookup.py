"""`python -m bench.lookup`: code lookup over the full ICD-10-CM set and the CPT data.

Distinct lookups, each asked once, in five kinds (a code with its dot, the same typed
without the dot in lower case, the first characters of a code, two words of a description,
words of an inclusion term), beside the LIKE scan the lookup used before, in one run. The
first word lookup of a process builds the word index; it is timed on its own (cold).
Prints a Markdown table of wall and CPU milliseconds.
"""

from __future__ import annotations

import argparse
import gc
import random
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.__main__ import configure_environment, machine, percentile

STOP_WORDS = {"with", "without", "other", "unspecified", "and", "the", "for", "due", "not"}


def prepare(directory: Path) -> Any:
    import flask_migrate
    from sqlalchemy import func, select

    from careercenter import create_app
    from careercenter.codes.loaders import apply_keywords, load_cpt, load_icd10cm
    from careercenter.codes.models import Code
    from careercenter.extensions import db

    configure_environment(directory)
    app = create_app({"SECRET_KEY": "benchmark-secret-key-not-for-production-use-0123456789"})
    with app.app_context():
        flask_migrate.upgrade()
        notes = db.session.scalar(select(func.count(Code.id)).where(Code.notes.is_not(None)))
        if not notes:
            load_icd10cm()
            load_cpt()
            apply_keywords()
    return app


def lookups(count: int, seed: int) -> list[tuple[str, str]]:
    """(kind, text) pairs, every text different."""
    from sqlalchemy import select

    from careercenter.codes.models import Code
    from careercenter.extensions import db

    rng = random.Random(seed)
    rows = db.session.execute(
        select(Code.code, Code.description, Code.inclusion_terms).where(
            Code.system == "icd10cm", Code.kind.in_(("category", "code"))
        )
    ).all()
    picked = rng.sample(rows, count)
    queries: list[tuple[str, str]] = []
    for code, description, terms in picked:
        queries.append(("code with dot", code))
        queries.append(("code, no dot, lower case", code.replace(".", "").lower()))
        queries.append(("first characters", code[: rng.randint(2, max(2, len(code) - 1))]))
        words = [
            word
            for word in re.findall(r"[a-z]{4,}", (description or "").lower())
            if word not in STOP_WORDS
        ]
        if len(words) >= 2:
            queries.append(("two description words", " ".join(rng.sample(words, 2))))
        if terms:
            queries.append(("inclusion term", rng.choice(terms.splitlines())))
    seen: set[str] = set()
    return [(kind, text) for kind, text in queries if not (text in seen or seen.add(text))]


def like_lookup(text: str) -> list[Any]:
    """The lookup before the word index: ILIKE over descriptions, one condition a word."""
    from sqlalchemy import and_, or_, select

    from careercenter.codes.models import Code
    from careercenter.extensions import db

    conditions = [
        or_(Code.description.ilike(f"%{word}%"), Code.plain_description.ilike(f"%{word}%"))
        for word in text.split()
        if len(word) > 1
    ][:6]
    return list(db.session.scalars(select(Code).where(and_(*conditions)).limit(50)))


def timed(work: Callable[[], Any]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def own_memory_mb() -> float:
    """This process's anonymous memory (its own, not shared file pages), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("RssAnon:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dir", type=Path, default=Path("/tmp/careercenter-bench-codes"))  # noqa: S108
    parser.add_argument("--codes", type=int, default=400, help="codes sampled per round")
    parser.add_argument("--rounds", type=int, default=3)
    arguments = parser.parse_args()

    from careercenter.codes.lookup import lookup, word_index

    app = prepare(arguments.dir)
    with app.app_context():
        word_index().forget()
        lookup("M51.16")  # the process's own set-up, so that only the index is measured
        gc.collect()
        before = own_memory_mb()
        cold_wall, cold_cpu = timed(lambda: lookup("herniated disc"))
        gc.collect()
        index_mb = own_memory_mb() - before
        walls: dict[str, list[float]] = {}
        cpus: dict[str, list[float]] = {}
        for round_number in range(arguments.rounds):
            for kind, text in lookups(arguments.codes, seed=round_number + 1):
                for name, work in (("lookup", lookup), ("LIKE scan (before)", like_lookup)):
                    if name != "lookup" and kind not in ("two description words",):
                        continue
                    wall, cpu = timed(lambda work=work, text=text: work(text))
                    label = f"{name}: {kind}"
                    walls.setdefault(label, []).append(wall)
                    cpus.setdefault(label, []).append(cpu)
                    if name == "lookup":
                        walls.setdefault("lookup: all kinds", []).append(wall)
                        cpus.setdefault("lookup: all kinds", []).append(cpu)
    lines = [
        f"Code lookup, {machine()}, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
        "",
        "| lookups | n | wall p50 ms | wall p95 ms | wall max ms | CPU p95 ms |",
        "|---|---:|---:|---:|---:|---:|",
        f"| first word lookup of a process (builds the index) | 1 | {cold_wall:.0f} | "
        f"| | {cold_cpu:.0f} |",
    ]
    notes = [f"The word index adds {index_mb:.0f} MB to the process (RssAnon after it is built)."]
    for label in sorted(walls):
        wall, cpu = walls[label], cpus[label]
        lines.append(
            f"| {label} | {len(wall)} | {percentile(wall, 0.5):.2f} | "
            f"{percentile(wall, 0.95):.2f} | {max(wall):.2f} | {percentile(cpu, 0.95):.2f} |"
        )
    print("\n".join([*lines, "", *notes]))


if __name__ == "__main__":
    main()
