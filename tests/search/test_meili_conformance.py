"""The Meilisearch backend's whole life against a stand-in server that refuses any request
Meilisearch's own OpenAPI description does not allow (``meili_double.py``).

An operator sets the board up, reindexes, and the worker keeps the index in step while
seekers search every way the pages, feeds, alerts and API can; the server then errs, hangs,
goes down and loses its index. The double checks the shape of the conversation, not
ranking; ``test_backend_contract.py`` checks answers against a real server when MEILI_URL is
set.
"""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
import requests

from careercenter.extensions import db
from careercenter.search import meili
from careercenter.search.follower import catch_up_all
from careercenter.search.meili import MeiliBackend
from careercenter.timeutil import utcnow
from tests.support.factories import JobFactory, UserFactory
from tests.support.meili_double import MeiliDouble

# Every kind of search a page, feed, alert or the API makes.
SEARCH_PAGES = [
    "/jobs",
    "/jobs?q=spine+coder",
    "/jobs?q=laminotomy",
    "/jobs?q=spnie",  # a typo
    "/jobs?q=630xx",
    "/jobs?q=63035",
    "/jobs?code=63035",
    "/jobs?code=M51.16&sort=newest",
    "/jobs?q=coder&work_mode=remote&work_mode=hybrid&state=WI",
    "/jobs?credential=CPC&specialty=spine&setting=profee&employment_type=full_time",
    "/jobs?salary_min=50000&posted_within=7&sort=salary",
    "/jobs?q=coder&sort=newest&page=2&per_page=2",
    "/jobs?q=zzzz+qqqq",  # nothing: partial matches, then offers
    "/jobs?q=spine+teleradiology",
    "/jobs?partial=1&q=coder",
    "/remote-coding-jobs",
    "/coding-jobs/code/cpt-630xx",
    "/codes/cpt/63035",
    "/codes/icd10cm/M51.16",
    "/codes/cpt/630XX",
    "/jobs/feed.rss?q=spine",
    "/jobs/feed.atom",
    "/api/v1/jobs?q=spine&work_mode=remote",
    "/api/v1/jobs?code=63035&per_page=2&page=2",
]


@pytest.fixture
def double():
    server = MeiliDouble().start()
    yield server
    server.stop()
    assert server.refused == [], "requests Meilisearch's OpenAPI description does not allow"
    assert server.answer_problems == [], "the double answered outside the description"


@pytest.fixture
def backend(app, double, monkeypatch):
    """The board on Meilisearch: admin key for the worker and commands, search key for pages."""
    chosen = MeiliBackend(
        double.url, double.master_key, search_key=double.search_key, timeout=1, app=app
    )
    monkeypatch.setitem(app.config, "SEARCH_BACKEND", "meilisearch")
    monkeypatch.setitem(app.config, "MEILI_URL", double.url)
    monkeypatch.setitem(app.extensions, "careercenter.search", chosen)
    monkeypatch.setattr(meili, "RESTING_SECONDS", 0.5)
    return chosen


def run(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


def documents(double, index="jobs") -> dict[str, dict]:
    return double.indexes[index].documents


@pytest.mark.parametrize(
    ("method", "path", "body", "why"),
    [
        ("GET", "/indexes/jobs/frobnicate", None, "a path the description does not have"),
        ("DELETE", "/version", None, "a method the path does not take"),
        ("PATCH", "/indexes/jobs/settings", {"rankingRulez": ["words"]}, "an unknown setting"),
        ("PATCH", "/indexes/jobs/settings", {"searchableAttributes": "title"}, "a wrong type"),
        ("POST", "/multi-search", {"queries": [{"indexUid": "jobs", "qq": "x"}]}, "a typo"),
        ("POST", "/multi-search", {"queries": [{"indexUid": "jobs", "limit": -1}]}, "below 0"),
    ],
)
def test_the_double_refuses_what_the_description_does_not_allow(method, path, body, why):
    """The conformance tests are only as strict as this check: shown here to bite."""
    server = MeiliDouble().start()
    try:
        answer = requests.request(
            method,
            server.url + path,
            json=body,
            headers={"Authorization": f"Bearer {server.master_key}"},
            timeout=10,
        )
        assert answer.status_code == 400, why
        assert len(server.refused) == 1, why
        fine = requests.post(
            server.url + "/multi-search",
            json={"queries": [{"indexUid": "jobs", "q": "x", "limit": 5}]},
            headers={"Authorization": f"Bearer {server.master_key}"},
            timeout=10,
        )
        assert len(server.refused) == 1, fine.text  # a request it allows is not refused
    finally:
        server.stop()


def test_setup_creates_the_index_with_its_settings(app, double, backend):
    result = run(app, "search", "setup")
    assert result.exit_code == 0, result.output
    assert "Meilisearch 1.53.0: index 'jobs' is ready." in result.output
    settings = double.indexes["jobs"].settings
    assert settings["rankingRules"][0] == "sort"
    assert "code_match" in settings["filterableAttributes"]
    assert settings["pagination"]["maxTotalHits"] == meili.MAX_TOTAL_HITS
    assert double.indexes["jobs"].primary_key == "id"
    assert run(app, "search", "setup").exit_code == 0  # again: nothing breaks


def test_setup_refuses_an_old_server_with_a_clear_message(app, double, backend):
    double.version = "1.14.2"
    result = run(app, "search", "setup")
    assert result.exit_code == 1
    assert "needs Meilisearch 1.15.0 or newer" in result.output and "runs 1.14.2" in result.output
    assert "jobs" not in double.indexes


def test_a_board_lives_on_meilisearch(app, double, backend, board, client, mailbox):
    """Setup, reindex with a swap, every search, and the worker's sync after changes."""
    assert run(app, "search", "setup").exit_code == 0
    reindex_start = len(double.exchanges)
    result = run(app, "search", "reindex")
    assert result.exit_code == 0, result.output
    assert "Indexed 7 open jobs." in result.output
    assert set(double.indexes) == {"jobs"}  # the rebuilt index was swapped in, then dropped
    assert len(documents(double)) == 7
    assert double.sent("POST", "/swap-indexes")
    patched = {e.path for e in double.exchanges[reindex_start:] if e.method == "PATCH"}
    assert patched == {"/indexes/jobs_rebuild/settings"}  # not the live index being replaced

    searches_start = len(double.exchanges)
    for url in SEARCH_PAGES:
        page = client.get(url)
        assert page.status_code == 200, (url, page.data[:300])
    spine = client.get("/jobs?q=spine").data.decode()
    assert "Surgery Coder" in spine and "Closed Spine Coder" not in spine
    typo = client.get("/jobs?q=spnie+coder").data.decode()
    assert "Showing results for <strong>spine coder</strong>" in typo
    assert client.get("/api/v1/jobs?q=spnie").json["suggestion"] == "spine"
    answered = double.exchanges[searches_start:]
    assert {(e.method, e.path) for e in answered} == {("POST", "/multi-search")}
    assert {e.key for e in answered} == {double.search_key}  # pages read with the search key

    # An alert and the "jobs you qualify for" list search too.
    seeker = UserFactory(email="sam@example.com")
    from careercenter.alerts.models import SavedSearch

    db.session.add(
        SavedSearch(
            user_id=seeker.id,
            email=seeker.email,
            query_string="q=spine",
            label="spine",
            frequency="daily",
            confirmed_at=utcnow(),
            created_at=utcnow() - timedelta(days=40),
            last_sent_at=utcnow() - timedelta(days=40),
        )
    )
    db.session.commit()
    sent = run(app, "alerts", "send")
    assert sent.exit_code == 0 and "sent 1 digests" in sent.output, sent.output
    assert "Spine Surgery Coder" in mailbox.text_of(mailbox.last_to("sam@example.com"))

    # The worker keeps the index in step: a new job, an edited one, a closed one.
    new = JobFactory(title="Cardiology Coder", code_tags=["93xxx"])
    board["family"].title = "Spine Surgery Coder II"
    board["range"].status = "closed"
    db.session.commit()
    synced = run(app, "search", "sync")
    assert synced.exit_code == 0, synced.output
    held = documents(double)
    assert str(new.id) in held and str(board["range"].id) not in held
    assert held[str(board["family"].id)]["title"] == "Spine Surgery Coder II"
    assert double.sent("POST", "/indexes/jobs/documents/delete")


def test_a_search_behind_a_queued_batch_answers_at_once(app, double, backend, board, client):
    assert run(app, "search", "reindex").exit_code == 0
    with double.queue_paused():
        backend.client.index("jobs").add_documents([{"id": "999999"}])  # a long batch waits
        before, started = len(double.exchanges), time.monotonic()
        page = client.get("/jobs?q=spine")
        took = time.monotonic() - started
    assert page.status_code == 200 and "Surgery Coder" in page.data.decode()
    assert took < 2.0
    during = double.exchanges[before:]
    assert [(e.method, e.path) for e in during] == [("POST", "/multi-search")]


def test_server_errors_timeouts_and_a_server_down_say_search_is_unavailable(
    app, double, backend, board, client
):
    assert run(app, "search", "reindex").exit_code == 0

    double.fail("POST", "/multi-search", 500, "internal")
    page = client.get("/jobs?q=spine")
    assert page.status_code == 503 and b"Search is unavailable" in page.data
    api = client.get("/api/v1/jobs?q=spine")
    assert api.status_code == 200  # the fault was used up by the page: the server is back

    double.hang("POST", "/multi-search", 3.0)  # longer than the 1 s timeout
    started = time.monotonic()
    api = client.get("/api/v1/jobs?q=spine")
    assert api.status_code == 503 and api.json["error"]["code"] == "search_unavailable"
    assert time.monotonic() - started < 2.5
    # Meanwhile other pages fail fast instead of each waiting out the timeout.
    started = time.monotonic()
    assert client.get("/jobs?q=coder").status_code == 503
    assert time.monotonic() - started < 0.5
    time.sleep(meili.RESTING_SECONDS)
    assert client.get("/jobs?q=coder").status_code == 200

    double.stop()
    assert client.get("/jobs?q=spine").status_code == 503
    board["onsite"].title = "Emergency Department Coder II"
    db.session.commit()
    synced = run(app, "search", "sync")
    assert synced.exit_code == 1 and "Traceback" not in synced.output
    double.start()  # back on the same port: the change waits in the log and goes through
    time.sleep(meili.RESTING_SECONDS)
    assert run(app, "search", "sync").exit_code == 0
    assert documents(double)[str(board["onsite"].id)]["title"].endswith("Coder II")
    assert client.get("/jobs?q=spine").status_code == 200


def test_a_refused_write_or_a_failed_task_loses_no_change(app, double, backend, board):
    assert run(app, "search", "reindex").exit_code == 0
    board["hybrid"].title = "Inpatient Coder III"
    db.session.commit()

    double.fail("POST", "/indexes/jobs/documents", 500, "internal")
    refused = run(app, "search", "sync")
    assert refused.exit_code == 1 and "did not take every change" in refused.output
    time.sleep(meili.RESTING_SECONDS)
    double.fail_tasks("documentAdditionOrUpdate", "internal")
    failed = run(app, "search", "sync")
    assert failed.exit_code == 1 and "failed" in failed.output
    assert documents(double)[str(board["hybrid"].id)]["title"] == "Inpatient Coder II"

    assert run(app, "search", "sync").exit_code == 0  # the change waited in the log
    assert documents(double)[str(board["hybrid"].id)]["title"] == "Inpatient Coder III"


def test_a_deleted_index_is_recreated_with_its_settings_and_refilled(
    app, double, backend, board, client
):
    assert run(app, "search", "reindex").exit_code == 0
    double.drop_index("jobs")
    page = client.get("/jobs?q=spine")
    assert page.status_code == 503  # until the worker notices

    JobFactory(title="Newest Coder", work_mode="remote")
    db.session.commit()
    assert run(app, "search", "sync").exit_code == 0
    index = double.indexes["jobs"]
    assert "code_match" in index.settings["filterableAttributes"]  # not Meilisearch's defaults
    assert len(index.documents) == 8  # every open job, not only the one that changed
    page = client.get("/jobs?q=coder&work_mode=remote")
    assert page.status_code == 200 and b"Newest" in page.data
    catch_up_all(backend)


def test_a_quiet_board_notices_its_deleted_index_without_waiting_for_a_change(
    app, double, backend, board, client
):
    """No job changes for days: the worker's next pass still finds the index gone."""
    assert run(app, "search", "reindex").exit_code == 0
    double.drop_index("jobs")
    assert client.get("/jobs?q=spine").status_code == 503

    assert run(app, "search", "sync").exit_code == 0
    index = double.indexes["jobs"]
    assert "code_match" in index.settings["filterableAttributes"]
    assert len(index.documents) == 7  # every open job of the board
    assert client.get("/jobs?q=spine").status_code == 200


def test_past_ten_thousand_jobs_the_count_says_so_and_every_offered_page_has_jobs(
    app, double, backend, board, client
):
    """Meilisearch counts and pages no further than maxTotalHits (10,000)."""
    assert run(app, "search", "reindex").exit_code == 0
    backend.reader.config.timeout = 30  # the double reads 10,000 documents slowly, unindexed
    held = documents(double)
    # copies of a job that does not mention neurosurgery, whatever order the double holds them in
    model = next(doc for doc in held.values() if "neurosurg" not in str(doc).lower())
    for number in range(meili.MAX_TOTAL_HITS + 50):
        held[str(10**6 + number)] = {**model, "id": str(10**6 + number)}

    first = client.get("/jobs").data.decode()
    assert "10,000+ jobs" in first and "Page 1 of 500" in first
    last = client.get("/jobs?page=500").data.decode()
    assert "job-card" in last and 'rel="next"' not in last

    wide = client.get("/jobs?per_page=50&page=200").data.decode()
    assert "job-card" in wide and "Page 200 of 200" in wide
    beyond = client.get("/jobs?per_page=50&page=300").data.decode()
    assert "job-card" in beyond and "Page 200 of 200" in beyond  # the last page, not nothing

    api = client.get("/api/v1/jobs?per_page=50").json
    assert api["total"] == meili.MAX_TOTAL_HITS and api["total_capped"] is True
    assert api["pages"] == 200
    few = client.get("/api/v1/jobs?q=neurosurgery").json
    assert few["total_capped"] is False and few["pages"] == 1
