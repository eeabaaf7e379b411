"""Atom and RSS feeds of jobs, built with feedgen."""

from __future__ import annotations

from datetime import UTC
from urllib.parse import urlsplit

from feedgen.feed import FeedGenerator
from flask import Response, url_for

from careercenter.jobs.models import Job
from careercenter.markup import plain_text
from careercenter.templating import salary_text
from careercenter.text import xml_text
from careercenter.timeutil import utcnow

FEED_TYPES = {"atom": "application/atom+xml", "rss": "application/rss+xml"}


def entry_id(job: Job, host: str) -> str:
    """A tag URI that never changes for a job, even if its title and address do."""
    day = (job.published_at or job.created_at).strftime("%Y-%m-%d")
    return f"tag:{host},{day}:job/{job.id}"


def jobs_feed(
    jobs: list[Job], title: str, subtitle: str, page_url: str, self_url: str, kind: str
) -> Response:
    """A feed of jobs; ``page_url`` is the HTML page the feed follows, ``kind`` atom or rss."""
    host = urlsplit(page_url).hostname or "localhost"
    feed = FeedGenerator()
    feed.id(self_url)
    feed.title(xml_text(title))
    feed.subtitle(xml_text(subtitle))
    feed.link(href=page_url, rel="alternate")
    feed.link(href=self_url, rel="self")
    feed.language("en")
    updated = max((job.updated_at for job in jobs), default=utcnow())
    feed.updated(updated.replace(tzinfo=UTC))
    for job in reversed(jobs):  # feedgen prepends entries; keep newest first in the output
        link = url_for("board.detail", key=job.path_key, _external=True)
        entry = feed.add_entry()
        entry.id(entry_id(job, host))
        entry.guid(entry_id(job, host), permalink=False)
        entry.title(xml_text(f"{job.title} at {job.company.name}"))
        entry.link(href=link)
        entry.published((job.published_at or job.created_at).replace(tzinfo=UTC))
        entry.updated(job.updated_at.replace(tzinfo=UTC))
        entry.author({"name": xml_text(job.company.name)})
        pay = salary_text(job)
        place = job.location or ("Remote" if job.work_mode == "remote" else "")
        summary = " · ".join(part for part in (place, pay) if part)
        text = plain_text(job.description, 300)
        entry.summary(xml_text(f"{summary}. {text}" if summary else text))
        for tag in job.code_tags or []:
            entry.category(term=xml_text(tag))
    body = feed.atom_str(pretty=True) if kind == "atom" else feed.rss_str(pretty=True)
    return Response(body, mimetype=FEED_TYPES[kind])
