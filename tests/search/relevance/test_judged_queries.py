"""Search answers coders' queries: every judged query over the fixed board finds the jobs a
coder would expect in its first five results and never the ones that do not belong."""

from __future__ import annotations

import pytest

from bench.relevance import judge, post_board, summary
from careercenter.search.follower import reindex
from careercenter.search.query import parse_search_args
from careercenter.search.service import search_jobs
from tests.support.search_backends import BACKENDS, fresh_backend


@pytest.fixture(params=BACKENDS)
def judged_board(request, tmp_path):
    keys = post_board()
    with fresh_backend(request.param, tmp_path, "judged") as backend:
        assert reindex(backend) == len(keys)
        yield backend, keys


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
