"""CasePilot's questions: the account, the time and the text, nothing more.

Revision ID: 2026_12_03_asked_questions
Revises: 2026_12_03_imported_files
"""

import sqlalchemy as sa
from alembic import op

revision = "2026_12_03_asked_questions"
down_revision = "2026_12_03_imported_files"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "asked_questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("asked_at", sa.DateTime(), nullable=False),
        sa.Column("text", sa.String(500), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_asked_questions_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_asked_questions")),
    )
    op.create_index(op.f("ix_asked_questions_user_id"), "asked_questions", ["user_id"])


def downgrade():
    op.drop_index(op.f("ix_asked_questions_user_id"), table_name="asked_questions")
    op.drop_table("asked_questions")
