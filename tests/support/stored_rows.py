"""The database's rows as text, so that a refused request can be shown to have changed
nothing."""

from __future__ import annotations

from careercenter.extensions import db

# Code reference data is loaded once per run and kept between tests; every other table
# starts empty in each test.
REFERENCE_TABLES = {"codes", "code_addons"}


def stored_rows() -> dict[str, list[str]]:
    """Every row of every table but the code reference (read-only to every route), as text,
    so two moments can be compared."""
    db.session.expire_all()
    # Rows as the driver returns them (no JSON columns decoded): compared, never read, and
    # the hostile-input tests take this picture around every one of some thousand requests.
    connection = db.session.connection().connection.driver_connection
    pictures = {}
    for table in db.metadata.sorted_tables:
        if table.name not in REFERENCE_TABLES:
            cursor = connection.cursor()
            cursor.execute(f'SELECT * FROM "{table.name}"')  # noqa: S608 - our own table names
            pictures[table.name] = sorted(map(repr, cursor.fetchall()))
            cursor.close()
    return pictures


def changed_tables(before: dict[str, list[str]], after: dict[str, list[str]]) -> list[str]:
    return [name for name in before if before[name] != after[name]]
