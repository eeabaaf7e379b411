"""The pay index loses nothing: deleted, damaged, locked by another process, or its writer
killed before committing, the figures come back right from the database and the log."""

from __future__ import annotations

import shutil
import threading
from decimal import Decimal

import pytest
import tantivy

from careercenter.extensions import db
from careercenter.pay.index import PAY_EXTENSION, PayIndex, get_pay_index
from tests.support.factories import JobFactory


def five_jobs() -> list:
    return JobFactory.create_batch(5, salary_min=Decimal(60000), salary_max=Decimal(70000))


def test_a_deleted_pay_index_is_rebuilt_from_the_database(app, client):
    five_jobs()
    assert client.get("/api/v1/pay").get_json()["with_pay"] == 5
    shutil.rmtree(app.config["PAY_INDEX_PATH"])
    app.extensions[PAY_EXTENSION] = PayIndex(app.config["PAY_INDEX_PATH"])  # a new process
    reply = client.get("/api/v1/pay").get_json()
    assert reply["with_pay"] == 5 and reply["annual"]["median"] == 65000


def test_a_damaged_pay_index_is_rebuilt(app, client):
    five_jobs()
    client.get("/api/v1/pay")
    (app.config["PAY_INDEX_PATH"] / "meta.json").write_text("{not json")
    app.extensions[PAY_EXTENSION] = PayIndex(app.config["PAY_INDEX_PATH"])
    assert client.get("/api/v1/pay").get_json()["with_pay"] == 5


def test_another_process_holding_the_writer_leaves_figures_readable_then_current(app, client):
    five_jobs()
    client.get("/api/v1/pay")
    other = tantivy.Index.open(str(app.config["PAY_INDEX_PATH"])).writer(15_000_000, 1)
    JobFactory(salary_min=Decimal(90000), salary_max=None)
    reply = client.get("/api/v1/pay")
    assert reply.status_code == 200 and reply.get_json()["with_pay"] == 5  # as it was
    other.rollback()
    other.wait_merging_threads()  # the other process lets go
    assert client.get("/api/v1/pay").get_json()["with_pay"] == 6


def test_a_writer_killed_before_its_commit_loses_nothing(app, client, monkeypatch):
    five_jobs()
    client.get("/api/v1/pay")
    JobFactory(salary_min=Decimal(90000), salary_max=None)

    def killed(self, writer):
        writer.rollback()
        writer.wait_merging_threads()
        raise SystemExit("killed mid-write")

    monkeypatch.setattr(PayIndex, "_commit", killed)
    with pytest.raises(SystemExit):
        get_pay_index().catch_up()
    monkeypatch.undo()
    db.session.rollback()
    app.extensions[PAY_EXTENSION] = PayIndex(app.config["PAY_INDEX_PATH"])  # the next worker
    assert client.get("/api/v1/pay").get_json()["with_pay"] == 6


def test_a_large_board_is_rebuilt_on_a_thread_and_said_to_be_unavailable_meanwhile(
    app, client, monkeypatch
):
    five_jobs()
    monkeypatch.setattr("careercenter.pay.service.INLINE_REBUILD_JOBS", 2)
    building = threading.Event()
    real_rebuild = PayIndex.rebuild

    def held_rebuild(self):  # the thread builds only once the test has looked meanwhile
        assert building.wait(timeout=120)
        return real_rebuild(self)

    monkeypatch.setattr(PayIndex, "rebuild", held_rebuild)
    shutil.rmtree(app.config["PAY_INDEX_PATH"], ignore_errors=True)
    app.extensions[PAY_EXTENSION] = PayIndex(app.config["PAY_INDEX_PATH"])
    first = client.get("/api/v1/pay")
    assert first.status_code == 503, first.get_data(as_text=True)
    assert first.get_json()["error"]["code"] == "pay_unavailable"
    assert client.get("/pay").status_code == 503
    building.set()
    lock = app.extensions["careercenter.pay.rebuilding"]
    assert lock.acquire(timeout=120)  # the rebuild thread finished
    lock.release()
    assert client.get("/api/v1/pay").get_json()["with_pay"] == 5
