"""One contract, two backends: the embedded index always, Meilisearch when MEILI_URL is set.

Both take the same documents and must answer the same SearchQuery with the same results.
"""

from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict

from careercenter.search.follower import reindex
from careercenter.search.query import parse_search_args
from tests.support.search_backends import BACKENDS, fresh_backend


@pytest.fixture(params=BACKENDS)
def backend(request, board, tmp_path):
    with fresh_backend(request.param, tmp_path, "contract") as chosen:
        assert reindex(chosen) == 7
        yield chosen


def search(backend, **args):
    return backend.search(parse_search_args(MultiDict(args)))


def titles(result) -> set[str]:
    return {hit.document["title"] for hit in result.hits}


def keys(board, *names) -> set[str]:
    return {board[name].title for name in names}


def test_words_find_jobs_and_closed_or_draft_jobs_never_show(backend, board):
    assert titles(search(backend, q="spine")) == keys(board, "family")
    assert search(backend, q="closed").total == 0
    assert search(backend, q="draft").total == 0
    assert search(backend).total == 7


def test_the_last_word_matches_as_a_prefix(backend, board):
    # The range 63001-63048 is laminotomies and laminectomies: its job is found through it.
    assert titles(search(backend, q="laminot")) == keys(board, "family", "range")
    assert "Neurosurgery Coding Specialist" in titles(search(backend, q="neurosurg"))


def test_a_code_finds_jobs_tagged_by_family_or_range(backend, board):
    assert titles(search(backend, q="63035")) == keys(board, "family", "range")
    assert titles(search(backend, q="63044")) == keys(board, "family", "range")
    assert titles(search(backend, q="63053")) == keys(board, "family")
    assert titles(search(backend, code="63035")) == keys(board, "family", "range")
    assert titles(search(backend, q="m51.16")) == keys(board, "range")


def test_a_family_or_bare_prefix_finds_the_jobs_under_it(backend, board):
    assert titles(search(backend, q="630xx")) == keys(board, "family", "range")
    assert titles(search(backend, q="630")) == keys(board, "family", "range")
    assert titles(search(backend, code="M51.*")) == keys(board, "range")


def test_synonyms_of_coding_vocabulary(backend, board):
    assert keys(board, "family") <= titles(search(backend, q="hemilaminectomy"))
    assert keys(board, "remote_cpc") <= titles(search(backend, q="wfh"))
    assert keys(board, "family", "remote_cpc", "onsite") <= titles(
        search(backend, q="certified professional coder")
    )


def test_a_misspelt_word_still_finds_its_jobs(backend, board):
    result = search(backend, q="lamnotomy")
    assert titles(result) == keys(board, "family", "range")
    # The embedded backend corrects the word; Meilisearch reads past the typo itself, and the
    # word it matched is shown the same way ("Showing results for laminotomy").
    assert result.corrected_query == "laminotomy"


def test_filters_narrow_and_facet_counts_add_up(backend, board):
    remote_cpc = search(backend, q="coder", work_mode="remote", credential="CPC")
    assert titles(remote_cpc) == keys(board, "family", "remote_cpc")

    in_wisconsin = search(backend, work_mode="remote", credential="CPC", state="WI")
    assert titles(in_wisconsin) == keys(board, "remote_cpc")
    states = in_wisconsin.facets["state"]
    assert states == {"AL": 1, "GA": 1, "WI": 1, "IL": 1}  # counted without the state filter
    # Each facet is counted with every filter but its own: CPC jobs in WI, any work mode.
    assert in_wisconsin.facets["work_mode"] == {"remote": 1, "onsite": 1}

    everything = search(backend)
    assert sum(everything.facets["work_mode"].values()) == everything.total == 7


def test_values_of_one_facet_are_ored(backend, board):
    either = search(backend, **{"work_mode": ["onsite", "hybrid"]})
    assert titles(either) == keys(board, "onsite", "hybrid")


def test_pay_and_date_filters(backend, board):
    assert titles(search(backend, salary_min="62000")) == keys(
        board, "family", "range", "remote_cpc"
    )
    assert titles(search(backend, posted_within="3")) == keys(
        board, "family", "remote_cpc", "hostile"
    )


def test_sorting_by_newest_and_by_pay(backend, board):
    newest = [hit.document["title"] for hit in search(backend, sort="newest").hits]
    assert newest[:2] == [board["remote_cpc"].title, board["family"].title]
    by_pay = [hit.document["title"] for hit in search(backend, sort="salary").hits]
    # $38/hr is $79,040 a year, above $75,000; jobs without pay come last.
    assert by_pay[:3] == [board["range"].title, board["family"].title, board["remote_cpc"].title]
    assert by_pay[-1] == board["hybrid"].title or board["hybrid"].title in by_pay[-3:]


def test_pages(backend, board):
    first = search(backend, per_page="3", page="1", sort="newest")
    third = search(backend, per_page="3", page="3", sort="newest")
    assert first.total == 7 and len(first.hits) == 3 and len(third.hits) == 1
    assert not titles(first) & titles(third)


def test_highlights_are_escaped_html_with_marks(backend, board):
    hit = search(backend, q="laminotomy").hits[0]
    assert "<mark>laminotomy</mark>" in hit.snippet_html.lower()
    hostile = search(backend, q="auditor").hits[0]
    assert "<script>" not in hostile.title_html
    assert "&lt;script&gt;" in hostile.title_html


@pytest.mark.parametrize(
    "text",
    [
        "C++",
        "RN-BSN",
        '"',
        "*",
        "NEAR(",
        'a"b',
        '"unclosed',
        "OR AND NOT",
        "title:spine",
        "^spine",
        "\\",
        "{}",
        "()",
    ],
)
def test_hostile_queries_answer_or_find_nothing_but_never_fail(backend, board, text):
    result = search(backend, q=text)
    assert result.total >= 0


@pytest.mark.parametrize("word", ["surgery", "durable", "general"])
def test_seven_letter_words_are_words_not_procedure_codes(backend, board, word):
    query = parse_search_args(MultiDict({"q": word}))
    assert query.codes == [] and query.words == word


def test_every_backend_counts_its_listed_jobs_and_says_whether_it_needs_setting_up(backend):
    listed = search(backend).total
    counted = backend.count_open()
    if backend.name == "embedded":
        assert counted == listed == 7
        assert backend.setup() is None
    else:  # what the last sync recorded, without a call to the server
        assert counted in (None, listed)
        assert "is ready" in backend.setup()
