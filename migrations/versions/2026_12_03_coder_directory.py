"""Employers find coders who opted in: the codes a seeker has worked with, whether they take
invitations, and the invitations sent.

Revision ID: 2026_12_03_coder_directory
Revises: 2026_12_03_moderation
"""

import sqlalchemy as sa
from alembic import op

revision = "2026_12_03_coder_directory"
down_revision = "2026_12_03_moderation"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("seeker_profiles") as batch:
        batch.add_column(sa.Column("codes_worked", sa.JSON(), nullable=True))
        batch.add_column(
            sa.Column("invitations_ok", sa.Boolean(), nullable=False, server_default=sa.true())
        )
    op.execute(sa.text("UPDATE seeker_profiles SET codes_worked = '[]'"))
    with op.batch_alter_table("seeker_profiles") as batch:
        batch.alter_column("codes_worked", existing_type=sa.JSON(), nullable=False)
    op.create_table(
        "job_invitations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("seeker_id", sa.Integer(), nullable=False),
        sa.Column("invited_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["job_id"], ["jobs.id"], name=op.f("fk_job_invitations_job_id_jobs"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["seeker_id"],
            ["users.id"],
            name=op.f("fk_job_invitations_seeker_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["invited_by_id"],
            ["users.id"],
            name=op.f("fk_job_invitations_invited_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_invitations")),
        sa.UniqueConstraint("job_id", "seeker_id", name=op.f("uq_job_invitations_job_id")),
    )
    op.create_index(op.f("ix_job_invitations_seeker_id"), "job_invitations", ["seeker_id"])


def downgrade():
    op.drop_index(op.f("ix_job_invitations_seeker_id"), table_name="job_invitations")
    op.drop_table("job_invitations")
    with op.batch_alter_table("seeker_profiles") as batch:
        batch.drop_column("invitations_ok")
        batch.drop_column("codes_worked")
