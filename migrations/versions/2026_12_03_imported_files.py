"""Imported CMS files are recorded (name, setting, period, when, rows) and NCCI edits and MUE
values are kept per file and setting with CMS's rationale, so loading the practitioner files
one after another, or a hospital file after them, no longer wipes the others.

Revision ID: 2026_12_03_imported_files
Revises: 2026_12_03_coder_directory
"""

import sqlalchemy as sa
from alembic import op

revision = "2026_12_03_imported_files"
down_revision = "2026_12_03_coder_directory"
branch_labels = None
depends_on = None


def keep_per_file(table: str, unique: str, columns: list[str]) -> None:
    """A table of CMS rows gains its setting, CMS's rationale and its file; its uniqueness
    then includes the setting (and, for NCCI edits, the file)."""
    with op.batch_alter_table(table) as batch:
        batch.drop_constraint(unique, type_="unique")
        batch.add_column(
            sa.Column("setting", sa.String(12), nullable=False, server_default="practitioner")
        )
        batch.add_column(sa.Column("rationale", sa.String(200), nullable=False, server_default=""))
        batch.add_column(sa.Column("file_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            batch.f(f"fk_{table}_file_id_imported_files"), "imported_files", ["file_id"], ["id"]
        )
        batch.create_index(batch.f(f"ix_{table}_file_id"), ["file_id"])
        batch.create_unique_constraint(batch.f(unique), columns)


def upgrade():
    op.create_table(
        "imported_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slot", sa.String(60), nullable=False),
        sa.Column("kind", sa.String(12), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("setting", sa.String(12), nullable=False),
        sa.Column("period", sa.String(40), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("loaded_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_imported_files")),
        sa.UniqueConstraint("slot", name=op.f("uq_imported_files_slot")),
    )
    ncci_unique = ["column1", "column2", "setting", "file_id"]
    keep_per_file("ncci_edits", "uq_ncci_edits_column1", ncci_unique)
    keep_per_file("mue_values", "uq_mue_values_code", ["code", "setting"])
    with op.batch_alter_table("medicare_fees") as batch:
        batch.add_column(sa.Column("file_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            batch.f("fk_medicare_fees_file_id_imported_files"),
            "imported_files",
            ["file_id"],
            ["id"],
        )
        batch.create_index(batch.f("ix_medicare_fees_file_id"), ["file_id"])


def downgrade():
    with op.batch_alter_table("medicare_fees") as batch:
        batch.drop_index(batch.f("ix_medicare_fees_file_id"))
        batch.drop_constraint(batch.f("fk_medicare_fees_file_id_imported_files"), "foreignkey")
        batch.drop_column("file_id")
    # Back to one row a pair (or code): keep the practitioner edits only.
    op.execute(sa.text("DELETE FROM mue_values WHERE setting <> 'practitioner'"))
    op.execute(sa.text("DELETE FROM ncci_edits WHERE setting <> 'practitioner'"))
    for table, columns in (("mue_values", ["code"]), ("ncci_edits", ["column1", "column2"])):
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(f"uq_{table}_{columns[0]}", type_="unique")
            batch.drop_index(batch.f(f"ix_{table}_file_id"))
            batch.drop_constraint(batch.f(f"fk_{table}_file_id_imported_files"), "foreignkey")
            batch.drop_column("file_id")
            batch.drop_column("rationale")
            batch.drop_column("setting")
            batch.create_unique_constraint(f"uq_{table}_{columns[0]}", columns)
    op.drop_table("imported_files")
