"""the work item a resident's report is about (suggestion.reported_work_item_id)

Revision ID: 0012_report_work_item
Revises: 0011
Create Date: 2026-12-08 10:00:00

A report sent from a work's "report a defect" link names that work in a column, so staff can
filter the triage queue by it. Earlier reports named it only as a text prefix (【路灯】…),
which stays in their text.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012_report_work_item"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FOREIGN_KEY = "fk_suggestion_reported_work_item_id_work_item"


def upgrade() -> None:
    with op.batch_alter_table("suggestion") as batch:
        batch.add_column(sa.Column("reported_work_item_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            FOREIGN_KEY, "work_item", ["reported_work_item_id"], ["id"], ondelete="SET NULL"
        )
        batch.create_index(
            "ix_suggestion_reported_work_item_id", ["reported_work_item_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("suggestion") as batch:
        batch.drop_index("ix_suggestion_reported_work_item_id")
        batch.drop_constraint(FOREIGN_KEY, type_="foreignkey")
        batch.drop_column("reported_work_item_id")
