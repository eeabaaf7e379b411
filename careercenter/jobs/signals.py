"""What the jobs package announces to features above it. Bulk statements (expiry, a re-tag
after code data changed) bypass the ORM session hooks that see single changes, so they say
which jobs they touched here; search's ``init_app`` connects its change log to this."""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

jobs_changed_in_bulk = _signals.signal("jobs-changed-in-bulk")


def announce_bulk_change(job_ids: list[int], reason: str) -> None:
    """Tell the listeners (the search change log) that these jobs changed, in the caller's
    transaction."""
    if job_ids:
        jobs_changed_in_bulk.send(job_ids, reason=reason)
