"""Operator tools: suspended accounts, seekers' reports of jobs, the audit log.

Revision ID: 2026_12_03_moderation
Revises: 2026_12_03_relist_once
"""

import sqlalchemy as sa
from alembic import op

revision = "2026_12_03_moderation"
down_revision = "2026_12_03_relist_once"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("suspended_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("suspended_reason", sa.String(length=300), nullable=True))
    op.create_table(
        "job_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("handled_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["job_id"], ["jobs.id"], name=op.f("fk_job_reports_job_id_jobs"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_job_reports_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_reports")),
        sa.UniqueConstraint("job_id", "user_id", name=op.f("uq_job_reports_job_id")),
    )
    op.create_index(op.f("ix_job_reports_job_id"), "job_reports", ["job_id"])
    op.create_table(
        "audit_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("target", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["users.id"],
            name=op.f("fk_audit_entries_actor_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_entries")),
    )
    op.create_index("ix_audit_entries_created_at", "audit_entries", ["created_at"])


def downgrade():
    op.drop_index("ix_audit_entries_created_at", table_name="audit_entries")
    op.drop_table("audit_entries")
    op.drop_index(op.f("ix_job_reports_job_id"), table_name="job_reports")
    op.drop_table("job_reports")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("suspended_reason")
        batch.drop_column("suspended_at")
