"""A posting's life: review, rejection, publishing, closing, expiring and relisting."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.exc import IntegrityError

from careercenter.extensions import db
from careercenter.jobs import service as jobs
from careercenter.jobs.models import Application, Job
from careercenter.jobs.view_counts import flush_views
from careercenter.timeutil import utcnow
from tests.support.factories import (
    AdminFactory,
    EmployerFactory,
    JobFactory,
    UserFactory,
    jobs_indexed_once,
)


@pytest.fixture
def moderation(app, monkeypatch):
    monkeypatch.setitem(app.config, "JOB_MODERATION", True)


def test_with_moderation_a_job_waits_for_an_operator_who_approves_it(
    moderation, user, other_user, guest, mailbox
):
    owner = EmployerFactory(email="owner@ridgeline.example")
    AdminFactory(email="ops@careercenter.example")
    job = JobFactory(company=owner.company, draft=True, title="Spine Coder")
    user.login("owner@ridgeline.example")

    page = user.submit(f"/employer/jobs/{job.id}/submit")
    assert b"waiting for review" in page.data
    assert b"Spine Coder" not in guest.get("/jobs").data
    assert "waiting for review" in mailbox.last_to("ops@careercenter.example")["Subject"]

    other_user.login("ops@careercenter.example")
    assert b"Spine Coder" in other_user.client.get("/admin/jobs").data
    page = other_user.submit(f"/admin/jobs/{job.id}/approve")
    assert b"is published" in page.data

    assert b"Spine Coder" in guest.get("/jobs").data
    assert "is live" in mailbox.last_to("owner@ridgeline.example")["Subject"]


def test_a_rejected_job_goes_back_with_the_reason_and_can_be_resubmitted(
    moderation, user, other_user, mailbox
):
    owner = EmployerFactory(email="owner@ridgeline.example")
    AdminFactory(email="ops@careercenter.example")
    job = JobFactory(company=owner.company, status="pending")
    other_user.login("ops@careercenter.example")

    empty = other_user.submit(f"/admin/jobs/{job.id}/reject", {"reason": ""})
    assert empty.status_code == 400
    assert b"This field is required" in empty.data

    other_user.submit(f"/admin/jobs/{job.id}/reject", {"reason": "Please add the pay range."})
    db.session.refresh(job)
    assert job.status == "rejected"
    message = mailbox.last_to("owner@ridgeline.example")
    assert "Please add the pay range." in mailbox.text_of(message)

    user.login("owner@ridgeline.example")
    dashboard = user.client.get("/employer").data
    assert b"Please add the pay range." in dashboard
    user.submit(f"/employer/jobs/{job.id}/submit")
    db.session.refresh(job)
    assert job.status == "pending"


def test_the_review_queue_is_invisible_to_everyone_but_operators(user, guest):
    EmployerFactory(email="owner@ridgeline.example")
    job = JobFactory(status="pending")
    assert guest.get("/admin/jobs").status_code == 302
    user.login("owner@ridgeline.example")
    assert user.client.get("/admin/jobs").status_code == 404
    assert user.submit(f"/admin/jobs/{job.id}/approve").status_code == 404


def test_a_closed_job_leaves_the_list_and_says_so_on_its_page(user, guest):
    owner = EmployerFactory(email="owner@ridgeline.example")
    job = JobFactory(company=owner.company, title="Spine Coder")
    user.login("owner@ridgeline.example")

    page = user.submit(f"/employer/jobs/{job.id}/close", {"reason": "filled"})

    assert b"is closed" in page.data
    assert b"Spine Coder" not in guest.get("/jobs").data
    assert b"Spine Coder" not in guest.get("/").data
    job_page = guest.get(f"/jobs/{job.path_key}")
    assert job_page.status_code == 200
    assert b"no longer accepting applications" in job_page.data
    assert b"Apply on" not in job_page.data


def test_a_job_past_its_date_is_expired_even_before_the_nightly_sweep(guest, app):
    job = JobFactory(title="Old Coder", expires_at=utcnow() - timedelta(minutes=1))

    assert b"Old Coder" not in guest.get("/jobs").data
    assert b"no longer accepting applications" in guest.get(f"/jobs/{job.path_key}").data

    result = app.test_cli_runner().invoke(args=["jobs", "expire"])
    assert "Expired 1 jobs." in result.output
    db.session.refresh(job)
    assert job.status == "expired"


def closed_spine_job(**fields) -> Job:
    """Ridgeline's spine job, published 40 days ago and closed since."""
    owner = EmployerFactory(email="owner@ridgeline.example")
    old_date = utcnow() - timedelta(days=40)
    return JobFactory(
        company=owner.company,
        title="Spine Coder",
        status="closed",
        published_at=old_date,
        expires_at=old_date + timedelta(days=30),
        **fields,
    )


def test_relisting_a_closed_job_publishes_a_copy_with_a_fresh_date(user, guest):
    job = closed_spine_job(code_tags=["63035", "630xx"])
    old_date = job.published_at
    user.login("owner@ridgeline.example")

    page = user.submit(f"/employer/jobs/{job.id}/renew")

    assert b"relisted" in page.data
    fresh = db.session.scalars(db.select(Job).where(Job.renewed_from_id == job.id)).one()
    assert fresh.status == "published"
    assert fresh.published_at > old_date + timedelta(days=39)
    assert fresh.code_tags == ["63035", "630xx"]
    assert b"Spine Coder" in guest.get("/jobs").data


def test_state_rules_refuse_steps_that_make_no_sense():
    job = JobFactory()  # published
    with pytest.raises(jobs.JobStateError):
        jobs.submit_job(job)
    with pytest.raises(jobs.JobStateError):
        jobs.approve_job(job)
    with pytest.raises(jobs.JobStateError):
        jobs.renew_job(job, job.created_by)
    jobs.close_job(job, "withdrawn")
    with pytest.raises(jobs.JobStateError):
        jobs.close_job(job, "withdrawn")
    with pytest.raises(jobs.JobStateError):
        jobs.update_job(job, {"title": "Reopened by editing"})


def test_the_dashboard_groups_jobs_by_state_with_views(user, guest):
    owner = EmployerFactory(email="owner@ridgeline.example")
    live = JobFactory(company=owner.company, title="Live Coder")
    JobFactory(company=owner.company, title="Draft Coder", draft=True)
    JobFactory(company=owner.company, title="Closed Coder", status="closed")
    JobFactory(title="Someone Else's Coder")
    for _ in range(3):
        guest.get(f"/jobs/{live.path_key}")

    user.login("owner@ridgeline.example")
    html = user.client.get("/employer").data.decode()

    assert html.index("Draft") < html.index("Published") < html.index("Closed")
    assert "Live Coder" in html and "Draft Coder" in html and "Closed Coder" in html
    assert "Someone Else" not in html
    db.session.refresh(live)
    assert live.views_count == 3
    assert '<td data-label="Views">3</td>' in html


def test_views_are_counted_in_the_process_and_written_together(app, guest, monkeypatch):
    monkeypatch.setitem(app.config, "VIEW_COUNT_FLUSH_SECONDS", 3600)
    job = JobFactory(title="Popular Coder")
    for _ in range(3):
        guest.get(f"/jobs/{job.path_key}")
    db.session.refresh(job)
    assert job.views_count == 0  # still in the process

    flush_views()

    db.session.refresh(job)
    assert job.views_count == 3


def test_being_viewed_is_no_update_to_the_posting(app, guest, monkeypatch):
    """Feeds' <updated> and the sitemap's lastmod come from updated_at: readers and search
    engines must not see a posting as changed because people read it."""
    monkeypatch.setitem(app.config, "VIEW_COUNT_FLUSH_SECONDS", 3600)
    job = JobFactory(title="Popular Coder", updated_at=utcnow() - timedelta(days=3))
    db.session.commit()
    edited = job.updated_at
    guest.get(f"/jobs/{job.path_key}")

    flush_views()

    db.session.refresh(job)
    assert job.views_count == 1 and job.updated_at == edited


def test_views_are_written_in_job_order_so_two_workers_cannot_deadlock(app, guest, monkeypatch):
    """Two workers flushing at once lock the same rows; in the order of first view they
    deadlocked on PostgreSQL (found by the database-restart test). Job id order never does."""
    from sqlalchemy import event

    monkeypatch.setitem(app.config, "VIEW_COUNT_FLUSH_SECONDS", 3600)
    with jobs_indexed_once():
        first, second, third = (JobFactory(title=f"Coder {n}") for n in range(3))
    for job in (third, first, second):  # viewed out of id order
        guest.get(f"/jobs/{job.path_key}")
    updated: list[int] = []

    def note(conn, cursor, statement, parameters, context, executemany):
        if "VIEWS_COUNT=(JOBS.VIEWS_COUNT" in statement.upper().replace(" ", ""):
            if isinstance(parameters, dict):  # PostgreSQL: named, the id's name starts "id"
                updated.append(next(v for k, v in parameters.items() if k.startswith("id")))
            else:  # SQLite: positional, the id last
                updated.append(parameters[-1])

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        flush_views()
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
    assert updated == sorted(updated) == [first.id, second.id, third.id]


def test_views_are_kept_when_the_database_refuses_the_flush(app, guest, monkeypatch):
    from sqlalchemy.exc import OperationalError

    monkeypatch.setitem(app.config, "VIEW_COUNT_FLUSH_SECONDS", 3600)
    job = JobFactory(title="Popular Coder")
    guest.get(f"/jobs/{job.path_key}")
    guest.get(f"/jobs/{job.path_key}")
    real_commit = db.session.commit

    def refuse() -> None:
        raise OperationalError("UPDATE jobs", {}, Exception("deadlock detected"))

    monkeypatch.setattr(db.session, "commit", refuse)
    flush_views()  # logged, not raised: the page that triggered it still shows
    monkeypatch.setattr(db.session, "commit", real_commit)
    flush_views()
    db.session.refresh(job)
    assert job.views_count == 2


def test_views_still_gathered_when_the_process_stops_are_written_by_a_hook_made_with_the_app(
    app, app_with, monkeypatch
):
    import atexit

    from careercenter.jobs.view_counts import EXTENSION

    hooks: list = []
    monkeypatch.setattr(atexit, "register", hooks.append)
    other = app_with(VIEW_COUNT_FLUSH_SECONDS=3600)
    assert hooks == [other.extensions[EXTENSION].flush_at_exit]
    job = JobFactory(title="Popular Coder")

    other.test_client().get(f"/jobs/{job.path_key}")  # no hook from a request
    assert len(hooks) == 1
    hooks[0]()  # the process stops

    db.session.refresh(job)
    assert job.views_count == 1


def test_relisting_twice_makes_one_live_copy_and_the_old_page_points_to_it(user, guest):
    job = closed_spine_job()
    seeker = UserFactory(email="dana@example.com")
    db.session.add(Application(job_id=job.id, seeker_id=seeker.id))
    db.session.commit()
    user.login("owner@ridgeline.example")

    user.submit(f"/employer/jobs/{job.id}/renew")
    second = user.submit(f"/employer/jobs/{job.id}/renew")
    assert b"relisted already" in second.data
    copies = db.session.scalars(
        db.select(Job).where(Job.title == "Spine Coder", Job.id != job.id)
    ).all()
    assert len(copies) == 1 and copies[0].is_open
    fresh = copies[0]

    dashboard = user.client.get("/employer").data.decode()
    assert f"Relisted as #{fresh.id}" in dashboard
    assert f"/employer/jobs/{job.id}/renew" not in dashboard

    closed_page = guest.get(f"/jobs/{job.path_key}")
    assert closed_page.status_code == 200
    assert f'href="/jobs/{fresh.path_key}">It was relisted' in closed_page.data.decode()

    applicants = user.client.get(f"/employer/jobs/{fresh.id}/applicants").data.decode()
    assert f"/employer/jobs/{job.id}/applicants" in applicants
    earlier = user.client.get(f"/employer/jobs/{job.id}/applicants").data.decode()
    assert "1 of 1 applicant" in earlier and f"/employer/jobs/{fresh.id}/applicants" in earlier


def test_the_database_holds_a_job_to_one_relisted_copy_whatever_the_timing():
    """Two requests that both read the job before either wrote cannot both add a copy: the
    unique index refuses the second, and the service then hands back the first."""
    job = JobFactory(status="closed")
    first, made = jobs.renew_job(job, job.created_by)
    db.session.commit()
    assert made
    db.session.add(
        Job(**{**job.copy_fields(), "company_id": job.company_id}, renewed_from_id=job.id)
    )
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()
    again, made = jobs.renew_job(db.session.get(Job, job.id), job.created_by)
    assert (again.id, made) == (first.id, False)
