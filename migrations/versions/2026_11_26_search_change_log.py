"""Search change log and followers replace the outbox.

Revision ID: 2026_11_26_search_log
Revises: 885ee70bd9af
Create Date: 2026-11-26

The outbox marked a row processed for every index at once, so a second machine never saw
jobs drained elsewhere. The log is append-only; each index keeps its own cursor. Waiting
outbox rows are carried over so that nothing queued before the upgrade is lost.
"""

import sqlalchemy as sa
from alembic import op

revision = "2026_11_26_search_log"
down_revision = "885ee70bd9af"
branch_labels = None
depends_on = None


def upgrade():
    changes = op.create_table(
        "search_changes",
        sa.Column(
            "seq",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_search_changes")),
    )
    with op.batch_alter_table("search_changes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_search_changes_created_at"), ["created_at"], unique=False
        )
    op.create_table(
        "search_followers",
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("cursor", sa.BigInteger(), nullable=False),
        sa.Column("pending", sa.Text(), nullable=False),
        sa.Column("lease_owner", sa.String(length=120), nullable=True),
        sa.Column("lease_until", sa.DateTime(), nullable=True),
        sa.Column("documents", sa.Integer(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_search_followers")),
    )
    waiting = sa.table(
        "search_outbox",
        sa.column("job_id", sa.Integer()),
        sa.column("created_at", sa.DateTime()),
        sa.column("processed_at", sa.DateTime()),
        sa.column("id", sa.Integer()),
    )
    op.execute(
        changes.insert().from_select(
            ["job_id", "created_at", "reason"],
            sa.select(waiting.c.job_id, waiting.c.created_at, sa.literal("upgrade"))
            .where(waiting.c.processed_at.is_(None))
            .order_by(waiting.c.id),
        )
    )
    with op.batch_alter_table("search_outbox", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_search_outbox_processed_at"))
        batch_op.drop_index(batch_op.f("ix_search_outbox_job_id"))
    op.drop_table("search_outbox")


def downgrade():
    op.create_table(
        "search_outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("last_attempt_at", sa.DateTime(), nullable=True),
        sa.Column("processed_at", sa.DateTime(), nullable=True),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_outbox")),
    )
    with op.batch_alter_table("search_outbox", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_search_outbox_job_id"), ["job_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_search_outbox_processed_at"), ["processed_at"], unique=False
        )
    op.drop_table("search_followers")
    with op.batch_alter_table("search_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_search_changes_created_at"))
    op.drop_table("search_changes")
