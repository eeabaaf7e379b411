"""Codes of every system are honest, loaded or not: with no HCPCS or ICD-10-PCS file
imported, a job tagging J9xxx or 0SG0* is still found by the codes of that shape (J9035,
0SG00A0) and listed on the family's page, while a family stays in its own system — J9xxx, a
HCPCS family, never finds a job tagged J96.01, an ICD-10-CM code."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from werkzeug.datastructures import MultiDict

from careercenter.search.follower import reindex
from careercenter.search.query import parse_search_args
from careercenter.search.service import search_jobs
from tests.support.factories import JobFactory, jobs_indexed_once
from tests.support.pages import text_of
from tests.support.search_backends import BACKENDS, fresh_backend


def oncology_and_hip_jobs() -> dict[str, int]:
    jobs = {
        "Oncology Infusion Coder": ["J9xxx", "C50.911"],
        "Inpatient Hip Replacement Coder": ["0SG0*", "27130"],
        "Respiratory Failure Coder": ["J96.01"],
        "Oncology Drug Range Coder": ["J9000-J9099"],
    }
    with jobs_indexed_once():
        return {title: JobFactory(title=title, code_tags=tags).id for title, tags in jobs.items()}


@pytest.fixture(params=BACKENDS)
def board(request, tmp_path):
    ids = oncology_and_hip_jobs()
    titles = {job_id: title for title, job_id in ids.items()}
    with fresh_backend(request.param, tmp_path, "shapes") as backend:
        reindex(backend)

        def found(**args):
            query = parse_search_args(MultiDict(args))
            result = search_jobs(query, backend=backend)
            return [(titles[int(hit.id)], hit.tier_label) for hit in result.hits]

        yield SimpleNamespace(found=found)


def test_a_code_finds_the_family_and_range_tags_of_its_shape(board):
    assert board.found(q="J9035") == [  # a range tag before a family tag, as always
        ("Oncology Drug Range Coder", "tags J9000-J9099"),
        ("Oncology Infusion Coder", "tags J9xxx"),
    ]
    assert [title for title, _ in board.found(q="0SG00A0")] == ["Inpatient Hip Replacement Coder"]
    assert [title for title, _ in board.found(code="J9271")] == ["Oncology Infusion Coder"]


def test_a_family_stays_in_its_own_code_system(board):
    hcpcs = {title for title, _ in board.found(q="J9xxx")}
    assert "Respiratory Failure Coder" not in hcpcs
    assert "Oncology Infusion Coder" in hcpcs
    assert {title for title, _ in board.found(q="J96.01")} == {"Respiratory Failure Coder"}


def test_the_family_page_lists_the_jobs_that_tag_it(client):
    oncology_and_hip_jobs()
    page = text_of(client.get("/codes/hcpcs/J9000-J9999"))
    assert "Oncology Infusion Coder" in page and "Oncology Drug Range Coder" in page
    assert "Respiratory Failure Coder" not in page
    assert "no open job needs" not in page.lower()
