"""A stand-in Meilisearch server for tests: a test double, since no Meilisearch can run here.

It answers the routes the backend uses as a Meilisearch 1.x server does — tasks queued and
processed in order, index creation and deletion, settings, documents, multi-search, index
swaps, the version, and errors with Meilisearch's codes — and it **refuses any request whose
path, method, parameters, key or body Meilisearch's own OpenAPI description does not allow**
(``vendor/meilisearch``); its own answers are checked against the same description, so the
double cannot drift from the server it stands for.

It checks the shape of the conversation, not ranking: a search finds the documents holding
every word (the last one also as a prefix, each within Meilisearch's typo budget for its
length), unranked, marks the words it matched, and evaluates the filter expressions the
backend writes. Faults are switched on by tests: a paused task queue, an error or a hang on
chosen routes, an index deleted behind the board's back, a server that is down.
"""

from __future__ import annotations

import functools
import json
import math
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from openapi_core import Config, OpenAPI
from openapi_core.testing import MockRequest, MockResponse
from rapidfuzz.distance import DamerauLevenshtein
from werkzeug.serving import WSGIRequestHandler, make_server
from werkzeug.wrappers import Request, Response

SPEC_PATH = (
    Path(__file__).parent.parent / "search" / "vendor" / "meilisearch" / "meilisearch-openapi.json"
)
SPEC_SERVER = "http://localhost:7700"  # the description's server; requests are checked as if there
SEARCH_ROUTES = {("POST", "/multi-search")}
DEFAULT_RANKING = ["words", "typo", "proximity", "attribute", "sort", "exactness"]


def corrected(description: dict[str, Any]) -> dict[str, Any]:
    """Where the description disagrees with the server it describes, the server wins; each
    correction names what shows it (the vendored README lists them too)."""
    schemas = description["components"]["schemas"]
    # milli's AttributePatterns (a search's `facets`) is `#[serde(transparent)]` and read
    # from a Vec<String>: a plain list, as clients send `"facets": ["genres"]`; the 1.53.0
    # description lost its `value_type = Vec<String>` and shows an object.
    schemas["AttributePatterns"] = {"type": "array", "items": {"type": "string"}}
    # A task's startedAt and finishedAt are, in the description's own words, "`null` for
    # tasks that are still in the queue", but typed as strings only.
    for name in ("startedAt", "finishedAt"):
        schemas["TaskView"]["properties"][name]["type"] = ["string", "null"]
    # The server reads settings with `deny_unknown_fields` (Settings<T>, TypoSettings,
    # MinWordSizeTyposSetting, FacetingSettings, PaginationSettings in
    # meilisearch-types/src/settings.rs): a misspelt setting is a 400 there, though the
    # description leaves these objects open.
    for name in (
        "Settings_Unchecked",
        "TypoSettings",
        "MinWordSizeTyposSetting",
        "FacetingSettings",
        "PaginationSettings",
    ):
        schemas[name]["additionalProperties"] = False
    return description


@functools.cache
def spec() -> dict[str, Any]:
    return corrected(json.loads(SPEC_PATH.read_text()))


@functools.cache
def openapi() -> OpenAPI:
    # The description's own default for a log route ("Human") fails strict checking of the
    # description itself; requests and answers are still checked against it in full.
    return OpenAPI.from_dict(spec(), config=Config(spec_validator_cls=None))


@functools.cache
def component(name: str) -> Draft202012Validator:
    """A validator for one of the description's schemas (OpenAPI 3.1 is JSON Schema 2020-12)."""
    schema = {"$ref": f"#/components/schemas/{name}", "components": spec()["components"]}
    return Draft202012Validator(schema)


def default_settings() -> dict[str, Any]:
    return {
        "displayedAttributes": ["*"],
        "searchableAttributes": ["*"],
        "filterableAttributes": [],
        "sortableAttributes": [],
        "rankingRules": list(DEFAULT_RANKING),
        "stopWords": [],
        "synonyms": {},
        "distinctAttribute": None,
        "typoTolerance": {
            "enabled": True,
            "minWordSizeForTypos": {"oneTypo": 5, "twoTypos": 9},
            "disableOnWords": [],
            "disableOnAttributes": [],
            "disableOnNumbers": False,
        },
        "faceting": {"maxValuesPerFacet": 100, "sortFacetValuesBy": {"*": "alpha"}},
        "pagination": {"maxTotalHits": 1000},
    }


def now_text() -> str:
    return datetime.now(UTC).isoformat().replace("+00:00", "Z")


class MeiliError(Exception):
    """An answer in Meilisearch's error format."""

    TYPES = {"internal": "internal", "invalid_api_key": "auth"}

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message

    def body(self) -> dict[str, str]:
        kind = self.TYPES.get(self.code, "auth" if "authorization" in self.code else "")
        return {
            "message": self.message,
            "code": self.code,
            "type": kind or "invalid_request",
            "link": f"https://docs.meilisearch.com/errors#{self.code}",
        }


@dataclass
class Index:
    uid: str
    primary_key: str | None
    settings: dict[str, Any] = field(default_factory=default_settings)
    documents: dict[str, dict[str, Any]] = field(default_factory=dict)
    created_at: str = field(default_factory=now_text)
    updated_at: str = field(default_factory=now_text)
    token_cache: dict[int, tuple[dict[str, Any], set[str]]] = field(default_factory=dict)

    def tokens_of(self, document: dict[str, Any]) -> set[str]:
        """The searchable words of a document, kept while the document is the same object."""
        kept = self.token_cache.get(id(document))
        if kept is None or kept[0] is not document:
            searchable = self.settings["searchableAttributes"]
            names = document if searchable == ["*"] else searchable
            text = " ".join(json.dumps(document.get(name, "")) for name in names)
            kept = (document, set(re.findall(r"\w+", text.lower())))
            self.token_cache[id(document)] = kept
        return kept[1]

    def accepted(self, word: str, last: bool) -> frozenset[str]:
        """Every word of the index that a query word matches."""
        vocabulary = set().union(*(self.tokens_of(doc) for doc in self.documents.values()))
        return frozenset(t for t in vocabulary if word_matches(t, word, last, self.settings))

    def view(self) -> dict[str, Any]:
        return {
            "uid": self.uid,
            "primaryKey": self.primary_key,
            "createdAt": self.created_at,
            "updatedAt": self.updated_at,
        }


@dataclass
class Exchange:
    """One request as the double saw it."""

    method: str
    path: str
    key: str | None
    body: Any
    status: int = 0


@dataclass
class Fault:
    method: str
    path: re.Pattern[str]
    status: int = 0
    code: str = ""
    hang: float = 0.0
    times: int = 1


class QuietHandler(WSGIRequestHandler):
    """Tests read ``exchanges``; an access log line per request is noise."""

    def log_request(self, *args: Any) -> None:
        pass


# ---- filters: the expressions the backend writes, evaluated as Meilisearch does ----------

QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"')
CONDITION = re.compile(
    r"^(?P<not>NOT\s+)?(?P<attr>[A-Za-z_][\w.]*)\s+"
    r"(?:(?P<in>IN)\s*\[(?P<list>.*)\]|(?P<op>>=|<=|!=|=|>|<)\s*(?P<value>\S+)"
    r"|(?P<notexists>NOT EXISTS)|(?P<exists>EXISTS)|(?P<isnull>IS NULL))$"
)


def unquote(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


@functools.lru_cache(maxsize=4096)
def split_or(expression: str) -> list[str]:
    """Top-level ``OR`` clauses (the backend writes no parentheses)."""
    parts, current, quoted, escaped = [], "", False, False
    tokens = re.split(r'(\s+OR\s+|"|\\)', expression)
    for token in tokens:
        if escaped:
            current, escaped = current + token, False
        elif token == "\\":
            current, escaped = current + token, quoted
        elif token == '"':
            current, quoted = current + token, not quoted
        elif not quoted and re.fullmatch(r"\s+OR\s+", token or ""):
            parts.append(current.strip())
            current = ""
        else:
            current += token or ""
    return [*parts, current.strip()]


def attributes_in(expressions: list[Any]) -> set[str]:
    names = set()
    for expression in flatten(expressions):
        for clause in split_or(expression):
            match = CONDITION.match(clause)
            if match is None:
                message = f"Was expecting a condition: {clause}"
                raise MeiliError(400, "invalid_search_filter", message)
            names.add(match["attr"])
    return names


def flatten(expressions: Any) -> list[str]:
    if expressions is None:
        return []
    if isinstance(expressions, str):
        return [expressions]
    return [item for inner in expressions for item in flatten(inner)]


def matches_filter(document: dict[str, Any], expressions: Any) -> bool:
    """Outer list ANDed, inner lists ORed, ``OR`` inside a string ORed."""
    if expressions is None:
        return True
    if isinstance(expressions, str):
        return any(matches_clause(document, clause) for clause in split_or(expressions))
    return all(
        any(matches_filter(document, item) for item in inner)
        if isinstance(inner, list)
        else matches_filter(document, inner)
        for inner in expressions
    )


@functools.lru_cache(maxsize=4096)
def condition(clause: str) -> re.Match[str] | None:
    return CONDITION.match(clause)


def matches_clause(document: dict[str, Any], clause: str) -> bool:
    match = condition(clause)
    assert match is not None, clause
    value = document.get(match["attr"], ...)
    if match["notexists"]:
        result = value is ...
    elif match["exists"]:
        result = value is not ...
    elif match["isnull"]:
        result = value is None
    elif match["in"]:
        wanted = listed(match["list"])
        present = value if isinstance(value, list) else [value]
        result = any(str(item) in wanted for item in present if item not in (None, ...))
    else:
        result = compare(value, match["op"], match["value"])
    return not result if match["not"] else result


@functools.lru_cache(maxsize=4096)
def listed(values: str) -> frozenset[str]:
    return frozenset(unquote(item) for item in QUOTED.findall(values))


def compare(value: Any, op: str, literal: str) -> bool:
    if value in (None, ...):
        return False
    target = unquote(literal.strip('"'))
    try:
        left, right = float(value), float(target)
    except (TypeError, ValueError):
        left, right = str(value), target
    return {
        ">": left > right,
        ">=": left >= right,
        "<": left < right,
        "<=": left <= right,
        "=": left == right,
        "!=": left != right,
    }[op]


# ---- the server ------------------------------------------------------------------------


class MeiliDouble:
    """A Meilisearch stand-in on 127.0.0.1; see the module's docstring."""

    def __init__(
        self,
        master_key: str = "double-master-key",
        search_key: str = "double-search-key",
        version: str = "1.53.0",
    ) -> None:
        self.master_key, self.search_key, self.version = master_key, search_key, version
        self.indexes: dict[str, Index] = {}
        self.tasks: list[dict[str, Any]] = []
        self.work: dict[int, Any] = {}
        self.exchanges: list[Exchange] = []
        self.refused: list[str] = []  # requests the description does not allow
        self.answer_problems: list[str] = []  # answers of the double that it does not allow
        self.faults: list[Fault] = []
        self.failing_tasks: list[list[Any]] = []
        self.lock = threading.RLock()
        self.queue_open = threading.Event()
        self.queue_open.set()
        self._server: Any = None
        self._threads: list[threading.Thread] = []
        self.port = 0

    # ---- running ---------------------------------------------------------------------

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> MeiliDouble:
        self._server = make_server(
            "127.0.0.1", self.port, self.wsgi, threaded=True, request_handler=QuietHandler
        )
        self.port = self._server.server_port
        self._stopping = threading.Event()
        serve = threading.Thread(target=self._server.serve_forever, daemon=True)
        work = threading.Thread(target=self._process_forever, daemon=True)
        self._threads = [serve, work]
        for thread in self._threads:
            thread.start()
        return self

    def stop(self) -> None:
        """The server goes down; its port refuses connections until ``start`` again."""
        if self._server is not None:
            self._stopping.set()
            self._server.shutdown()
            self._server.server_close()
            for thread in self._threads:
                thread.join(timeout=5)
            self._server = None

    # ---- faults ------------------------------------------------------------------------

    def fail(self, method: str, path: str, status: int, code: str, times: int = 1) -> None:
        """The next ``times`` requests to a route get this Meilisearch error."""
        self.faults.append(Fault(method, re.compile(path), status=status, code=code, times=times))

    def fail_tasks(self, kind: str, code: str, times: int = 1) -> None:
        """The next ``times`` tasks of a kind are accepted, then fail when processed."""
        self.failing_tasks.append([kind, code, times])

    def hang(self, method: str, path: str, seconds: float, times: int = 1) -> None:
        """The next ``times`` requests to a route wait this long before being answered."""
        self.faults.append(Fault(method, re.compile(path), hang=seconds, times=times))

    @contextmanager
    def queue_paused(self) -> Iterator[None]:
        """Tasks stay enqueued meanwhile, as behind a long batch."""
        self.queue_open.clear()
        try:
            yield
        finally:
            self.queue_open.set()

    def drop_index(self, uid: str) -> None:
        """Someone deletes the index behind the board's back."""
        with self.lock:
            del self.indexes[uid]

    # ---- what tests read -----------------------------------------------------------------

    def sent(self, method: str | None = None, path: str = "") -> list[Exchange]:
        return [
            exchange
            for exchange in self.exchanges
            if (method is None or exchange.method == method) and exchange.path.startswith(path)
        ]

    def idle(self, timeout: float = 5.0) -> None:
        """Wait until every task is processed."""
        deadline = time.monotonic() + timeout
        while any(task["status"] in ("enqueued", "processing") for task in self.tasks):
            if time.monotonic() > deadline:
                raise AssertionError("the double's task queue did not empty")
            time.sleep(0.01)

    # ---- HTTP ------------------------------------------------------------------------

    def wsgi(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ)
        return self.respond(request)(environ, start_response)

    def respond(self, request: Request) -> Response:
        raw = request.get_data()
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = raw.decode(errors="replace")
        key = (request.headers.get("Authorization") or "").removeprefix("Bearer ").strip()
        exchange = Exchange(request.method, request.path, key or None, body)
        with self.lock:
            self.exchanges.append(exchange)
        problem = self.check_request(request, raw)
        if problem:
            self.refused.append(f"{request.method} {request.full_path}: {problem}")
            status, answer = 400, MeiliError(400, "bad_request", f"double: {problem}").body()
        else:
            try:
                self.authorise(request.method, request.path, key)
                self.inject_faults(request.method, request.path)
                status, answer = self.route(request.method, request.path, request.args, body)
            except MeiliError as error:
                status, answer = error.status, error.body()
        exchange.status = status
        self.check_answer(request, raw, status, answer)
        return Response(json.dumps(answer), status=status, content_type="application/json")

    @staticmethod
    def as_described(request: Request, raw: bytes) -> MockRequest:
        """The request as openapi-core reads it, sent to the description's own server."""
        return MockRequest(
            SPEC_SERVER,
            request.method.lower(),
            request.path,
            args=request.args,
            headers=dict(request.headers),
            data=raw,
            content_type=request.mimetype or "application/json",
        )

    def check_request(self, request: Request, raw: bytes) -> str | None:
        try:
            openapi().validate_request(self.as_described(request, raw))
        except Exception as error:  # every kind of refusal is reported the same way
            cause = error.__cause__ or error
            return f"{type(error).__name__}: {cause}"[:2000]
        return None

    def check_answer(self, request: Request, raw: bytes, status: int, answer: Any) -> None:
        if status >= 300:
            problems = [error.message for error in component("ResponseError").iter_errors(answer)]
        elif request.path == "/multi-search":
            # The description gives only the federated answer; one per query is checked here.
            problems = [
                error.message
                for result in answer["results"]
                for error in component("SearchResultWithIndex").iter_errors(result)
            ]
        else:
            try:
                openapi().validate_response(
                    self.as_described(request, raw),
                    MockResponse(json.dumps(answer).encode(), status_code=status),
                )
                problems = []
            except Exception as error:
                problems = [f"{type(error).__name__}: {error.__cause__ or error}"]
        self.answer_problems += [f"{request.method} {request.path}: {p}" for p in problems]

    def authorise(self, method: str, path: str, key: str) -> None:
        if not key:
            raise MeiliError(
                401,
                "missing_authorization_header",
                "The Authorization header is missing. It must use the bearer authorization method.",
            )
        allowed = key == self.master_key or (
            key == self.search_key and (method, path) in SEARCH_ROUTES
        )
        if not allowed:
            raise MeiliError(403, "invalid_api_key", "The provided API key is invalid.")

    def inject_faults(self, method: str, path: str) -> None:
        for fault in list(self.faults):
            if fault.method == method and fault.path.fullmatch(path) and fault.times > 0:
                fault.times -= 1
                if fault.hang:
                    time.sleep(fault.hang)
                if fault.status:
                    raise MeiliError(fault.status, fault.code, f"double: injected {fault.code}")
                return

    def route(self, method: str, path: str, args: Any, body: Any) -> tuple[int, Any]:
        parts = path.strip("/").split("/")
        with self.lock:
            if (method, path) == ("GET", "/version"):
                return 200, {
                    "commitSha": "0" * 40,
                    "commitDate": "2026-01-01T00:00:00Z",
                    "pkgVersion": self.version,
                }
            if (method, path) == ("GET", "/health"):
                return 200, {"status": "available"}
            if (method, path) == ("POST", "/indexes"):
                return self.enqueue("indexCreation", body["uid"], body)
            if (method, path) == ("POST", "/swap-indexes"):
                return self.enqueue("indexSwap", None, body)
            if (method, path) == ("POST", "/multi-search"):
                return 200, {"results": [self.search(n, q) for n, q in enumerate(body["queries"])]}
            if method == "GET" and parts[0] == "tasks" and len(parts) == 2:
                return self.task(int(parts[1]))
            if parts[0] == "indexes" and len(parts) >= 2:
                return self.index_route(method, parts[1], "/".join(parts[2:]), args, body)
        raise MeiliError(404, "bad_request", f"double: {method} {path} is not served")

    def index_route(
        self, method: str, uid: str, rest: str, args: Any, body: Any
    ) -> tuple[int, Any]:
        if (method, rest) == ("GET", ""):
            return 200, self.existing(uid).view()
        if (method, rest) == ("DELETE", ""):
            return self.enqueue("indexDeletion", uid, None)
        if (method, rest) == ("GET", "stats"):
            index = self.existing(uid)
            return 200, {
                "numberOfDocuments": len(index.documents),
                "indexSize": 0,
                "usedIndexSize": 0,
                "rawDocumentDbSize": 0,
                "avgDocumentSize": 0,
                "isIndexing": any(
                    task["indexUid"] == uid and task["status"] != "succeeded" for task in self.tasks
                ),
                "fieldDistribution": {},
            }
        if (method, rest) == ("GET", "settings"):
            return 200, self.existing(uid).settings
        if (method, rest) == ("PATCH", "settings"):
            return self.enqueue("settingsUpdate", uid, body)
        if (method, rest) == ("POST", "documents"):
            return self.enqueue("documentAdditionOrUpdate", uid, (args.get("primaryKey"), body))
        if (method, rest) == ("POST", "documents/delete"):
            return self.enqueue("documentDeletion", uid, body)
        served = f"double: {method} /indexes/{uid}/{rest} is not served"
        raise MeiliError(404, "bad_request", served)

    def existing(self, uid: str) -> Index:
        if uid not in self.indexes:
            raise MeiliError(404, "index_not_found", f"Index `{uid}` not found.")
        return self.indexes[uid]

    # ---- tasks -----------------------------------------------------------------------

    def enqueue(self, kind: str, uid: str | None, work: Any) -> tuple[int, Any]:
        uid_number = len(self.tasks)
        task = {
            "uid": uid_number,
            "batchUid": None,
            "indexUid": uid,
            "status": "enqueued",
            "type": kind,
            "canceledBy": None,
            "details": {},
            "error": None,
            "duration": None,
            "enqueuedAt": now_text(),
            "startedAt": None,
            "finishedAt": None,
        }
        self.tasks.append(task)
        self.work[uid_number] = work
        summary = {key: task[key] for key in ("indexUid", "status", "type", "enqueuedAt")}
        return 202, {"taskUid": uid_number, **summary}

    def task(self, uid: int) -> tuple[int, Any]:
        if not 0 <= uid < len(self.tasks):
            raise MeiliError(404, "task_not_found", f"Task `{uid}` not found.")
        return 200, self.tasks[uid]

    def _process_forever(self) -> None:
        while not self._stopping.is_set():
            if self.queue_open.wait(0.05):
                with self.lock:
                    waiting = [task for task in self.tasks if task["status"] == "enqueued"]
                    for task in waiting:
                        self.process(task)
            time.sleep(0.005)

    def process(self, task: dict[str, Any]) -> None:
        task["startedAt"] = now_text()
        task["batchUid"] = task["uid"]
        try:
            for failing in self.failing_tasks:
                if failing[0] == task["type"] and failing[2] > 0:
                    failing[2] -= 1
                    raise MeiliError(500, failing[1], f"double: {task['type']} failed")
            task["details"] = getattr(self, "do_" + task["type"])(
                task["indexUid"], self.work.pop(task["uid"])
            )
            task["status"] = "succeeded"
        except MeiliError as error:
            task["status"], task["error"] = "failed", error.body()
        task["finishedAt"] = now_text()
        task["duration"] = "PT0.001S"

    def do_indexCreation(self, uid: str, body: dict[str, Any]) -> dict[str, Any]:
        if uid in self.indexes:
            raise MeiliError(409, "index_already_exists", f"Index `{uid}` already exists.")
        self.indexes[uid] = Index(uid, body.get("primaryKey"))
        return {"primaryKey": body.get("primaryKey")}

    def do_indexDeletion(self, uid: str, _: Any) -> dict[str, Any]:
        self.existing(uid)
        del self.indexes[uid]
        return {"deletedDocuments": 0}

    def do_indexSwap(self, _: None, body: list[dict[str, Any]]) -> dict[str, Any]:
        for pair in body:
            first, second = (self.existing(uid) for uid in pair["indexes"])
            first.uid, second.uid = second.uid, first.uid
            self.indexes[first.uid], self.indexes[second.uid] = first, second
        return {"swaps": body}

    def do_settingsUpdate(self, uid: str, changes: dict[str, Any]) -> dict[str, Any]:
        index = self.indexes.setdefault(uid, Index(uid, None))  # settings create the index
        for name, value in changes.items():
            current = index.settings.get(name)
            if isinstance(current, dict) and isinstance(value, dict) and name != "synonyms":
                index.settings[name] = {**current, **value}
            else:
                index.settings[name] = value
        return changes

    def do_documentAdditionOrUpdate(self, uid: str, work: Any) -> dict[str, Any]:
        primary_key, documents = work
        # Meilisearch creates a missing index on a document write, with default settings.
        index = self.indexes.setdefault(uid, Index(uid, primary_key))
        index.primary_key = index.primary_key or primary_key
        for document in documents:
            key = str(document[index.primary_key])
            index.documents[key] = {**index.documents.get(key, {}), **document}
        return {"receivedDocuments": len(documents), "indexedDocuments": len(documents)}

    def do_documentDeletion(self, uid: str, body: dict[str, Any]) -> dict[str, Any]:
        index = self.existing(uid)
        try:
            self.check_filterable(index, attributes_in(flatten(body["filter"])), "document")
        except MeiliError as error:
            raise MeiliError(400, "invalid_document_filter", error.message) from error
        doomed = [k for k, doc in index.documents.items() if matches_filter(doc, body["filter"])]
        for key in doomed:
            del index.documents[key]
        return {"originalFilter": json.dumps(body["filter"]), "deletedDocuments": len(doomed)}

    # ---- searching -----------------------------------------------------------------------

    @staticmethod
    def check_filterable(index: Index, names: set[str], what: str) -> None:
        filterable = set(index.settings["filterableAttributes"])
        for name in sorted(names - filterable):
            raise MeiliError(
                400,
                f"invalid_{what}_filter",
                f"Attribute `{name}` is not filterable. Available filterable attributes are: "
                f"`{', '.join(sorted(filterable))}`.",
            )

    def search(self, position: int, query: dict[str, Any]) -> dict[str, Any]:
        try:
            index = self.existing(query["indexUid"])
            self.check_filterable(index, attributes_in(flatten(query.get("filter"))), "search")
            for name in query.get("facets") or []:
                if name not in index.settings["filterableAttributes"]:
                    raise MeiliError(
                        400, "invalid_search_facets", f"Attribute `{name}` is not filterable."
                    )
            for rule in query.get("sort") or []:
                if rule.split(":")[0] not in index.settings["sortableAttributes"]:
                    raise MeiliError(
                        400, "invalid_search_sort", f"Attribute `{rule}` is not sortable."
                    )
        except MeiliError as error:
            error.message = f"Inside `.queries[{position}]`: {error.message}"
            raise
        words = [word.strip('"').lower() for word in (query.get("q") or "").split()]
        wanted = [index.accepted(word, n == len(words) - 1) for n, word in enumerate(words)]
        found = [
            document
            for document in index.documents.values()
            if matches_filter(document, query.get("filter"))
            and all(index.tokens_of(document) & accepted for accepted in wanted)
        ]
        for rule in reversed(query.get("sort") or []):  # stable sorts, last rule first
            name, direction = rule.split(":")
            present = [document for document in found if document.get(name) is not None]
            present.sort(key=lambda document: document[name], reverse=direction == "desc")
            found = present + [document for document in found if document.get(name) is None]
        ceiling = index.settings["pagination"]["maxTotalHits"]
        reachable = found[:ceiling]
        answer: dict[str, Any] = {
            "indexUid": index.uid,
            "query": query.get("q") or "",
            "processingTimeMs": 0,
        }
        if "page" in query or "hitsPerPage" in query:
            per_page, page = query.get("hitsPerPage", 20), query.get("page", 1)
            start = (page - 1) * per_page
            shown = reachable[start : start + per_page]
            answer.update(
                {
                    "hitsPerPage": per_page,
                    "page": page,
                    "totalHits": len(reachable),
                    "totalPages": math.ceil(len(reachable) / per_page) if per_page else 0,
                }
            )
        else:
            limit, offset = query.get("limit", 20), query.get("offset", 0)
            shown = reachable[offset : offset + limit]
            answer.update({"limit": limit, "offset": offset, "estimatedTotalHits": len(reachable)})
        answer["hits"] = [self.hit(index, document, query, words) for document in shown]
        if query.get("facets"):
            answer["facetDistribution"] = facet_counts(index, found, query["facets"])
            answer["facetStats"] = {}
        return answer

    @staticmethod
    def hit(
        index: Index, document: dict[str, Any], query: dict[str, Any], words: list[str]
    ) -> dict[str, Any]:
        settings = index.settings
        retrieve = query.get("attributesToRetrieve") or ["*"]
        shown = {
            name: value for name, value in document.items() if retrieve == ["*"] or name in retrieve
        }
        marked = set(query.get("attributesToHighlight") or [])
        cropped = set(query.get("attributesToCrop") or [])
        if marked or cropped:
            start = query.get("highlightPreTag", "<em>")
            end = query.get("highlightPostTag", "</em>")
            formatted = {}
            for name, value in shown.items():
                if isinstance(value, str) and name in marked:
                    value = re.sub(
                        r"\w+",
                        lambda token: (
                            f"{start}{token[0]}{end}"
                            if any(
                                word_matches(token[0].lower(), word, n == len(words) - 1, settings)
                                for n, word in enumerate(words)
                            )
                            else token[0]
                        ),
                        value,
                    )
                if isinstance(value, str) and name in cropped:
                    value = " ".join(value.split()[: query.get("cropLength", 10)])
                formatted[name] = value
            shown["_formatted"] = formatted
        return shown


def word_matches(token: str, word: str, last: bool, settings: dict[str, Any]) -> bool:
    """As typed, as a prefix for the last word, or within the typo budget of its length."""
    if token == word or (last and token.startswith(word)):
        return True
    tolerance = settings["typoTolerance"]
    if not tolerance["enabled"] or (word.isdigit() and tolerance.get("disableOnNumbers")):
        return False
    sizes = tolerance["minWordSizeForTypos"]
    budget = 2 if len(word) >= sizes["twoTypos"] else 1 if len(word) >= sizes["oneTypo"] else 0
    return 0 < DamerauLevenshtein.distance(token, word) <= budget


def facet_counts(index: Index, found: list[dict[str, Any]], names: list[str]) -> dict[str, Any]:
    most = index.settings["faceting"]["maxValuesPerFacet"]
    counts: dict[str, dict[str, int]] = {}
    for name in names:
        tally: dict[str, int] = {}
        for document in found:
            value = document.get(name)
            for item in value if isinstance(value, list) else [value]:
                if item is not None:
                    tally[str(item)] = tally.get(str(item), 0) + 1
        counts[name] = dict(sorted(tally.items())[:most])
    return counts
