"""When the embedded index must be rebuilt, no request waits for it: a lost index is rebuilt
in the background while search says so, and an index that followed changes the database no
longer holds (the database was restored from a backup) is noticed and rebuilt from it, with
/readyz failing until then."""

from __future__ import annotations

import time

import requests
from sqlalchemy import delete

from careercenter.extensions import db
from careercenter.jobs.models import Job
from careercenter.search.backend import get_backend
from careercenter.search.changelog import head
from careercenter.search.follower import catch_up_all, is_rebuilding
from careercenter.search.models import SearchChange
from tests.support.factories import CompanyFactory, JobFactory, jobs_indexed_once
from tests.support.live import LiveSite


def wait_for(condition, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_a_missing_index_is_rebuilt_in_the_background_while_search_says_so(app_with, tmp_path):
    company = CompanyFactory()
    with jobs_indexed_once():
        for number in range(5):
            JobFactory(company=company, title=f"Patient Coder {number}")
    board = app_with(SEARCH_INDEX_PATH=str(tmp_path / "never-built"))
    browser = board.test_client()

    page = browser.get("/jobs?q=patient")
    api = browser.get("/api/v1/jobs?q=patient")

    assert page.status_code == 503 and b"Search is being rebuilt" in page.data
    assert api.status_code in (200, 503)  # the rebuild may already be done
    if api.status_code == 503:
        assert api.json["error"]["code"] == "search_rebuilding"
    wait_for(lambda: not is_rebuilding(board))
    assert browser.get("/api/v1/jobs?q=patient").json["total"] == 5
    assert browser.get("/readyz").status_code == 200


def test_a_database_restored_from_a_backup_is_noticed_and_the_index_rebuilt_from_it(app, client):
    company = CompanyFactory()
    with jobs_indexed_once():
        kept = [JobFactory(company=company, title=f"Kept Coder {n}").id for n in range(3)]
    restored_to = head()
    with jobs_indexed_once():
        lost = [JobFactory(company=company, title=f"Lost Coder {n}").id for n in range(3)]
    assert client.get("/api/v1/jobs?q=coder").json["total"] == 6

    # The backup was taken at `restored_to`: what came after is gone from the database,
    # and new jobs are written after the restore (on SQLite they even reuse the log's ids).
    db.session.execute(delete(SearchChange).where(SearchChange.seq > restored_to))
    db.session.execute(delete(Job).where(Job.id.in_(lost)))
    db.session.commit()
    db.session.execute(db.insert(SearchChange), [{"job_id": kept[0]} for _ in range(len(lost) + 2)])
    db.session.commit()

    ready = client.get("/readyz")
    assert ready.status_code == 503
    assert "restored" in ready.json["checks"]["search_lag"]["detail"]

    catch_up_all(get_backend())  # the worker's (or follower's) next round

    found = client.get("/api/v1/jobs?q=coder&per_page=50").json
    assert sorted(int(hit["id"]) for hit in found["hits"]) == sorted(kept)
    for job_id in lost:
        assert client.get(f"/api/v1/jobs/{job_id}").status_code == 404
    assert client.get("/readyz").status_code == 200


def test_a_truncated_index_file_under_a_running_site_costs_one_rebuild(app, tmp_path):
    """Truncating a segment file that processes have memory-mapped ends each one that reads
    it (SIGBUS); gunicorn starts new workers, which find the damage and rebuild once."""
    company = CompanyFactory()
    with jobs_indexed_once():
        for number in range(40):
            JobFactory(company=company, title=f"Sturdy Coder {number}", description="spine " * 50)
    site = LiveSite(tmp_path / "web", app.config["SQLALCHEMY_DATABASE_URI"], workers=2).start()
    try:
        assert site.search(q="sturdy")["total"] == 40
        root = tmp_path / "web" / "search-index"
        live = root / (root / "CURRENT").read_text().strip()
        for segment_file in live.iterdir():  # a disk that filled up under every file
            if segment_file.suffix not in (".json", ".lock", "") and segment_file.is_file():
                with open(segment_file, "r+b") as damaged:
                    damaged.truncate(segment_file.stat().st_size // 3)

        answers = []
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                answer = requests.get(site.base + "/api/v1/jobs?q=sturdy&per_page=50", timeout=10)
            except requests.RequestException as error:  # a worker ended under this request
                answers.append(type(error).__name__)
                continue
            answers.append(answer.status_code)
            if answer.status_code == 200 and answer.json()["total"] == 40:
                break
            time.sleep(0.2)
        assert answers[-1] == 200, answers
        # Every worker answers again: none is left stuck behind the rebuild (a worker whose
        # follower waited for the rebuild lock while holding the index's own lock, which the
        # rebuild needed to switch in, once hung for good).
        for _ in range(20):
            again = requests.get(site.base + "/api/v1/jobs?q=sturdy", timeout=10)
            assert again.status_code == 200 and again.json()["total"] == 40
    finally:
        site.stop()
    # One rebuild for the damage (the first line of the kind is the new machine's own build).
    rebuilds = [line for line in site.log_lines() if "rebuilding it from the database" in line]
    assert [live.name in line for line in rebuilds] == [False, True], site.log_lines()


def test_a_rebuild_takes_kept_entries_and_builds_only_the_jobs_that_changed(app, client):
    from careercenter.search.follower import reindex
    from careercenter.search.models import SearchDocument

    company = CompanyFactory()
    with jobs_indexed_once():
        jobs = [JobFactory(company=company, title=f"Kept Entry Coder {n}") for n in range(6)]
    kept = db.session.scalar(db.select(db.func.count()).select_from(SearchDocument))
    assert kept == 6  # the follower kept each entry as it indexed the job

    jobs[0].title = "Renamed Entry Coder"  # logged, not yet applied anywhere
    JobFactory(company=company, title="Closed Entry Coder", status="closed")
    db.session.commit()
    backend = get_backend()
    reindex(backend)
    from_kept = sorted(backend.documents(), key=lambda document: document["id"])

    titles = {document["title"] for document in from_kept}
    assert "Renamed Entry Coder" in titles and "Kept Entry Coder 0" not in titles
    assert len(from_kept) == 6
    facets = client.get("/api/v1/jobs?q=coder").json["facets"]

    # The same index as one built from nothing: entries kept are the entries built.
    db.session.execute(delete(SearchDocument))
    db.session.commit()
    reindex(backend)
    assert sorted(backend.documents(), key=lambda document: document["id"]) == from_kept
    assert client.get("/api/v1/jobs?q=coder").json["facets"] == facets
