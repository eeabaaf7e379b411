"""Codes keep their official order (sort keys), their ICD-10-CM tabular notes and (CPT) a
short title.

Revision ID: 2026_11_27_code_order
Revises: 2026_11_26_login_sessions
"""

import sqlalchemy as sa
from alembic import op

from careercenter.codes.tags import ICD10CM, ICD10CM_PLACED_AFTER, sort_key

SORT_KEY = sa.String(40).with_variant(sa.String(40, collation="C"), "postgresql")

revision = "2026_11_27_code_order"
down_revision = "2026_11_26_login_sessions"
branch_labels = None
depends_on = None


def _fill_sort_keys(table: str) -> None:
    """Every key is the code itself except under the letter categories placed elsewhere."""
    op.execute(sa.text(f"UPDATE {table} SET sort_key = code"))  # noqa: S608 - fixed names
    connection = op.get_bind()
    for category in ICD10CM_PLACED_AFTER:
        rows = connection.execute(
            sa.text(f"SELECT id, code FROM {table} WHERE system = :system AND code LIKE :prefix"),  # noqa: S608
            {"system": ICD10CM, "prefix": category + "%"},
        ).all()
        for row_id, code in rows:
            connection.execute(
                sa.text(f"UPDATE {table} SET sort_key = :key WHERE id = :id"),  # noqa: S608
                {"key": sort_key(ICD10CM, code), "id": row_id},
            )


def upgrade():
    with op.batch_alter_table("codes") as batch:
        batch.add_column(sa.Column("sort_key", SORT_KEY, nullable=False, server_default=""))
        batch.add_column(sa.Column("notes", sa.Text(), nullable=True))
        batch.add_column(sa.Column("short_title", sa.String(120), nullable=True))
        batch.create_index("ix_codes_system_sort_key", ["system", "sort_key"])
    with op.batch_alter_table("job_codes") as batch:
        batch.add_column(sa.Column("sort_key", SORT_KEY, nullable=False, server_default=""))
        batch.create_index("ix_job_codes_system_sort_key", ["system", "sort_key"])
    _fill_sort_keys("codes")
    _fill_sort_keys("job_codes")


def downgrade():
    with op.batch_alter_table("job_codes") as batch:
        batch.drop_index("ix_job_codes_system_sort_key")
        batch.drop_column("sort_key")
    with op.batch_alter_table("codes") as batch:
        batch.drop_index("ix_codes_system_sort_key")
        batch.drop_column("notes")
        batch.drop_column("short_title")
        batch.drop_column("sort_key")
