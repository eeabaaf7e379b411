"""Facet counts of searches that match most of the board come from totals kept with every
commit, less the jobs the search misses: after any run of changes they equal a plain count
of the jobs the index holds."""

from __future__ import annotations

import random
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from careercenter.search.changelog import LogPosition
from careercenter.search.embedded import EmbeddedBackend
from careercenter.search.query import FACET_FIELDS, FACETS, parse_search_args

STATES = ["AL", "GA", "WI", "FL", "TX"]
CREDENTIALS = ["CPC", "CCS", "COC", "CRC"]


def posting(number: int, rng: random.Random) -> dict:
    remote = rng.random() < 0.6
    return {
        "id": str(number),
        "title": "Coder" if rng.random() < 0.9 else "Auditor",
        "company": "Example Group",
        "description": "Daily work.",
        "work_mode": "remote" if remote else rng.choice(["onsite", "hybrid"]),
        "states": rng.sample(STATES, rng.randint(1, 3)),
        "employment_type": rng.choice(["full_time", "part_time"]),
        "credentials": rng.sample(CREDENTIALS, rng.randint(0, 2)),
        "settings": [],
        "specialties": [],
        "code_systems": ["cpt"],
        "expires_at": None,
    }


def plain_counts(documents: list[dict], keep) -> dict[str, dict[str, int]]:
    counts: dict[str, Counter] = {facet: Counter() for facet in FACETS}
    for document in documents:
        if not keep(document):
            continue
        for facet, field in FACET_FIELDS.items():
            value = document.get(field)
            for text in set(value if isinstance(value, list) else [value]):
                if text:
                    counts[facet][text] += 1
    return {facet: dict(values) for facet, values in counts.items()}


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seed=st.integers(0, 10_000), batches=st.integers(1, 6))
def test_broad_searches_count_facets_exactly_after_any_changes(tmp_path_factory, seed, batches):
    rng = random.Random(seed)
    backend = EmbeddedBackend(tmp_path_factory.mktemp("totals"))
    board = {number: posting(number, rng) for number in range(1, 41)}
    backend.rebuild(list(board.values()), len(board))
    for _ in range(batches):
        upserts = []
        for number in rng.sample(range(1, 61), rng.randint(1, 12)):
            board[number] = posting(number, rng)
            upserts.append(board[number])
        gone = [
            n
            for n in rng.sample(sorted(board), rng.randint(0, 5))
            if n not in {int(d["id"]) for d in upserts}
        ]
        for number in gone:
            del board[number]
        backend.apply(upserts, [str(n) for n in gone], LogPosition())
    held = list(backend.documents())
    assert sorted(int(d["id"]) for d in held) == sorted(board)
    for args, keep in (
        ({}, lambda d: True),
        ({"q": "coder"}, lambda d: d["title"] == "Coder"),
    ):
        result = backend.search(parse_search_args(MultiDict(args)))
        expected = plain_counts(held, keep)
        assert result.facets == {
            facet: dict(sorted(values.items(), key=lambda item: (-item[1], item[0])))
            for facet, values in expected.items()
        }, args
    backend.close()
