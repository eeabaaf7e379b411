"""Search answers coders' queries: every judged query over the fixed board finds the jobs a
coder would expect in its first five results and never the ones that do not belong; the
graded queries of issue #26 (coders' words, word forms, code shapes, the job a code is
about, postings that are not coding jobs) hold their nDCG@10 above the floor, and the suite's
summary reports it."""

from __future__ import annotations

import pytest

from bench.relevance import by_class, coder_queries, judge, post_board, summary
from careercenter.search.follower import reindex
from careercenter.search.query import parse_search_args
from careercenter.search.service import search_jobs
from tests.support.search_backends import BACKENDS, fresh_backend

# Measured 0.935 on 2026-12-03 (embedded; 0.681 before issue #26). A change that costs more than
# a few hundredths fails here rather than drifting.
CODER_QUERIES_FLOOR = 0.92


def ranking_on(board: dict[int, str], backend):
    def rank(judged):
        query = parse_search_args(judged.search_args())
        result = search_jobs(query, rescue=True, backend=backend)
        return [board[int(hit.id)] for hit in result.hits]

    return rank


@pytest.fixture(params=BACKENDS)
def judged_board(request, tmp_path):
    keys = post_board()
    with fresh_backend(request.param, tmp_path, "judged") as backend:
        assert reindex(backend) == len(keys)
        yield request.param, ranking_on(keys, backend)


@pytest.fixture(params=BACKENDS)
def coder_board(request, tmp_path):
    keys = post_board(coder_board=True)
    with fresh_backend(request.param, tmp_path, "coders") as backend:
        assert reindex(backend) == len(keys)
        yield request.param, ranking_on(keys, backend)


def test_every_judged_query_finds_its_jobs_first_and_never_the_wrong_ones(judged_board):
    _, rank = judged_board
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


def test_coders_phrasings_rank_what_they_mean_first(coder_board, record_property):
    backend, rank = coder_board
    queries = coder_queries()
    verdicts = judge(rank, queries)
    figures = summary(verdicts)
    record_property(
        "relevance",
        f"coder queries ({backend}): {len(verdicts)} queries, "
        f"nDCG@10 {figures['ndcg_at_10']:.3f}, P@5 {figures['precision_at_5']:.3f}; "
        + ", ".join(f"{kind} {value:.2f}" for kind, value in by_class(verdicts).items()),
    )
    assert len(verdicts) >= 30
    assert {judged.kind for judged in queries} >= {
        "coders' words",
        "form choices",
        "code shapes",
        "undotted codes",
        "code centrality",
        "word forms",
        "not coding jobs",
        "code words",
    }
    intruders = [f"{v.judged.name!r}: {v.intruders}" for v in verdicts if v.intruders]
    assert not intruders, "\n".join(intruders)
    weakest = sorted(verdicts, key=lambda verdict: verdict.ndcg_at_10)[:8]
    assert figures["ndcg_at_10"] >= CODER_QUERIES_FLOOR, "\n".join(
        f"{v.judged.name!r} nDCG@10 {v.ndcg_at_10:.2f}: {v.ranked[:6]}" for v in weakest
    )
