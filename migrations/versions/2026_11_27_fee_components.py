"""Fee schedule rows keep their PC/TC indicator: whether a code splits into professional and
technical components, and so whether modifiers 26 and TC may be billed with it.

Revision ID: 2026_11_27_fee_components
Revises: 2026_11_27_medicare
"""

import sqlalchemy as sa
from alembic import op

revision = "2026_11_27_fee_components"
down_revision = "2026_11_27_medicare"
branch_labels = None
depends_on = None


def upgrade():
    # Rows imported before have no indicator; the next `codes import-pfs` fills it.
    op.add_column(
        "medicare_fees",
        sa.Column("components", sa.String(2), nullable=False, server_default=""),
    )


def downgrade():
    op.drop_column("medicare_fees", "components")
