"""What the embedded index holds: its schema, the analyzer for words, and how a search
document becomes a tantivy document (and the log position one, id 0)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import tantivy
from tantivy import Filter, Query, TextAnalyzerBuilder, Tokenizer

from careercenter.search.changelog import LogPosition
from careercenter.search.documents import searchable_labels
from careercenter.search.embedded_query import (
    FOREVER,
    NOT_CODING_JOB,
    TEXT_FIELDS,
    WORDS_ONLY_FIELDS,
)
from careercenter.search.query import FACET_FIELDS

# 6: code_match terms name their code system; 7: the codes a job is about (tier 0), coding
# jobs marked, the form's entry-level choices as words; 8: the other jobs marked instead
SCHEMA_VERSION = 8
# Matched on, never shown: kept out of the stored copy of the document.
INDEX_ONLY = frozenset({"code_text", "family_text", "code_match", "terms"})
META_ID = 0
KEYWORD_FIELDS = ("code_match", *FACET_FIELDS.values())
# Every facet value of a job but its states, as one "profile" term ("facet\x1fvalue" joined by
# \x1e): jobs share a few hundred profiles, so one pass over the matches counts them (with
# the states column) from about four values a job instead of twelve, and the profiles are
# spread into facet counts afterwards.
PROFILE = "facet_profile"
SEPARATOR = "\x1f"
JOINER = "\x1e"
STATE_FACET = "state"
NUMBER_FIELDS = ("posted_at", "expires_at", "salary_yearly_max", "updated_at")
# Sort keys with their tie-breaks folded in (tantivy sorts by one fast field): newest is the
# posting second, then the id; salary is the yearly pay, then the posting second.
SORT_FIELDS = ("newest", "best_paid")


def build_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("id", stored=True, indexed=True, fast=True)
    for field in TEXT_FIELDS:
        # The meaning of codes is matched word by word, never shown or matched as a phrase:
        # without positions it costs a fraction of the space.
        option = "freq" if field in WORDS_ONLY_FIELDS else "position"
        builder.add_text_field(field, tokenizer_name="words", index_option=option)
    for field in KEYWORD_FIELDS:
        builder.add_text_field(field, fast=field in FACET_FIELDS.values(), tokenizer_name="raw")
    builder.add_text_field(PROFILE, fast=True, tokenizer_name="raw")
    for field in NUMBER_FIELDS:
        builder.add_integer_field(field, indexed=True, fast=True)
    for field in SORT_FIELDS:
        builder.add_integer_field(field, fast=True)
    builder.add_bytes_field("source", stored=True)
    return builder.build()


SCHEMA = build_schema()


def open_index(directory: Path, create: bool = False) -> tantivy.Index:
    """Open (or create) an index directory with our analyzer; refuses a foreign one."""
    if create:
        directory.mkdir(parents=True)
        index = tantivy.Index(SCHEMA, path=str(directory))
    else:
        if not (directory / "meta.json").is_file():
            raise DamagedIndex(f"{directory} holds no index")
        index = tantivy.Index.open(str(directory))
        if index.schema != SCHEMA:
            raise DamagedIndex(f"{directory} holds an index of another shape")
    words = (
        TextAnalyzerBuilder(Tokenizer.simple())
        .filter(Filter.remove_long(40))
        .filter(Filter.lowercase())
        .filter(Filter.ascii_fold())
        .build()
    )
    index.register_tokenizer("words", words)
    return index


class DamagedIndex(Exception):
    """The index directory is missing, unreadable or not ours."""


def entry(document: dict[str, Any]) -> tantivy.Document:
    """A search document as a tantivy document: text to match, keywords and numbers to
    filter, facet and sort on, and the whole document stored for the hit."""
    return fields_document(entry_fields(document))


def entry_fields(document: dict[str, Any]) -> dict[str, Any]:
    """The tantivy fields of a search document, as JSON can keep them (the stored source as
    text): a rebuild turns kept fields into index entries without building them again."""
    posted, salary = document.get("posted_at") or 0, document.get("salary_yearly_max") or 0
    fields: dict[str, Any] = {
        "id": int(document["id"]),
        "title": document["title"],
        "company": document["company"],
        "terms": document.get("terms") or searchable_labels(document),
        "body": document.get("description", ""),
        "code_text": document.get("code_text", ""),
        "family_text": document.get("family_text", ""),
        "posted_at": posted,
        "expires_at": document.get("expires_at") or FOREVER,
        "salary_yearly_max": salary,
        "updated_at": document.get("updated_at") or 0,
        "newest": posted * 10**8 + int(document["id"]) % 10**8,
        "best_paid": min(salary, 10**8) * 10**10 + posted,
        "source": json.dumps(
            {key: value for key, value in document.items() if key not in INDEX_ONLY},
            separators=(",", ":"),
        ),
    }
    for field in KEYWORD_FIELDS:
        value = document.get(field)
        fields[field] = [
            str(text) for text in (value if isinstance(value, list) else [value]) if text
        ]
    if document.get("coding_job") == 0:
        fields["code_match"].append(NOT_CODING_JOB)
    fields[PROFILE] = [facet_profile(document)]
    return fields


def fields_document(fields: dict[str, Any]) -> tantivy.Document:
    return tantivy.Document.from_dict({**fields, "source": fields["source"].encode()}, SCHEMA)


def facet_profile(document: dict[str, Any]) -> str:
    keys = (key for key in facet_keys(document) if not key.startswith(STATE_FACET + SEPARATOR))
    return JOINER.join(sorted(keys)) or JOINER


def meta_entry(position: LogPosition, totals: FacetTotals | None = None) -> tantivy.Document:
    item = tantivy.Document()
    item.add_integer("id", META_ID)
    item.add_integer("expires_at", 0)  # never listed
    meta: dict[str, Any] = {"schema": SCHEMA_VERSION, "position": json.loads(position.to_json())}
    if totals is not None:
        meta["facets"] = {"docs": totals.docs, "counts": totals.counts}
    item.add_bytes("source", json.dumps(meta).encode())
    return item


def facet_keys(document: dict[str, Any]) -> set[str]:
    """A document's facet values as the combined column holds them ("facet\x1fvalue")."""
    keys = set()
    for facet, field in FACET_FIELDS.items():
        value = document.get(field)
        for text in value if isinstance(value, list) else [value]:
            if text:
                keys.add(f"{facet}{SEPARATOR}{text}")
    return keys


@dataclasses.dataclass
class FacetTotals:
    """How many documents the index holds and how many carry each facet value, kept in the
    position document and brought up to date in the same commit as every change. A search
    matching most of the board counts its facets as these totals minus the few documents it
    does not match, instead of walking every match."""

    docs: int = 0
    counts: dict[str, int] = dataclasses.field(default_factory=dict)

    @classmethod
    def from_meta(cls, meta: dict[str, Any]) -> FacetTotals | None:
        stored = meta.get("facets")
        return cls(stored["docs"], dict(stored["counts"])) if stored else None

    def add(self, keys: set[str], sign: int = 1, docs: int = 1) -> None:
        self.docs += sign * docs
        for key in keys:
            self.counts[key] = self.counts.get(key, 0) + sign
            if not self.counts[key]:
                del self.counts[key]

    def remove_counted(self, counted: dict[str, int], docs: int) -> None:
        self.docs -= docs
        for key, count in counted.items():
            left = self.counts.get(key, 0) - count
            if left > 0:
                self.counts[key] = left
            else:
                self.counts.pop(key, None)


def count_facet_keys(searcher: tantivy.Searcher, scope: tantivy.Query) -> dict[str, int]:
    """How many of the documents a query matches carry each facet value ("facet\x1fvalue"),
    in one pass: profile buckets spread into their values, and the states column."""
    request = {
        "profiles": {"terms": {"field": PROFILE, "size": 1_000_000}},
        "states": {"terms": {"field": FACET_FIELDS[STATE_FACET], "size": 1000}},
    }
    answer = searcher.aggregate(scope, request)
    counts: dict[str, int] = {}
    for bucket in answer["profiles"]["buckets"]:
        for key in bucket["key"].split(JOINER):
            if key:
                counts[key] = counts.get(key, 0) + bucket["doc_count"]
    for bucket in answer["states"]["buckets"]:
        key = f"{STATE_FACET}{SEPARATOR}{bucket['key']}"
        counts[key] = bucket["doc_count"]
    return counts


def every_job() -> Query:
    """Every job document (ids from 1; the position document is id 0)."""
    return Query.range_query(SCHEMA, "id", tantivy.FieldType.Integer, lower_bound=1)


def read_meta(searcher: Any) -> dict[str, Any]:
    found = searcher.search(Query.term_query(SCHEMA, "id", META_ID), 1).hits
    if not found:
        raise DamagedIndex("the index has no position document")
    try:
        meta = json.loads(searcher.doc(found[0][1])["source"][0])
    except (KeyError, IndexError, ValueError) as error:  # an index that is not ours
        raise DamagedIndex(f"the position document is unreadable ({error})") from error
    if not isinstance(meta, dict) or meta.get("schema") != SCHEMA_VERSION:
        found_schema = meta.get("schema") if isinstance(meta, dict) else None
        raise DamagedIndex(f"index schema {found_schema}, expected {SCHEMA_VERSION}")
    return meta
