"""A company's owner manages its team: the employer who created it may remove members, and
a removed member's old invitations no longer let them back in.

Revision ID: 2026_12_03_company_owners
Revises: 2026_11_27_fee_components
"""

import sqlalchemy as sa
from alembic import op

revision = "2026_12_03_company_owners"
down_revision = "2026_11_27_fee_components"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users") as batch:
        batch.add_column(
            sa.Column("company_owner", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("left_company_at", sa.DateTime(), nullable=True))
    # Companies made before owners existed: their first member (who created it) owns it.
    op.execute(
        sa.text(
            "UPDATE users SET company_owner = :yes WHERE id IN "
            "(SELECT MIN(id) FROM users WHERE company_id IS NOT NULL GROUP BY company_id)"
        ).bindparams(yes=True)
    )


def downgrade():
    with op.batch_alter_table("users") as batch:
        batch.drop_column("left_company_at")
        batch.drop_column("company_owner")
