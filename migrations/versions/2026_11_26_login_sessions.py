"""Server-side log-in sessions, so that logging out ends a session for good.

Revision ID: 2026_11_26_login_sessions
Revises: 2026_11_26_outgoing_emails
Create Date: 2026-11-26

Sessions from before this revision carry no session id and end: everyone logs in once more.
"""

import sqlalchemy as sa
from alembic import op

revision = "2026_11_26_login_sessions"
down_revision = "2026_11_26_outgoing_emails"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "login_sessions",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("user_agent", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_login_sessions_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_sessions")),
    )
    op.create_index("ix_login_sessions_user_id", "login_sessions", ["user_id"], unique=False)


def downgrade():
    op.drop_index("ix_login_sessions_user_id", table_name="login_sessions")
    op.drop_table("login_sessions")
