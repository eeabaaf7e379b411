"""A job is relisted once: a unique index on jobs.renewed_from_id. Copies made twice before
(two clicks on Relist) keep their content; only the first stays linked to its original.

Revision ID: 2026_12_03_relist_once
Revises: 2026_12_03_search_documents
"""

import sqlalchemy as sa
from alembic import op

revision = "2026_12_03_relist_once"
down_revision = "2026_12_03_search_documents"
branch_labels = None
depends_on = None


def upgrade():
    jobs = sa.table("jobs", sa.column("id", sa.Integer), sa.column("renewed_from_id", sa.Integer))
    first = (
        sa.select(sa.func.min(jobs.c.id))
        .where(jobs.c.renewed_from_id.is_not(None))
        .group_by(jobs.c.renewed_from_id)
    )
    op.execute(
        jobs.update()
        .where(jobs.c.renewed_from_id.is_not(None), jobs.c.id.not_in(first))
        .values(renewed_from_id=None)
    )
    with op.batch_alter_table("jobs") as batch:
        batch.create_index("uq_jobs_renewed_from_id", ["renewed_from_id"], unique=True)


def downgrade():
    with op.batch_alter_table("jobs") as batch:
        batch.drop_index("uq_jobs_renewed_from_id")
