"""The Meilisearch backend, through the official client.

Settings are applied and awaited before documents; every task is awaited and a failed task
is an error. Filters are built only from whitelisted attributes with every value quoted and
escaped. ``_formatted`` text is not escaped by Meilisearch, so highlights use private
marker characters and are escaped here before they become HTML.
"""

from __future__ import annotations

import contextlib
import os
import socket
import time
from collections.abc import Callable, Iterable
from typing import Any

import meilisearch
from meilisearch.errors import (
    MeilisearchApiError,
    MeilisearchCommunicationError,
    MeilisearchError,
    MeilisearchTimeoutError,
)
from rapidfuzz.distance import DamerauLevenshtein

from careercenter.codes.meaning import TIERS
from careercenter.search import changelog
from careercenter.search.backend import NeedsRebuild, SearchUnavailable
from careercenter.search.changelog import LogPosition
from careercenter.search.highlight import MARK_END, MARK_START, marked_to_html, marked_words
from careercenter.search.query import (
    FACET_FIELDS,
    FACETS,
    NO_CODE,
    SearchHit,
    SearchQuery,
    SearchResult,
    code_filter_terms,
    tiers_above,
)
from careercenter.search.synonyms import synonym_map

PRIMARY_KEY = "id"
TASK_TIMEOUT_MS = 60_000
LEASE_SECONDS = 30.0
RESTING_SECONDS = 10.0
MAX_TOTAL_HITS = 10_000
MINIMUM_SERVER = "1.15.0"  # typoTolerance.disableOnNumbers
MINIMUM_SERVER_PARTS = (1, 15, 0)
MATCHING_STRATEGY = "all"
MIN_WORD_SIZE_FOR_TYPOS = {"oneTypo": 5, "twoTypos": 9}
# What result cards, the API, alerts and recommendations read from a hit: never the words
# and terms that are only there to be matched on (thousands of entries for family tags).
RETRIEVED = [
    "id",
    "title",
    "url",
    "company",
    "company_slug",
    "description",
    "work_mode",
    "states",
    "location",
    "employment_type",
    "salary",
    "salary_yearly_min",
    "salary_yearly_max",
    "credentials",
    "credentials_required",
    "specialties",
    "settings",
    "tags",
    "codes",
    "posted_at",
    "expires_at",
    "updated_at",
]
BATCH = 1000
FILTERABLE = sorted(
    {
        PRIMARY_KEY,
        *FACET_FIELDS.values(),
        "code_match",
        "salary_yearly_max",
        "posted_at",
        "expires_at",
    }
)
SORTABLE = ["posted_at", "salary_yearly_max"]
SEARCHABLE = [
    "title",
    "tags",
    "codes",
    "company",
    "terms",  # labels, as the embedded backend searches them ("Per diem", not per_diem)
    "description",
    # Last: the meaning of the codes counts for less than the employer's own words.
    "code_text",
    "family_text",
]
FAILURES = (
    MeilisearchError,
    MeilisearchApiError,
    MeilisearchCommunicationError,
    MeilisearchTimeoutError,
    OSError,
)


def index_settings() -> dict[str, Any]:
    return {
        "searchableAttributes": SEARCHABLE,
        "filterableAttributes": FILTERABLE,
        "sortableAttributes": SORTABLE,
        "displayedAttributes": ["*"],
        # "sort" first: a chosen sort (newest, pay) is strict even when the search has words;
        # with no sort asked for, the rule does nothing and relevance decides. Among jobs
        # matching as many words with as few typos, coding jobs come before the nurse or
        # scheduler posted beside them (documents.is_coding_job).
        "rankingRules": [
            "sort",
            "words",
            "typo",
            "coding_job:desc",
            "proximity",
            "attribute",
            "exactness",
        ],
        "synonyms": synonym_map(),
        "typoTolerance": {
            "enabled": True,
            "disableOnNumbers": True,
            "disableOnAttributes": ["codes", "tags"],
            "minWordSizeForTypos": MIN_WORD_SIZE_FOR_TYPOS,
        },
        "faceting": {"maxValuesPerFacet": 100},
        "pagination": {"maxTotalHits": MAX_TOTAL_HITS},
    }


def filter_value(value: str | int) -> str:
    """A value as a quoted filter literal; backslashes and quotes are escaped."""
    if isinstance(value, int):
        return str(value)
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def filter_in(attribute: str, chosen: Iterable[str]) -> str:
    if attribute not in FILTERABLE:
        raise ValueError(f"{attribute!r} is not a filterable attribute")
    return f"{attribute} IN [{', '.join(filter_value(value) for value in chosen)}]"


def build_filter(query: SearchQuery, now: int, skip_facet: str | None = None) -> list[Any]:
    """Filter expressions (ANDed by Meilisearch); OR within a facet, as on the page."""
    # A job without an end date has "expires_at": null, which exists for Meilisearch.
    listed = f"expires_at > {int(now)} OR expires_at NOT EXISTS OR expires_at IS NULL"
    expressions: list[Any] = [listed]
    for facet, chosen in sorted(query.filters.items()):
        if facet != skip_facet and facet in FACETS and chosen:
            expressions.append(filter_in(FACET_FIELDS[facet], chosen))
    if query.codes or query.bad_codes:
        tier = query.code_tier
        reach = code_filter_terms(query.codes, (tier,) if tier else TIERS)
        expressions.append(filter_in("code_match", reach or [NO_CODE]))
        better = code_filter_terms(query.codes, tiers_above(tier)) if tier else []
        if better:
            expressions.append(f"NOT {filter_in('code_match', better)}")
        if query.bad_codes:  # a code box entry that is no code finds nothing, never all jobs
            expressions.append(filter_in("code_match", [NO_CODE]))
    if query.salary_floor:
        expressions.append(f"salary_yearly_max >= {int(query.salary_floor)}")
    if query.posted_within:
        expressions.append(f"posted_at >= {int(now) - int(query.posted_within) * 86400}")
    return expressions


def server_version(text: str) -> tuple[int, ...]:
    """1.16.0 -> (1, 16, 0); anything unreadable counts as oldest."""
    parts = []
    for piece in text.split("-")[0].split(".")[:3]:
        if not piece.isdigit():
            return (0,)
        parts.append(int(piece))
    return tuple(parts)


def typo_budget(word: str) -> int:
    """Typos Meilisearch allows in a word (minWordSizeForTypos in ``index_settings``)."""
    sizes = MIN_WORD_SIZE_FOR_TYPOS
    return 2 if len(word) >= sizes["twoTypos"] else 1 if len(word) >= sizes["oneTypo"] else 0


def corrected_words(words: str, marked: list[str]) -> str | None:
    """What the search was taken to mean, from the words Meilisearch marked in the hits: a
    word of the query that no hit holds as typed, but that a marked word is within its typo
    budget of, was read as that word ("spnie" as "spine"). None when nothing was corrected.
    """
    seen = {word.lower() for word in marked}
    changed, shown = False, []
    for word in words.split():
        plain = word.strip('"').lower()
        near = [
            candidate
            for candidate in seen
            if plain.isalpha()
            and plain not in seen
            and not any(other.startswith(plain) for other in seen)
            and 0 < DamerauLevenshtein.distance(plain, candidate) <= typo_budget(plain)
        ]
        if near:
            best = min(
                near,
                key=lambda candidate: (DamerauLevenshtein.distance(plain, candidate), candidate),
            )
            shown.append(best)
            changed = True
        else:
            shown.append(word)
    return " ".join(shown) if changed else None


def sort_for(query: SearchQuery) -> list[str] | None:
    if query.sort == "newest" or (query.sort == "relevance" and not query.words):
        return ["posted_at:desc"]
    if query.sort == "salary":
        return ["salary_yearly_max:desc", "posted_at:desc"]
    return None


class MeiliBackend:
    name = "meilisearch"

    def __init__(
        self,
        url: str,
        api_key: str | None,
        index_name: str = "jobs",
        timeout: int = 5,
        app: Any = None,
        search_key: str | None = None,
    ) -> None:
        if not url:
            raise ValueError("SEARCH_BACKEND=meilisearch needs MEILI_URL")
        # Writes (the worker, commands) use the admin key; searches use the search key, so a
        # web server can run with a key that cannot change the index.
        self.client = meilisearch.Client(url, api_key, timeout=timeout)
        self.reader = meilisearch.Client(url, search_key or api_key, timeout=timeout)
        self.url = url
        self.index_name = index_name
        self.follower_name = f"meilisearch:{index_name}"
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{id(self)}"
        self._ready = False
        self._resting_until = 0.0

    # ---- following the change log (position and lease kept in the database) ----------

    def position(self) -> LogPosition:
        return changelog.stored_position(self.follower_name)

    def claim_writer(self) -> bool:
        """Only the worker holding the lease writes; web workers never call this."""
        return changelog.take_lease(self.follower_name, self.owner, LEASE_SECONDS)

    def release_writer(self) -> None:
        changelog.release_lease(self.follower_name, self.owner)

    def apply(
        self,
        upserts: list[dict[str, Any]],
        deletes: list[str],
        position: LogPosition,
        since: LogPosition | None = None,
    ) -> None:
        if since is not None and self.position() != since:
            raise changelog.StalePosition(f"{self.follower_name} moved on")
        try:
            self.check_live()
            self.upsert(upserts)
            self.delete(deletes)
        except SearchUnavailable as error:
            changelog.record_error(self.follower_name, str(error))
            raise
        documents = self._call(lambda: self._live().get_stats().number_of_documents)
        changelog.store_position(self.follower_name, position, documents)

    def check_live(self) -> None:
        """The writer's look at a quiet board: a lost index is noticed without waiting for
        the next job change (searches answer 503 until it is rebuilt)."""
        self._call(self._check_live_index)

    def _check_live_index(self) -> None:
        """Before writing: Meilisearch recreates a deleted index on the first document write,
        with default settings (no filters) and only the documents written since; a gone
        index is rebuilt whole instead."""
        try:
            self.client.get_index(self.index_name)
        except MeilisearchApiError as error:
            if getattr(error, "code", "") == "index_not_found":
                self._ready = False
                raise NeedsRebuild(f"Meilisearch index {self.index_name!r} is gone") from error
            raise

    # ---- tasks and settings ----------------------------------------------------------

    def _await(self, task_info: Any) -> None:
        """Wait for a task and fail loudly unless it succeeded."""
        task = self.client.wait_for_task(task_info.task_uid, timeout_in_ms=TASK_TIMEOUT_MS)
        if task.status != "succeeded":
            raise SearchUnavailable(f"Meilisearch task {task.uid} {task.status}: {task.error}")

    def _create_if_missing(self, name: str) -> None:
        try:
            self.client.get_index(name)
        except MeilisearchApiError as error:
            if getattr(error, "code", "") != "index_not_found":
                raise
            self._await(self.client.create_index(name, {"primaryKey": PRIMARY_KEY}))

    def _prepare(self, name: str) -> Any:
        """Create the index if needed and apply its settings, waiting for both."""
        self._create_if_missing(name)
        index = self.client.index(name)
        self._await(index.update_settings(index_settings()))
        return index

    def check_version(self) -> str:
        """The server's version, refused when older than the settings need."""
        version = str(self._call(self.client.get_version).get("pkgVersion", "0"))
        if server_version(version) < MINIMUM_SERVER_PARTS:
            raise SearchUnavailable(
                f"CareerCenter needs Meilisearch {MINIMUM_SERVER} or newer "
                f"(typoTolerance.disableOnNumbers); the server at {self.url} "
                f"runs {version}"
            )
        return version

    def setup(self) -> str:
        """Check the server version and create the index with its settings (the worker and
        ``flask search setup``; never a search). Says which server and index are ready."""
        version = self.check_version()
        self._call(lambda: self._prepare(self.index_name))
        self._ready = True
        return f"Meilisearch {version}: index {self.index_name!r} is ready."

    def _index(self) -> Any:
        """The live index for writing, its settings applied once per process."""
        if not self._ready:
            self.setup()
        return self._live()

    def _live(self) -> Any:
        return self.client.index(self.index_name)

    def _call(self, work: Any) -> Any:
        """Run one exchange with the server. After a server that did not answer, fail fast
        for RESTING_SECONDS instead of making every page wait out the timeout again."""
        if time.monotonic() < self._resting_until:
            raise SearchUnavailable("Meilisearch did not answer just now; not asking again yet")
        try:
            return work()
        except (MeilisearchCommunicationError, MeilisearchTimeoutError, OSError) as error:
            self._resting_until = time.monotonic() + RESTING_SECONDS
            raise SearchUnavailable(f"Meilisearch: {error}") from error
        except FAILURES as error:
            raise SearchUnavailable(f"Meilisearch: {error}") from error

    # ---- writing ---------------------------------------------------------------------

    def upsert(self, documents: Iterable[dict[str, Any]]) -> None:
        batch = list(documents)
        if batch:
            self._call(
                lambda: self._await(self._index().add_documents(batch, primary_key=PRIMARY_KEY))
            )

    def delete(self, ids: Iterable[str]) -> None:
        batch = [str(doc_id) for doc_id in ids]
        if batch:
            # By filter: deleting by a list of ids is deprecated in the client.
            doomed = filter_in(PRIMARY_KEY, batch)
            self._call(lambda: self._await(self._index().delete_documents(filter=doomed)))

    def rebuild(
        self,
        documents: Iterable[dict[str, Any]],
        total: int = 0,
        progress: Callable[[int], None] | None = None,
        position: LogPosition | None = None,
        before_switch: Callable[[Any], Any] | None = None,
    ) -> int:
        """Build ``<index>_rebuild``, swap it in and record its position, holding the lease so
        that the worker does not apply changes to the index being replaced meanwhile."""
        fresh_name = f"{self.index_name}_rebuild"
        for _ in range(int(LEASE_SECONDS * 4)):
            if self.claim_writer():
                break
            time.sleep(0.5)
        else:
            raise SearchUnavailable("another worker holds the Meilisearch lease")

        self.check_version()

        def work() -> int:
            with contextlib.suppress(MeilisearchApiError):  # no leftover from a failed run
                self.client.get_index(fresh_name)
                self._await(self.client.delete_index(fresh_name))
            fresh = self._prepare(fresh_name)
            written, batch, tasks = 0, [], []
            # Every batch is sent before any is waited on: the server works through its
            # queue meanwhile; each task is then checked, so no failed batch goes unseen.
            for document in [*documents, None]:
                if document is not None:
                    batch.append(document)
                if batch and (document is None or len(batch) >= BATCH):
                    tasks.append(fresh.add_documents(batch, primary_key=PRIMARY_KEY))
                    written += len(batch)
                    if progress:
                        progress(len(batch))
                    batch = []
            for task in tasks:
                self._await(task)
            # The swap needs two sides; the live one's settings are not touched, since the
            # fresh index (with its settings) is about to replace it.
            self._create_if_missing(self.index_name)
            self._await(self.client.swap_indexes([{"indexes": [self.index_name, fresh_name]}]))
            self._await(self.client.delete_index(fresh_name))
            return written

        written = self._call(work)
        self._ready = True
        changelog.store_position(self.follower_name, position or LogPosition(), written)
        return written

    def count(self) -> int:
        return self._call(lambda: self._live().get_stats().number_of_documents)

    def count_open(self) -> int | None:
        """The documents the last sync wrote, as recorded in the database (asking the server
        would put a remote call on the home page)."""
        return changelog.stored_document_count(self.follower_name)

    # ---- searching -------------------------------------------------------------------

    def _request(
        self, query: SearchQuery, now: int, skip_facet: str | None = None, facets_only: bool = False
    ) -> dict[str, Any]:
        request: dict[str, Any] = {
            "indexUid": self.index_name,
            "q": query.words,
            "filter": build_filter(query, now, skip_facet),
            "matchingStrategy": MATCHING_STRATEGY,  # facet counts match as the hits do
        }
        if facets_only:
            request.update({"limit": 0, "facets": [FACET_FIELDS[skip_facet]]})
            return request
        if query.skip is not None:  # a slice of one tier, paged by the search service
            request.update({"offset": query.skip, "limit": query.per_page})
        else:
            request.update({"hitsPerPage": query.per_page, "page": query.page})
        request.update(
            {
                "facets": [FACET_FIELDS[facet] for facet in FACETS] if query.with_facets else [],
                "attributesToRetrieve": RETRIEVED,
                "attributesToHighlight": ["title", "description"],
                "attributesToCrop": ["description"],
                "cropLength": 24,
                "highlightPreTag": MARK_START,
                "highlightPostTag": MARK_END,
            }
        )
        if sort := sort_for(query):
            request["sort"] = sort
        return request

    def search(self, query: SearchQuery) -> SearchResult:
        now = int(time.time())
        requests = [self._request(query, now)]
        chosen = [facet for facet in FACETS if facet in query.filters]
        requests += [self._request(query, now, facet, facets_only=True) for facet in chosen]
        main, *facet_answers = self._call(lambda: self.reader.multi_search(requests))["results"]
        field_to_facet = {field: facet for facet, field in FACET_FIELDS.items()}
        facets = {
            field_to_facet[field]: dict(counts)
            for field, counts in (main.get("facetDistribution") or {}).items()
        }
        for facet, answer in zip(chosen, facet_answers, strict=True):
            facets[facet] = dict(
                (answer.get("facetDistribution") or {}).get(FACET_FIELDS[facet], {})
            )
        for facet in FACETS:
            facets.setdefault(facet, {})
        # The words Meilisearch marked, read before _hit() drops _formatted; only a search
        # with words can have read past a typo.
        marked = [
            word
            for hit in (main.get("hits", []) if query.words else [])
            for field in ("title", "description")
            for word in marked_words((hit.get("_formatted") or {}).get(field, ""))
        ]
        hits = [self._hit(hit) for hit in main.get("hits", [])]
        total = main.get("totalHits", main.get("estimatedTotalHits", len(hits)))
        result = SearchResult(hits, total, query.page, query.per_page, facets)
        # totalHits stops at maxTotalHits, and so do the pages; facet counts do not.
        result.total_capped = total >= MAX_TOTAL_HITS
        if query.words and hits:
            # Meilisearch found the jobs despite a typo; say how it read the words, as the
            # embedded backend does when it corrects them.
            corrected = corrected_words(query.words, marked)
            result.corrected_query = query.read_as(corrected) if corrected else None
        return result

    @staticmethod
    def _hit(hit: dict[str, Any]) -> SearchHit:
        formatted = hit.pop("_formatted", {}) or {}
        document = {key: value for key, value in hit.items() if not key.startswith("_")}
        title = formatted.get("title") or document.get("title", "")
        snippet = formatted.get("description") or ""
        return SearchHit(
            str(document["id"]), marked_to_html(title), marked_to_html(snippet), document
        )
