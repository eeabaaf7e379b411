"""Queued e-mail, written in the transaction that causes it and sent by the worker.

Revision ID: 2026_11_26_outgoing_emails
Revises: 2026_11_26_code_words
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "2026_11_26_outgoing_emails"
down_revision = "2026_11_26_code_words"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "outgoing_emails",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recipients", sa.Text(), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("message", sa.LargeBinary(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=False),
        sa.Column("claimed_by", sa.String(length=120), nullable=True),
        sa.Column("claimed_until", sa.DateTime(), nullable=True),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outgoing_emails")),
    )
    op.create_index(
        "ix_outgoing_emails_due", "outgoing_emails", ["status", "next_attempt_at"], unique=False
    )


def downgrade():
    op.drop_index("ix_outgoing_emails_due", table_name="outgoing_emails")
    op.drop_table("outgoing_emails")
