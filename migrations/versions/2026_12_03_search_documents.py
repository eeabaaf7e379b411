"""Each job's search index entry as last built, so a full rebuild reads entries instead of
building every one again in Python.

Revision ID: 2026_12_03_search_documents
Revises: 2026_12_03_company_owners
"""

import sqlalchemy as sa
from alembic import op

revision = "2026_12_03_search_documents"
down_revision = "2026_12_03_company_owners"
branch_labels = None
depends_on = None


def upgrade():
    # Empty at first: the next rebuild (or the follower, job by job) fills it.
    op.create_table(
        "search_documents",
        sa.Column("job_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("job_id", name=op.f("pk_search_documents")),
    )


def downgrade():
    op.drop_table("search_documents")
