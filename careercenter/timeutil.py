"""One clock for the whole app, so that tests and rules agree on what "now" is."""

from datetime import UTC, datetime


def utcnow() -> datetime:
    """Timezone-aware UTC now; stored naive-free so SQLite and PostgreSQL compare alike."""
    return datetime.now(UTC).replace(tzinfo=None)
