"""Code keywords and inclusion terms, so words reach jobs through their codes.

Revision ID: 2026_11_26_code_words
Revises: 2026_11_26_search_log
Create Date: 2026-11-26

Both columns are filled by ``flask codes load``; a job's search document carries the
meaning of its codes, so the index is rebuilt after the load.
"""

import sqlalchemy as sa
from alembic import op

revision = "2026_11_26_code_words"
down_revision = "2026_11_26_search_log"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("codes") as batch:
        batch.add_column(sa.Column("keywords", sa.Text(), nullable=True))
        batch.add_column(sa.Column("inclusion_terms", sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table("codes") as batch:
        batch.drop_column("inclusion_terms")
        batch.drop_column("keywords")
