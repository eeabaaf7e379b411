"""Medicare facts per code from CMS's public files: fee schedule RVUs and indicators,
NCCI procedure-to-procedure edits, medically unlikely edits.

Revision ID: 2026_11_27_medicare
Revises: 2026_11_27_code_order
"""

import sqlalchemy as sa
from alembic import op

revision = "2026_11_27_medicare"
down_revision = "2026_11_27_code_order"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "medicare_fees",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(16), nullable=False),
        sa.Column("modifier", sa.String(4), nullable=False),
        sa.Column("status", sa.String(2), nullable=False),
        sa.Column("work_rvu", sa.Double(), nullable=True),
        sa.Column("pe_nonfacility_rvu", sa.Double(), nullable=True),
        sa.Column("pe_facility_rvu", sa.Double(), nullable=True),
        sa.Column("mp_rvu", sa.Double(), nullable=True),
        sa.Column("global_days", sa.String(4), nullable=False),
        sa.Column("multiple_procedure", sa.String(2), nullable=False),
        sa.Column("bilateral", sa.String(2), nullable=False),
        sa.Column("assistant", sa.String(2), nullable=False),
        sa.Column("co_surgeons", sa.String(2), nullable=False),
        sa.Column("team", sa.String(2), nullable=False),
        sa.Column("source", sa.String(120), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_medicare_fees")),
        sa.UniqueConstraint("code", "modifier", name=op.f("uq_medicare_fees_code")),
    )
    op.create_table(
        "ncci_edits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("column1", sa.String(16), nullable=False),
        sa.Column("column2", sa.String(16), nullable=False),
        sa.Column("effective", sa.String(8), nullable=False),
        sa.Column("deleted", sa.String(8), nullable=False),
        sa.Column("modifier_indicator", sa.String(1), nullable=False),
        sa.Column("source", sa.String(120), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ncci_edits")),
        sa.UniqueConstraint("column1", "column2", name=op.f("uq_ncci_edits_column1")),
    )
    with op.batch_alter_table("ncci_edits") as batch:
        batch.create_index(batch.f("ix_ncci_edits_column1"), ["column1"])
        batch.create_index(batch.f("ix_ncci_edits_column2"), ["column2"])
    op.create_table(
        "mue_values",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(16), nullable=False),
        sa.Column("units", sa.Integer(), nullable=False),
        sa.Column("adjudication", sa.String(2), nullable=False),
        sa.Column("source", sa.String(120), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mue_values")),
        sa.UniqueConstraint("code", name=op.f("uq_mue_values_code")),
    )


def downgrade():
    op.drop_table("mue_values")
    op.drop_table("ncci_edits")
    op.drop_table("medicare_fees")
