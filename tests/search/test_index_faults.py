"""The embedded index under faults: rebuilt while jobs change, read while written, lost or
damaged on disk, followed by several indexes in any interleaving. Each ends equal to the
database."""

from __future__ import annotations

import os
import random
import shutil
import tempfile
import threading
from pathlib import Path

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careercenter.extensions import db
from careercenter.jobs.models import Job
from careercenter.search.backend import get_backend
from careercenter.search.changelog import LogPosition, StalePosition, head
from careercenter.search.embedded import EmbeddedBackend
from careercenter.search.follower import catch_up, catch_up_all, reindex, waiting
from careercenter.search.models import SearchChange
from careercenter.timeutil import utcnow
from tests.support.factories import CompanyFactory, JobFactory, jobs_indexed_once
from tests.support.live import LiveSite


def listed_in_database() -> dict[int, int]:
    """Open job id -> updated_at (epoch seconds), as the search documents carry them."""
    now = utcnow()
    jobs = db.session.scalars(db.select(Job).where(Job.status == "published")).all()
    return {
        job.id: int(job.updated_at.timestamp())
        for job in jobs
        if job.expires_at is None or job.expires_at > now
    }


def listed_in_index(backend: EmbeddedBackend) -> dict[int, int]:
    return {int(doc["id"]): doc["updated_at"] for doc in backend.documents()}


def change_a_job(rng: random.Random, ids: list[int], label: str) -> None:
    job = db.session.get(Job, rng.choice(ids))
    action = rng.choice(["edit", "close", "publish"])
    if action == "edit":
        job.title = f"Edited {label} {rng.random():.6f}"
    elif action == "close":
        job.status = "closed"
    else:
        job.status = "published"
    db.session.commit()


def test_reindex_five_times_while_four_writers_edit_close_and_publish(app):
    company = CompanyFactory()
    with jobs_indexed_once():
        ids = [JobFactory(company=company, title=f"Traffic Coder {n}").id for n in range(40)]
    backend = get_backend()
    stop = threading.Event()
    errors: list[BaseException] = []

    def in_app(work, *args) -> None:
        with app.app_context():
            try:
                work(*args)
            except BaseException as error:  # reported below
                errors.append(error)
            finally:
                db.session.remove()

    def writer(seed: int) -> None:
        rng = random.Random(seed)
        while not stop.is_set():
            change_a_job(rng, ids, f"by writer {seed}")

    def follower() -> None:
        while not stop.is_set():
            catch_up_all(backend)

    threads = [threading.Thread(target=in_app, args=(writer, n)) for n in range(4)]
    threads.append(threading.Thread(target=in_app, args=(follower,)))
    for thread in threads:
        thread.start()
    try:
        for _ in range(5):
            reindex(backend)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
    assert not errors, errors

    catch_up_all(backend)
    assert waiting(backend) == 0
    assert listed_in_index(backend) == listed_in_database()
    assert db.session.scalar(db.select(db.func.count(SearchChange.seq))) > 100


def test_searches_answer_while_jobs_are_written(app, tmp_path):
    """2,000 searches over HTTP against two workers, while 500 job changes land."""
    company = CompanyFactory()
    with jobs_indexed_once():
        ids = [JobFactory(company=company, title=f"Busy Coder {n}").id for n in range(30)]
    site = LiveSite(tmp_path / "busy", app.config["SQLALCHEMY_DATABASE_URI"], workers=2).start()
    words = ["coder", "busy", "edited", "spine", "remote", "laminotomy", "busy coder"]
    statuses: list[int] = []

    def writes() -> None:
        rng = random.Random(5)
        with app.app_context():
            for number in range(500):
                change_a_job(rng, ids, f"write {number}")
            db.session.remove()

    writer = threading.Thread(target=writes)
    try:
        writer.start()
        with requests.Session() as browser:
            for number in range(2000):
                params = {"q": f"{words[number % len(words)]}", "page": 1 + number % 3}
                answer = browser.get(site.base + "/api/v1/jobs", params=params, timeout=10)
                statuses.append(answer.status_code)
        writer.join(timeout=120)
    finally:
        site.stop()
    assert len(statuses) == 2000
    assert set(statuses) == {200}


@pytest.fixture
def own_index(app, tmp_path):
    """An index directory of its own, repaired from the database like the app's."""

    def repair(backend: EmbeddedBackend) -> None:
        reindex(backend)

    def make() -> EmbeddedBackend:
        return EmbeddedBackend(tmp_path / "index", repair=repair)

    company = CompanyFactory()
    with jobs_indexed_once():
        for number in range(12):
            JobFactory(company=company, title=f"Durable Coder {number}")
    first = make()
    reindex(first)
    first.close()
    return make


def live_directory(root: Path) -> Path:
    return root / (root / "CURRENT").read_text().strip()


def durable_total(backend: EmbeddedBackend) -> int:
    from werkzeug.datastructures import MultiDict

    from careercenter.search.query import parse_search_args

    return backend.search(parse_search_args(MultiDict({"q": "durable"}))).total


def test_a_deleted_index_is_rebuilt_from_the_database(own_index, caplog):
    backend = own_index()
    assert durable_total(backend) == 12
    shutil.rmtree(backend.root)

    assert durable_total(backend) == 12
    assert "rebuilding it from the database" in caplog.text


def test_a_deleted_index_directory_is_rebuilt(own_index, caplog):
    backend = own_index()
    shutil.rmtree(live_directory(backend.root))

    assert durable_total(own_index()) == 12
    assert "rebuilding it from the database" in caplog.text


def test_a_truncated_index_file_is_found_and_rebuilt_at_the_next_start(own_index, caplog):
    root = own_index().root
    biggest = max(live_directory(root).iterdir(), key=lambda path: path.stat().st_size)
    with open(biggest, "r+b") as damaged:
        damaged.truncate(biggest.stat().st_size // 2)

    assert durable_total(own_index()) == 12
    assert "rebuilding it from the database" in caplog.text


@pytest.mark.parametrize("foreign", ["junk files", "another index", "a bad pointer"])
def test_a_foreign_index_directory_is_replaced(own_index, caplog, foreign):
    root = own_index().root
    directory = live_directory(root)
    shutil.rmtree(directory)
    if foreign == "junk files":
        directory.mkdir()
        (directory / "meta.json").write_text("{not an index")
    elif foreign == "another index":
        import tantivy

        other = tantivy.SchemaBuilder()
        other.add_text_field("body", stored=True)
        directory.mkdir()
        tantivy.Index(other.build(), path=str(directory))
    else:
        (root / "CURRENT").write_text("../../etc\n")

    assert durable_total(own_index()) == 12
    assert "rebuilding it from the database" in caplog.text


def waits_for_a_file_lock() -> bool:
    """Whether a thread of this process is queued behind another's flock (/proc/locks
    lists waiters with an arrow)."""
    pid = str(os.getpid())
    lines = Path("/proc/locks").read_text().splitlines()
    return any("->" in line and "FLOCK" in line and pid in line.split() for line in lines)


def test_a_follower_meeting_a_lost_index_waits_for_this_process_s_rebuild_without_blocking_it(
    app, own_index
):
    """A web worker's rebuild thread (holding the machine's rebuild lock) and its follower
    thread (finding the index gone) once waited on each other for good."""
    rebuilding, finish = threading.Event(), threading.Event()

    def repair_when_told(backend: EmbeddedBackend) -> None:
        rebuilding.set()
        finish.wait(60)
        reindex(backend)

    backend = EmbeddedBackend(own_index().root, repair=repair_when_told)
    (backend.root / "CURRENT").unlink()
    done: list[str] = []

    def in_app(name: str, work) -> None:
        with app.app_context():
            work()
            done.append(name)
            db.session.remove()

    rebuild = threading.Thread(target=in_app, args=("rebuild", backend.store.live), daemon=True)
    rebuild.start()
    assert rebuilding.wait(60)
    follower = threading.Thread(
        target=in_app, args=("follower", lambda: catch_up(backend)), daemon=True
    )
    follower.start()
    for _ in range(600):  # until the follower queues behind the rebuild's lock
        if waits_for_a_file_lock():
            break
        follower.join(0.1)
    finish.set()
    rebuild.join(60)
    follower.join(60)

    assert sorted(done) == ["follower", "rebuild"]
    assert durable_total(backend) == 12


def test_without_a_way_to_repair_a_lost_index_says_so_instead_of_finding_nothing(tmp_path):
    from careercenter.search.backend import SearchUnavailable

    with pytest.raises(SearchUnavailable):
        durable_total(EmbeddedBackend(tmp_path / "never-built"))


# ---- several followers, any interleaving -----------------------------------------------

OPERATIONS = st.lists(
    st.one_of(
        st.tuples(st.just("create"), st.integers(0, 9)),
        st.tuples(st.sampled_from(["edit", "close", "reopen"]), st.integers(0, 9)),
        st.tuples(st.just("follow"), st.integers(0, 2), st.integers(1, 4)),
    ),
    min_size=1,
    max_size=30,
)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(OPERATIONS)
def test_followers_in_any_interleaving_end_equal_to_the_database(app, operations):
    db.session.execute(db.delete(Job))
    db.session.execute(db.delete(SearchChange))
    db.session.commit()
    company = CompanyFactory()
    start = LogPosition(head())
    followers = []
    for _ in range(3):
        follower = EmbeddedBackend(tempfile.mkdtemp(prefix="follower-"))
        follower.rebuild([], position=start)
        followers.append(follower)
    jobs: list[int] = []
    try:
        for operation in operations:
            kind = operation[0]
            if kind == "create":
                jobs.append(JobFactory(company=company, title=f"Coder {operation[1]}").id)
            elif kind == "follow":
                catch_up(followers[operation[1]], limit=operation[2])
            elif jobs:
                job = db.session.get(Job, jobs[operation[1] % len(jobs)])
                if kind == "edit":
                    job.title = f"{job.title} again"
                else:
                    job.status = "closed" if kind == "close" else "published"
                db.session.commit()
        expected = listed_in_database()
        for follower in followers:
            catch_up_all(follower)
            assert listed_in_index(follower) == expected
    finally:
        for follower in followers:
            follower.close()
            shutil.rmtree(follower.root, ignore_errors=True)


def test_changes_worked_out_from_a_replaced_index_are_not_recorded_in_the_new_one(app):
    """A follower reads its position from the live index; a rebuild switches in before it
    writes. Writing then would record a position the new index has not reached and lose
    the changes in between: the write is refused and the follower starts again."""
    JobFactory(title="First Coder")
    backend = get_backend()
    catch_up_all(backend)
    read_before_the_switch = backend.position()
    JobFactory(title="Second Coder")
    reindex(backend)
    with pytest.raises(StalePosition):
        backend.apply(
            [], [], LogPosition(read_before_the_switch.cursor + 1), read_before_the_switch
        )
    assert catch_up(backend) == 0 and waiting(backend) == 0
    assert {doc["title"] for doc in backend.documents()} == {"First Coder", "Second Coder"}


def test_only_what_tantivy_raises_counts_as_damage_and_an_interrupt_still_interrupts():
    from careercenter.search.embedded import EngineFailure, engine_failures

    PanicException = type("PanicException", (BaseException,), {})  # as pyo3 makes it

    for raised in (ValueError("bad segment"), OSError("gone"), PanicException("index out")):
        with pytest.raises(EngineFailure), engine_failures():
            raise raised
    for passes in (KeyboardInterrupt(), SystemExit(1), KeyError("a bug of ours")):
        with pytest.raises(type(passes)), engine_failures():
            raise passes
