"""The consultant desk: consultants (credentials, specialties, code systems), the questions
coders ask them, what is written on each (answers, follow-ups, internal notes, hand-overs),
and questions an operator granted beyond the free ones.

Revision ID: 2026_12_03_consult_desk
Revises: 2026_12_03_asked_questions
"""

import sqlalchemy as sa
from alembic import op

revision = "2026_12_03_consult_desk"
down_revision = "2026_12_03_asked_questions"
branch_labels = None
depends_on = None


def user_key(table: str, column: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], ["users.id"], name=op.f(f"fk_{table}_{column}_users"), ondelete=ondelete
    )


def upgrade():
    op.create_table(
        "consultants",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("credentials", sa.JSON(), nullable=False),
        sa.Column("specialties", sa.JSON(), nullable=False),
        sa.Column("code_systems", sa.JSON(), nullable=False),
        sa.Column("digest", sa.String(8), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        user_key("consultants", "user_id", "CASCADE"),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_consultants")),
    )
    op.create_table(
        "consult_questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("asker_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("codes", sa.JSON(), nullable=False),
        sa.Column("specialty", sa.String(40), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("claimed_by_id", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(10), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("answered_at", sa.DateTime(), nullable=True),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("publish_consent", sa.Boolean(), nullable=False),
        sa.Column("published_at", sa.DateTime(), nullable=True),
        user_key("consult_questions", "asker_id", "CASCADE"),
        user_key("consult_questions", "claimed_by_id", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consult_questions")),
    )
    op.create_index(op.f("ix_consult_questions_asker_id"), "consult_questions", ["asker_id"])
    op.create_index(
        op.f("ix_consult_questions_claimed_by_id"), "consult_questions", ["claimed_by_id"]
    )
    op.create_index("ix_consult_questions_status", "consult_questions", ["status", "created_at"])
    op.create_table(
        "consult_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["consult_questions.id"],
            name=op.f("fk_consult_entries_question_id_consult_questions"),
            ondelete="CASCADE",
        ),
        user_key("consult_entries", "author_id", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consult_entries")),
    )
    op.create_index(op.f("ix_consult_entries_question_id"), "consult_entries", ["question_id"])
    op.create_table(
        "consult_grants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(7), nullable=False),
        sa.Column("extra", sa.Integer(), nullable=False),
        user_key("consult_grants", "user_id", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consult_grants")),
    )
    op.create_index(op.f("ix_consult_grants_user_id"), "consult_grants", ["user_id"])

    op.create_table(
        "consult_mail",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.String(250), nullable=False),
        sa.Column("direction", sa.String(3), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=True),
        sa.Column("outcome", sa.String(20), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["consult_questions.id"],
            name=op.f("fk_consult_mail_question_id_consult_questions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consult_mail")),
        sa.UniqueConstraint("message_id", name=op.f("uq_consult_mail_message_id")),
    )
    op.create_index(op.f("ix_consult_mail_question_id"), "consult_mail", ["question_id"])


def downgrade():
    op.drop_table("consult_mail")
    op.drop_table("consult_grants")
    op.drop_table("consult_entries")
    op.drop_table("consult_questions")
    op.drop_table("consultants")
