"""Sort keys order codes byte by byte ("|" places M1A after M08's codes, "{" ends a span).
Most PostgreSQL databases are created with a language collation, under which punctuation
sorts before digits and letters: the sort-key columns carry the C collation so that lists and
spans do not depend on how the operator's database was created. Checked on a server of the
test's own whose database uses ICU's en-US collation."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, insert, select

from careercenter.codes.models import Code
from careercenter.codes.tags import span_bounds
from tests.support.private_postgres import PrivatePostgres
from tests.support.processes import flask_command

# Byte order (C); ICU's en-US puts "M14{" before "M141" and "M14|X" before it too.
KEYS_IN_ORDER = ["M14.0", "M141", "M14{", "M14|X"]


@pytest.fixture(scope="module")
def language_collated_board(tmp_path_factory):
    server = PrivatePostgres(
        "--template=template0", "--locale-provider=icu", "--icu-locale=en-US"
    ).start()
    try:
        environment = {
            "DATABASE_URL": server.url,
            "INSTANCE_PATH": str(tmp_path_factory.mktemp("instance")),
            "PATH": "/usr/bin:/bin",
        }
        done = flask_command("db", "upgrade", env=environment)
        assert done.returncode == 0, done.stderr[-3000:]
        engine = create_engine(server.url.replace("postgresql://", "postgresql+psycopg://"))
        yield engine
        engine.dispose()
    finally:
        server.remove()


def test_the_database_itself_sorts_punctuation_first(language_collated_board):
    with language_collated_board.connect() as connection:
        plain = connection.exec_driver_sql(
            "SELECT k FROM (VALUES ('M141'), ('M14{')) AS t(k) ORDER BY k"
        ).scalars()
        assert list(plain) == ["M14{", "M141"]  # what the columns must not do


def test_sort_key_columns_carry_the_c_collation(language_collated_board):
    with language_collated_board.connect() as connection:
        collations = dict(
            connection.exec_driver_sql(
                "SELECT table_name, collation_name FROM information_schema.columns"
                " WHERE column_name = 'sort_key'"
            ).all()
        )
    assert collations == {"codes": "C", "job_codes": "C"}


def test_sort_keys_keep_byte_order_whatever_the_database_collation(language_collated_board):
    table = Code.__table__
    with language_collated_board.begin() as connection:
        connection.execute(
            insert(table),
            [
                {"system": "x", "code": key, "sort_key": key, "source": ""}
                for key in reversed(KEYS_IN_ORDER)
            ],
        )
        in_x = table.c.system == "x"
        ordered = connection.execute(
            select(table.c.code).where(in_x).order_by(table.c.sort_key)
        ).scalars()
        assert list(ordered) == KEYS_IN_ORDER
        inside = connection.execute(
            select(table.c.code).where(in_x, table.c.sort_key >= "M14", table.c.sort_key < "M14{")
        ).scalars()
        assert sorted(inside) == ["M14.0", "M141"]


def test_a_real_span_holds_its_letter_category(language_collated_board):
    """M05-M14 holds M1A (placed after M08): found by key, as the block page asks."""
    from careercenter.codes.tags import ICD10CM, sort_key

    codes = ["M05.00", "M08.90", "M1A.00X0", "M14.89", "M15.0"]
    with language_collated_board.begin() as connection:
        connection.execute(
            insert(Code.__table__),
            [
                {"system": ICD10CM, "code": code, "sort_key": sort_key(ICD10CM, code), "source": ""}
                for code in codes
            ],
        )
        low, high = span_bounds(ICD10CM, "M05", "M14")
        table = Code.__table__
        inside = connection.execute(
            select(table.c.code)
            .where(table.c.system == ICD10CM, table.c.sort_key.between(low, high))
            .order_by(table.c.sort_key)
        ).scalars()
        assert list(inside) == ["M05.00", "M08.90", "M1A.00X0", "M14.89"]
