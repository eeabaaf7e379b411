"""The job page, one renderer for everyone who sees a job: the public page, the employer's
preview and the reviewer's page are the same page with a different bar above the job, so
what an employer previews and a reviewer approves is what seekers will see."""

from __future__ import annotations

from typing import Any

from flask import current_app, render_template

from careercenter.jobs.facts import place_disagreement, years_disagreement
from careercenter.jobs.forms import RejectForm
from careercenter.jobs.models import Application, Job
from careercenter.markup import render_markdown

PUBLIC, MANAGER, PREVIEW, REVIEW = "public", "manager", "preview", "review"


def render_job_page(
    job: Job,
    bar: str = PUBLIC,
    *,
    application: Application | None = None,
    saved: bool = False,
    job_posting: dict[str, Any] | None = None,
    reject_form: RejectForm | None = None,
    pay_position: Any = None,
) -> str:
    """The job page with the bar for who looks at it: nothing for the public, the posting's
    numbers for its company, publish actions in a preview, approve or reject in review
    (``reject_form`` carries a refused reason back with its message)."""
    return render_template(
        "jobs/detail.html",
        job=job,
        description_html=render_markdown(job.description),
        manager=bar in (MANAGER, PREVIEW),
        preview=bar == PREVIEW,
        review=bar == REVIEW,
        application=application,
        saved=saved,
        job_posting=job_posting,
        pay_position=pay_position,  # where its pay sits among similar open jobs (pay/)
        # A form (whose CSRF token sets a session cookie) only for the reviewer: public pages
        # stay cookie-free and cacheable.
        reject_form=reject_form or (RejectForm() if bar == REVIEW else None),
        moderation=current_app.config["JOB_MODERATION"],
        # what the employer should fix before publishing: facts that contradict each other
        disagreements=[
            problem for problem in (years_disagreement(job), place_disagreement(job)) if problem
        ]
        if bar == PREVIEW
        else [],
    )
