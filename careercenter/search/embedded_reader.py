"""Reading the embedded index: a search answered on one searcher (one snapshot of the
index), with its facet counts, highlighted hits and a corrected retry when nothing matched.
Nothing here writes, locks or opens directories (that is ``embedded.py``)."""

from __future__ import annotations

import html
import json
import time
from collections.abc import Callable
from typing import Any

import tantivy
from flask import has_app_context
from tantivy import Occur, Query

from careercenter.codes.lookup import code_texts_know
from careercenter.search.embedded_query import (
    FORM_CANDIDATES,
    FORM_FIELDS,
    PREFIX_EXPANSIONS,
    TEXT_FIELDS,
    correct_words,
    filter_clauses,
    forms_of,
    highlight_query,
    not_coding_penalty,
    parse_words,
    words_query,
)
from careercenter.search.embedded_schema import (
    SCHEMA,
    SEPARATOR,
    FacetTotals,
    count_facet_keys,
    every_job,
    read_meta,
)
from careercenter.search.query import FACET_FIELDS, FACETS, SearchHit, SearchQuery, SearchResult

SNIPPET_CHARS = 180
FACET_SIZE = 1000


def marked_html(text: str, ranges: list[tuple[int, int]]) -> str:
    """Escape text and wrap the byte ranges the engine highlighted in <mark>."""
    raw = text.encode()
    parts, last = [], 0
    for start, end in sorted(ranges):
        if start < last:
            continue
        parts.append(html.escape(raw[last:start].decode(errors="ignore")))
        parts.append("<mark>" + html.escape(raw[start:end].decode(errors="ignore")) + "</mark>")
        last = end
    parts.append(html.escape(raw[last:].decode(errors="ignore")))
    return "".join(parts)


def answer(searcher: Any, query: SearchQuery) -> SearchResult:
    now = int(time.time())
    forms = forms_in(searcher)
    result = run_search(searcher, query, now, forms)
    if result.total == 0 and query.words:
        corrected = correct_words(
            query.words,
            lambda word: is_correct_word(searcher, word, forms),
            lambda word: correction_candidates(searcher, word),
        )
        if corrected and corrected != query.words:
            retry = run_search(searcher, query.with_words(corrected), now, forms)
            shown = query.read_as(corrected)
            if retry.total:
                retry.corrected_query = shown
                return retry
            result.suggestion = shown
    return result


def is_known_word(searcher: Any, word: str) -> bool:
    return any(searcher.doc_freq(field, word) for field in TEXT_FIELDS)


def forms_in(searcher: Any) -> Callable[[str], list[str]]:
    """Each word's other forms in this searcher's index, worked out once per search (the
    corrector asks again for the words the search already expanded)."""
    found: dict[str, list[str]] = {}

    def forms(word: str) -> list[str]:
        if word not in found:
            found[word] = forms_of(word, lambda prefix: index_words(searcher, prefix))
        return found[word]

    return forms


def is_correct_word(searcher: Any, word: str, forms: Callable[[str], list[str]]) -> bool:
    """A word never to be corrected: the index holds it or another form of it, or the code
    reference uses it (a real word that no open job happens to use)."""
    if is_known_word(searcher, word) or forms(word):
        return True
    return has_app_context() and code_texts_know(word)


def correction_candidates(searcher: Any, word: str) -> list[str]:
    found: dict[str, int] = {}
    for field in ("title", "body", "terms", "code_text"):
        for term, frequency in searcher.terms_with_prefix(field, word[:2], limit=5000):
            if term.isalpha() and len(term) > 2:
                found[term] = found.get(term, 0) + frequency
    return sorted(found, key=lambda term: -found[term])


def index_words(searcher: Any, prefix: str) -> dict[str, int]:
    """The index's words starting with ``prefix``, with how many jobs use each."""
    found: dict[str, int] = {}
    for field in FORM_FIELDS:
        for term, frequency in searcher.terms_with_prefix(field, prefix, limit=FORM_CANDIDATES):
            found[term] = found.get(term, 0) + frequency
    return found


def run_search(
    searcher: Any, query: SearchQuery, now: int, forms: Callable[[str], list[str]]
) -> SearchResult:
    groups = parse_words(query.words, lambda word: is_known_word(searcher, word), forms)
    text = words_query(SCHEMA, groups)
    clauses = [(Occur.Must, text)] if text is not None else []
    bonus = [(Occur.Should, not_coding_penalty(SCHEMA))] if text is not None else []
    full = Query.boolean_query(clauses + bonus + filter_clauses(SCHEMA, query, now))
    if query.sort == "salary":
        order: dict[str, Any] = {"order_by_field": "best_paid"}
    elif query.sort == "newest" or text is None:
        order = {"order_by_field": "newest"}
    else:
        order = {}
    found = searcher.search(full, max(1, query.per_page), count=True, offset=query.offset, **order)
    facets = (
        count_facets(searcher, query, clauses, full, now, found.count) if query.with_facets else {}
    )
    addresses = [address for _, address in found.hits] if query.per_page else []
    hits = hits_with_highlights(searcher, addresses, groups)
    return SearchResult(hits, found.count, query.page, query.per_page, facets)


def count_facets(
    searcher: Any,
    query: SearchQuery,
    text: list[Any],
    full: Query,
    now: int,
    matched: int,
) -> dict[str, dict[str, int]]:
    """Counts per value, each facet counted with every filter but its own: one pass over
    the matches for the facets without a filter (the combined column), one more per
    facet with a filter (that facet's own column). When the search matches most of the
    board, the first pass walks the documents it does not match instead."""
    chosen = [facet for facet in FACETS if query.filters.get(facet)]
    counts: dict[str, dict[str, int]] = {facet: {} for facet in FACETS}
    plans = [(full, set(FACETS) - set(chosen))] + [
        (Query.boolean_query(text + filter_clauses(SCHEMA, query, now, facet)), {facet})
        for facet in chosen
    ]
    for number, (scope, wanted) in enumerate(plans):
        if len(wanted) == 1:  # one facet: its own column is the smaller pass
            (facet,) = wanted
            request = {"values": {"terms": {"field": FACET_FIELDS[facet], "size": FACET_SIZE}}}
            for bucket in searcher.aggregate(scope, request)["values"]["buckets"]:
                if bucket["key"]:
                    counts[facet][bucket["key"]] = bucket["doc_count"]
            continue
        if not wanted:
            continue
        keyed = facets_by_complement(searcher, scope, matched) if number == 0 else None
        if keyed is None:
            keyed = count_facet_keys(searcher, scope)
        for key, count in keyed.items():
            facet, _, value = key.partition(SEPARATOR)
            if facet in wanted and value and count:
                counts[facet][value] = count
    return {
        facet: dict(sorted(values.items(), key=lambda item: (-item[1], item[0])))
        for facet, values in counts.items()
    }


def facets_by_complement(searcher: Any, scope: Query, matched: int) -> dict[str, int] | None:
    """Facet value counts of a search matching most of the board, as the stored totals
    less the documents it does not match; None when counting the matches directly is
    cheaper or the totals do not describe this very index."""
    if matched * 2 <= searcher.num_docs:
        return None
    totals = FacetTotals.from_meta(read_meta(searcher))
    if totals is None or totals.docs != searcher.num_docs - 1:
        return None
    rest = Query.boolean_query([(Occur.Must, every_job()), (Occur.MustNot, scope)])
    totals.remove_counted(count_facet_keys(searcher, rest), 0)
    return totals.counts


def hits_with_highlights(searcher: Any, addresses: list[Any], groups: list[Any]) -> list[SearchHit]:
    if not addresses:
        return []

    def expand(prefix: str) -> list[str]:
        terms: list[str] = []
        for field in ("title", "body"):
            terms += [t for t, _ in searcher.terms_with_prefix(field, prefix, limit=30)]
        return terms[:PREFIX_EXPANSIONS]

    marks = {}
    for field in ("title", "body"):
        highlight = highlight_query(SCHEMA, field, groups, expand)
        if highlight is not None:
            generator = tantivy.SnippetGenerator.create(searcher, highlight, SCHEMA, field)
            generator.set_max_num_chars(SNIPPET_CHARS if field == "body" else 1000)
            marks[field] = generator
    hits = []
    for address in addresses:
        document = json.loads(searcher.doc(address)["source"][0])
        # The text is stored once, in the source; snippets are made from a copy of it.
        text = tantivy.Document(title=document["title"], body=document.get("description", ""))
        title_html = marked_snippet(text, document["title"], marks.get("title"), whole=True)
        snippet_html = marked_snippet(text, document.get("description", ""), marks.get("body"))
        hits.append(SearchHit(str(document["id"]), title_html, snippet_html, document))
    return hits


def marked_snippet(stored: Any, text: str, generator: Any, whole: bool = False) -> str:
    snippet = generator.snippet_from_doc(stored) if generator is not None else None
    fragment = snippet.fragment() if snippet is not None else ""
    ranges = [(r.start, r.end) for r in snippet.highlighted()] if snippet else []
    if not fragment or not ranges:
        if whole or len(text) <= SNIPPET_CHARS:
            return html.escape(text)
        return html.escape(text[:SNIPPET_CHARS].rsplit(" ", 1)[0]) + "…"
    at = text.find(fragment)
    if whole and at >= 0:
        shift = len(text[:at].encode())
        return marked_html(text, [(start + shift, end + shift) for start, end in ranges])
    shown = marked_html(fragment, ranges)
    before = "…" if at > 0 else ""
    after = "…" if at < 0 or at + len(fragment) < len(text) else ""
    return before + shown + after
