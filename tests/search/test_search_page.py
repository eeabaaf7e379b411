"""A seeker searches at /jobs: the URL holds the search; it works with or without JavaScript."""

from __future__ import annotations

import re

from tests.support.factories import JobFactory, jobs_indexed_once
from tests.support.pages import text_of


def test_laminotomy_finds_the_spine_job_with_the_word_highlighted(client, board):
    page = client.get("/jobs?q=laminotomy")
    html = page.data.decode()
    assert page.status_code == 200
    assert "Spine Surgery Coder" in html
    assert "<mark>laminotomy</mark>" in html
    assert "2 jobs" in text_of(page)  # and the 63001-63048 job, through its codes' meaning


def test_a_typo_is_corrected_and_the_page_says_so(client, board):
    page = text_of(client.get("/jobs?q=lamnotomy"))
    assert "Showing results for laminotomy" in page
    assert "Spine Surgery Coder" in page


def test_facets_show_counts_and_filters_narrow(client, board):
    page = client.get("/jobs?q=coder&work_mode=remote&credential=CPC")
    html = page.data.decode()
    assert 'name="work_mode" value="remote" checked' in html
    assert re.search(r'value="CPC" checked> CPC <span class="facet-count">2</span>', html)
    results = text_of(page).split("Clear filters")[1]
    assert "Spine Surgery Coder" in results and "Remote Risk Adjustment Coder" in results
    assert "Emergency Department Coder" not in results


def test_the_search_is_in_the_url_and_pages_keep_it(client):
    with jobs_indexed_once():
        for number in range(25):
            JobFactory(title=f"Paged Spine Coder {number:02d}")
    first = client.get("/jobs?q=paged&sort=newest").data.decode()
    assert "Page 1 of 2" in first
    assert 'href="/jobs?q=paged&amp;sort=newest&amp;page=2"' in first
    second = text_of(client.get("/jobs?q=paged&sort=newest&page=2"))
    assert "Paged Spine Coder 00" in second


def test_code_chips_link_to_code_pages(client, board):
    html = client.get("/jobs?q=630xx").data.decode()
    assert 'href="/codes/cpt/63000-63099">630xx<' in html
    assert 'href="/codes/cpt/63001-63048">63001-63048<' in html


def test_no_results_offer_a_way_to_widen(client, board):
    page = text_of(client.get("/jobs?q=zzzyqx&work_mode=onsite"))
    assert "No open jobs match this search." in page
    # Only searches that find jobs are offered: the word matches nothing anywhere.
    assert "Keep the filters, drop the words (1 job)" in page
    assert "drop the filters" not in page


def test_the_partial_view_returns_only_results_for_live_search(client, board):
    partial = client.get("/jobs?q=spine&partial=1")
    assert "<html" not in partial.data.decode()
    assert "Spine Surgery Coder" in text_of(partial)


def test_hostile_search_strings_never_break_the_page(client, board):
    for text in [
        "C++",
        "RN-BSN",
        '"',
        "*",
        "NEAR(",
        "<script>alert(1)</script>",
        "%",
        "a" * 300,
        "' OR 1=1 --",
        "63048-63001",
        "\\",
    ]:
        response = client.get(
            "/jobs",
            query_string={"q": text, "state": text, "sort": text, "page": text, "code": text},
        )
        assert response.status_code == 200, text
        assert "<script>alert(1)</script>" not in response.data.decode().split("</header>")[1]


def test_a_partial_match_says_which_words_were_left_out_and_offers_to_drop_them(client):
    from bench.relevance import post_board
    from careercenter.search.follower import catch_up_all

    post_board()
    catch_up_all()
    page = re.sub(r" ([;.])", r"\1", text_of(client.get("/jobs?q=lumbar+laminotomy+teleradiology")))
    assert (
        "No job matches all of lumbar laminotomy teleradiology; "
        "showing jobs that match lumbar laminotomy" in page
    )
    assert "Search without “teleradiology”" in page
    assert "Spine Surgery Coder" in page and "Oncology Coder" not in page
    html = client.get("/jobs?q=lumbar+laminotomy+teleradiology").data.decode()
    assert 'href="/jobs?q=lumbar+laminotomy"' in html


def test_the_code_box_explains_what_it_cannot_read_and_offers_a_way_on(client):
    from bench.relevance import post_board
    from careercenter.search.follower import catch_up_all

    post_board()
    catch_up_all()
    page = text_of(client.get("/jobs?code=spine"))
    assert "“spine” is not a code, family or range." in page
    assert "0 jobs" in page and "Drop the code box (28 jobs)" in page
    heading = text_of(client.get("/jobs?code=63035"))
    assert "Jobs that need 63035" in heading and "tags 63035" in heading
    ranged = text_of(client.get("/jobs?code=63001+-+63048"))
    assert "Jobs that need 63001-63048" in ranged and "Oncology Coder" not in ranged
