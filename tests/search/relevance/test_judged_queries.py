"""Search answers coders' queries: every judged query over the fixed board finds the jobs a
coder would expect in its first five results and never the ones that do not belong."""

from __future__ import annotations

import os
import uuid

import pytest

from bench.relevance import judge, post_board, summary
from careercenter.search.embedded import EmbeddedBackend
from careercenter.search.follower import reindex
from careercenter.search.query import parse_search_args
from careercenter.search.service import search_jobs

BACKENDS = ["embedded"] + (["meilisearch"] if os.environ.get("MEILI_URL") else [])


@pytest.fixture(params=BACKENDS)
def judged_board(request, tmp_path):
    keys = post_board()
    if request.param == "embedded":
        backend = EmbeddedBackend(tmp_path / "judged")
    else:
        from careercenter.search.meili import MeiliBackend

        backend = MeiliBackend(
            os.environ["MEILI_URL"],
            os.environ.get("MEILI_API_KEY") or None,
            index_name=f"test_judged_{uuid.uuid4().hex[:8]}",
        )
    assert reindex(backend) == len(keys)
    yield backend, keys
    if request.param == "meilisearch":
        backend.client.delete_index(backend.index_name)


def test_every_judged_query_finds_its_jobs_first_and_never_the_wrong_ones(judged_board):
    backend, keys = judged_board

    def rank(judged):
        query = parse_search_args(judged.search_args())
        result = search_jobs(query, rescue=True, backend=backend)
        return [keys[int(hit.id)] for hit in result.hits]

    verdicts = judge(rank)
    failures = [
        f"{verdict.judged.name!r}: missing from the top 5 {verdict.missing}, "
        f"found but must not be {verdict.intruders}; got {verdict.ranked[:8]}"
        for verdict in verdicts
        if not verdict.passed
    ]
    assert len(verdicts) >= 60
    assert not failures, "\n".join(failures)
    figures = summary(verdicts)
    assert figures["precision_at_5"] == 1.0
