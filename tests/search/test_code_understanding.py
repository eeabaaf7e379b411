"""A coder's search understands codes: tiers, the hierarchy both ways, ranges, and a page
that always offers a way forward. Run on each backend over the judged board."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from werkzeug.datastructures import MultiDict

from bench.relevance import post_board
from careercenter.search.follower import reindex
from careercenter.search.query import parse_search_args
from careercenter.search.service import search_jobs
from tests.support.search_backends import BACKENDS, fresh_backend


@pytest.fixture(params=BACKENDS)
def coders_board(request, tmp_path):
    keys = post_board()
    with fresh_backend(request.param, tmp_path, "coders") as backend:
        reindex(backend)
        yield board_asker(backend, keys)


def board_asker(backend, keys) -> SimpleNamespace:
    """Ask the board as the search page does; ``found`` gives the jobs' keys in order."""

    def ask(**args):
        query = parse_search_args(MultiDict(args))
        return search_jobs(query, rescue=True, backend=backend)

    def found(**args):
        return [keys[int(hit.id)] for hit in ask(**args).hits]

    return SimpleNamespace(ask=ask, found=found, keys=keys)


def test_a_code_lists_jobs_tagging_it_then_ranges_then_families_then_mentions(coders_board):
    board = coders_board
    for args in ({"q": "63035"}, {"code": "63035"}):
        result = board.ask(**args, per_page="50")
        order = [board.keys[int(hit.id)] for hit in result.hits]
        labels = {board.keys[int(hit.id)]: hit.tier_label for hit in result.hits}
        assert order[0] == "lumbar-micro" and labels["lumbar-micro"] == "tags 63035"
        assert order[1] == "spine-range" and labels["spine-range"] == "tags 63001-63048"
        # The 630xx jobs next, newest first, then the job that only mentions the code.
        assert order[2:5] == ["spine-family", "spine-auditor", "multispecialty"]
        assert {labels[key] for key in order[2:5]} == {"tags 630xx"}
        assert order[-1] == "spine-mention" and labels["spine-mention"] == "mentions 63035"
        assert "oncology" not in order and result.total == len(order)


def test_pages_cut_across_tiers_in_the_same_order(coders_board):
    board = coders_board
    whole = board.found(q="63035", per_page="50")
    paged = [
        key for page in (1, 2, 3, 4) for key in board.found(q="63035", per_page="2", page=str(page))
    ]
    assert paged == whole


def test_words_and_a_code_keep_the_tiers_and_match_every_word(coders_board):
    board = coders_board
    assert board.found(q="cranial 63030") == ["neurosurgery-cranial"]
    # The auditor job tags 630xx; the educator's job only mentions 63035, so it comes last.
    assert board.found(q="audit", code="630xx") == ["spine-auditor", "spine-mention"]


def test_a_category_finds_the_codes_beneath_and_a_code_the_tags_above(coders_board):
    board = coders_board
    for typed in ("M51", "M51.1", "M5116", "m51.16", "M51.16"):
        assert "lumbar-micro" in board.found(q=typed), typed
    assert set(board.found(code="M51")) == {"lumbar-micro", "disc-dx", "disc-category"}
    # A job tagged with the category M51 is found by the code beneath it, after the exact tag.
    result = board.ask(q="M51.16")
    assert [board.keys[int(hit.id)] for hit in result.hits] == ["lumbar-micro", "disc-category"]
    assert result.hits[1].tier_label == "tags M51"
    assert "disc-dx" not in board.found(q="M51.1")


def test_a_range_in_either_box_filters_to_the_jobs_with_codes_inside_it(coders_board):
    board = coders_board
    inside = {
        "spine-range",
        "lumbar-micro",
        "lumbar-revision",
        "stenosis",
        "spine-family",
        "spine-auditor",
        "multispecialty",
        "neurosurgery-cranial",
        "spine-mention",  # its text names 63035, last of all
    }
    for args in (
        {"code": "63001-63048"},
        {"q": "63001-63048"},
        {"q": "63001\u201363048"},
        {"code": "63001 \u2013 63048"},
    ):
        assert set(board.found(**args, per_page="50")) == inside, args
    assert board.found(code="63001-63048")[0] == "spine-range"  # it tags that very range


def test_an_unknown_code_or_a_non_code_says_so_and_never_lists_every_job(coders_board):
    board = coders_board
    unknown = board.ask(code="12345")
    assert unknown.total == 0
    assert unknown.notices == [
        "12345 is not a code in our reference data, and no open job needs it."
    ]
    not_a_code = board.ask(code="spine")
    assert not_a_code.total == 0 and "“spine” is not a code" in not_a_code.notices[0]
    assert not_a_code.offers and not_a_code.offers[0].total == len(board.keys)


def test_no_job_matching_every_word_shows_the_best_partial_match(coders_board):
    board = coders_board
    result = board.ask(q="lumbar laminotomy teleradiology")
    assert result.partial is not None
    assert result.partial.matched == "lumbar laminotomy"
    assert result.partial.unmatched == ["teleradiology"]
    shown = {board.keys[int(hit.id)] for hit in result.hits}
    assert {"lumbar-micro", "lumbar-revision"} <= shown and "oncology" not in shown
    assert result.offers[0].args == {"q": ["lumbar laminotomy"]}


def test_an_empty_result_always_offers_a_search_that_finds_jobs(coders_board):
    board = coders_board
    for args in (
        {"q": "63035", "state": "HI"},
        {"code": "63036"},
        {"code": "M48.07"},
        {"q": "teleradiology"},
        {"q": "spine", "credential": "RHIA"},
    ):
        result = board.ask(**args)
        assert result.total == 0, args
        assert result.offers, args
        for offer in result.offers:
            again = board.ask(**offer.args)
            assert again.total == offer.total > 0, (args, offer)
    assert any(offer.args.get("code") == ["M48.0"] for offer in board.ask(code="M48.07").offers)
    broader = board.ask(code="63036").offers
    assert any(offer.args.get("code") in (["6303x"], ["630xx"]) for offer in broader)


def test_the_code_page_lists_jobs_in_tier_order_and_says_how_each_names_the_code(client):
    post_board()
    from careercenter.search.follower import catch_up_all

    catch_up_all()
    page = client.get("/codes/cpt/63035")
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.data.decode()))
    assert page.status_code == 200
    first_exact = text.index("tags 63035")
    assert first_exact < text.index("tags 63001-63048") < text.index("tags 630xx")
