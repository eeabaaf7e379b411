"""The index follows the database through the change log, and an outage loses nothing."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict

from careercenter.extensions import db
from careercenter.jobs import service as jobs
from careercenter.search.backend import get_backend
from careercenter.search.follower import catch_up_all, reindex, waiting
from careercenter.search.models import SearchChange, SearchFollower
from careercenter.search.query import parse_search_args
from tests.support.factories import EmployerFactory, JobFactory, jobs_indexed_once
from tests.support.pages import job_form


def found(text: str) -> set[str]:
    result = get_backend().search(parse_search_args(MultiDict({"q": text})))
    return {hit.document["title"] for hit in result.hits}


def log_rows() -> list[SearchChange]:
    return list(db.session.scalars(db.select(SearchChange).order_by(SearchChange.seq)))


@pytest.fixture
def meilisearch_down(app, monkeypatch):
    """The board set to Meilisearch where nothing listens (port 9); ``monkeypatch.undo()``
    puts it back on the embedded index."""
    from careercenter.search.meili import MeiliBackend

    down = MeiliBackend("http://127.0.0.1:9", None, timeout=1)
    monkeypatch.setitem(app.extensions, "careercenter.search", down)
    monkeypatch.setitem(app.config, "SEARCH_BACKEND", "meilisearch")
    return down


def test_a_change_writes_its_log_row_in_the_same_transaction():
    job = JobFactory(title="Spine Coder")
    db.session.execute(db.delete(SearchChange))
    db.session.commit()

    job.title = "Renamed Spine Coder"
    db.session.flush()
    assert [row.job_id for row in log_rows()] == [job.id]
    db.session.rollback()
    assert log_rows() == []  # rolled back with the change

    job.views_count += 1  # views do not touch the search document
    db.session.commit()
    assert log_rows() == []


def test_publishing_through_the_site_is_searchable_at_once(user):
    EmployerFactory(email="owner@ridgeline.example")
    user.login("owner@ridgeline.example")
    preview = user.submit("/employer/jobs/new", job_form(title="Freshly Posted Laminotomy Coder"))
    assert "Freshly Posted Laminotomy Coder" not in found("laminotomy")  # a draft
    job = db.session.scalars(db.select(jobs.Job)).one()
    assert preview.status_code == 200

    user.submit(f"/employer/jobs/{job.id}/submit")

    assert "Freshly Posted Laminotomy Coder" in found("laminotomy")
    assert waiting() == 0


def test_a_job_closed_by_its_employer_leaves_the_results_at_once(user):
    owner = EmployerFactory(email="owner@ridgeline.example")
    job = JobFactory(company=owner.company, title="Closing Spine Coder")
    assert "Closing Spine Coder" in found("closing")
    user.login("owner@ridgeline.example")

    user.submit(f"/employer/jobs/{job.id}/close", {"reason": "filled"})

    assert found("closing") == set()


def test_applying_a_change_twice_changes_nothing():
    JobFactory(title="Idempotent Coder")
    db.session.add(SearchChange(job_id=db.session.scalar(db.select(jobs.Job.id))))
    db.session.commit()
    assert catch_up_all() == 1
    before = get_backend().count()
    assert catch_up_all() == 0
    assert get_backend().count() == before == 1
    assert found("idempotent") == {"Idempotent Coder"}


def test_with_meilisearch_unreachable_posting_works_and_the_worker_catches_up(
    app, user, monkeypatch, meilisearch_down
):
    EmployerFactory(email="owner@ridgeline.example")
    user.login("owner@ridgeline.example")

    user.submit("/employer/jobs/new", job_form(title="Outage Laminotomy Coder"))
    job = db.session.scalars(db.select(jobs.Job)).one()
    page = user.submit(f"/employer/jobs/{job.id}/submit")

    assert b"Your job is live" in page.data
    assert job.id in {row.job_id for row in log_rows()}
    result = app.test_cli_runner().invoke(args=["search", "sync"])  # the worker, server down
    assert result.exit_code != 0
    assert "did not take every change" in result.output
    assert "2 waiting in the log" in result.output  # saved, then published
    state = db.session.get(SearchFollower, meilisearch_down.follower_name)
    assert "Meilisearch" in state.last_error and state.cursor == 0

    monkeypatch.undo()  # back on the embedded index, which follows the same log
    result = app.test_cli_runner().invoke(args=["search", "sync"])
    assert result.exit_code == 0, result.output
    assert "0 waiting" in result.output
    assert "Outage Laminotomy Coder" in found("laminotomy")


def test_a_sync_with_meilisearch_down_and_nothing_waiting_says_no_change_is_held(
    app, meilisearch_down
):
    result = app.test_cli_runner().invoke(args=["search", "sync"])

    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "could not be checked" in result.output and "no change is waiting" in result.output
    assert "did not take every change" not in result.output


def test_expiry_and_company_renames_reach_the_index(app):
    from datetime import timedelta

    from careercenter.timeutil import utcnow

    job = JobFactory(title="Renamed Company Coder")
    job.company.name = "Brand New Name Health"
    db.session.commit()
    catch_up_all()
    hit = get_backend().search(parse_search_args(MultiDict({"q": "renamed"}))).hits[0]
    assert hit.document["company"] == "Brand New Name Health"

    # A job whose date passes is never shown, even before the nightly sweep removes it.
    stale = {**hit.document, "expires_at": int(utcnow().timestamp()) - 1}
    get_backend().upsert([stale])
    assert found("renamed") == set()
    job.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["jobs", "expire"])
    assert "Expired 1 jobs." in result.output
    assert get_backend().count() == 0


def test_reindex_rebuilds_beside_the_live_index_and_swaps(app):
    with jobs_indexed_once():
        for number in range(3):
            JobFactory(title=f"Reindexed Coder {number}")
    get_backend().rebuild([], 0)
    assert found("reindexed") == set()

    result = app.test_cli_runner().invoke(args=["search", "reindex"])

    assert "Indexed 3 open jobs." in result.output
    assert len(found("reindexed")) == 3


def test_reindex_catches_up_with_changes_applied_while_it_ran(monkeypatch):
    job_id = JobFactory(title="Racing Coder").id
    backend = get_backend()
    original = backend.rebuild

    def rebuild_while_a_change_lands(documents, *args, **kwargs):
        documents = list(documents)  # the rebuild has read the job...
        edited = db.session.get(jobs.Job, job_id)
        edited.title = "Racing Coder Renamed"  # ...then the employer edits it
        db.session.commit()
        catch_up_all(backend)  # and the change is applied to the old index
        return original(documents, *args, **kwargs)

    monkeypatch.setattr(backend, "rebuild", rebuild_while_a_change_lands)
    reindex(backend)

    assert found("renamed") == {"Racing Coder Renamed"}


@pytest.mark.parametrize("status", ["draft", "pending", "rejected", "closed", "expired"])
def test_only_open_jobs_are_ever_indexed(status):
    JobFactory(title=f"Never Indexed {status}", status=status)
    assert found("never") == set()


def test_a_change_that_commits_late_is_still_applied():
    """On PostgreSQL a smaller sequence id can commit after a larger one."""
    from careercenter.search.changelog import GAP_WAIT, Change, LogPosition, advance

    now = 1_000_000.0
    applied = advance(LogPosition(2), [Change(4, 40, now), Change(5, 50, now)], now)
    assert applied.cursor == 2 and set(applied.pending) == {4, 5}  # 3 may still commit
    assert applied.has_applied(5) and not applied.has_applied(3)

    late = advance(applied, [Change(3, 30, now + 1)], now + 1)
    assert late.cursor == 5 and late.pending == {}

    abandoned = advance(applied, [], now + GAP_WAIT.total_seconds() + 1)
    assert abandoned.cursor == 5  # 3 was rolled back: the gap closes once it is old


def test_the_log_reads_a_late_arrival_inside_the_pending_window():
    from careercenter.search.changelog import LogPosition, changes_after

    for job_id in (101, 102, 103):
        db.session.add(SearchChange(job_id=job_id))
    db.session.commit()
    first, second, third = (row.seq for row in log_rows())
    position = LogPosition(first - 1, {second: 0.0, third: 0.0})
    assert [change.job_id for change in changes_after(position, 10)] == [101]


def test_an_index_that_fell_behind_the_retained_log_rebuilds_itself(tmp_path, caplog):
    from datetime import timedelta

    from careercenter.search.changelog import LogPosition, prune, pruned_through
    from careercenter.search.embedded import EmbeddedBackend
    from careercenter.timeutil import utcnow

    JobFactory(title="Long Gone Coder")
    behind = EmbeddedBackend(tmp_path / "behind")
    behind.rebuild([], position=LogPosition(0))  # a machine that was off for weeks
    db.session.execute(db.update(SearchChange).values(created_at=utcnow() - timedelta(days=10)))
    db.session.commit()
    assert prune(timedelta(days=7)) >= 1 and pruned_through() >= 1
    assert log_rows() == []

    catch_up_all(behind)

    titles = {doc["title"] for doc in behind.documents()}
    assert titles == {"Long Gone Coder"}
    assert "fell behind the change log" in caplog.text
    behind.close()


def test_a_process_that_only_reads_sees_a_commit_at_its_next_search(app, tmp_path):
    """Another worker of the machine wrote the change: the reader loads the commit when it
    next searches, instead of half a second later when tantivy's watcher of meta.json would."""
    from werkzeug.datastructures import MultiDict

    from careercenter.search.embedded import EmbeddedBackend
    from careercenter.search.follower import reindex
    from careercenter.search.query import parse_search_args

    job = JobFactory(title="Watched Coder")
    writer = EmbeddedBackend(tmp_path / "index")
    reindex(writer)
    reader = EmbeddedBackend(tmp_path / "index")

    def found(word: str) -> int:
        return reader.search(parse_search_args(MultiDict({"q": word}))).total

    assert found("watched") == 1
    for number in range(5):
        job.title = f"Watched Coder edition{number}x"
        db.session.commit()
        catch_up_all(writer)  # the writing worker's follower applies it
        assert found(f"edition{number}x") == 1, f"change {number} not seen at once"
    writer.close()
    reader.close()
