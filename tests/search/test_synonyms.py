"""Coders write the same thing many ways: every pair of every group in
``careercenter/search/data/synonyms.txt`` finds each other's jobs, on a real index."""

from __future__ import annotations

import itertools
import os
import uuid

import pytest
from werkzeug.datastructures import MultiDict

from careercenter.search.embedded import EmbeddedBackend
from careercenter.search.query import parse_search_args
from careercenter.search.synonyms import synonym_groups

TERMS = sorted({term for group in synonym_groups() for term in group})
PAIRS = [pair for group in synonym_groups() for pair in itertools.combinations(group, 2)]
BACKENDS = ["embedded"] + (["meilisearch"] if os.environ.get("MEILI_URL") else [])


def posting(number: int, term: str) -> dict:
    """A job that names one term in its description and nothing else of the vocabulary."""
    return {
        "id": str(number),
        "title": f"Posting {number}",
        "company": "Example Group",
        "description": f"Daily work: {term}.",
        "expires_at": None,
    }


@pytest.fixture(scope="module", params=BACKENDS)
def vocabulary_index(request, tmp_path_factory):
    documents = [posting(number, term) for number, term in enumerate(TERMS, start=1)]
    if request.param == "embedded":
        backend = EmbeddedBackend(tmp_path_factory.mktemp("synonyms"))
        backend.rebuild(documents, len(documents))
        yield backend
        backend.close()
    else:
        from careercenter.search.meili import MeiliBackend

        backend = MeiliBackend(
            os.environ["MEILI_URL"],
            os.environ.get("MEILI_API_KEY") or None,
            index_name=f"test_synonyms_{uuid.uuid4().hex[:8]}",
        )
        backend.upsert(documents)
        yield backend
        backend.client.delete_index(backend.index_name)


def found_terms(backend, text: str) -> set[str]:
    result = backend.search(parse_search_args(MultiDict({"q": text, "per_page": "50"})))
    return {hit.document["description"].removeprefix("Daily work: ")[:-1] for hit in result.hits}


def test_every_group_has_at_least_two_terms_and_no_term_is_blank():
    assert PAIRS
    assert all(len(group) >= 2 and all(group) for group in synonym_groups())


@pytest.mark.parametrize(("one", "other"), PAIRS, ids=[f"{a}<->{b}" for a, b in PAIRS])
def test_each_term_finds_the_jobs_that_use_the_other(vocabulary_index, one, other):
    assert one in found_terms(vocabulary_index, other)
    assert other in found_terms(vocabulary_index, one)
