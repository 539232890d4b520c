"""input checked and undoable (issue #20): withdrawn work items, one-time form tokens

A work item can be withdrawn (``work_item.withdrawn_at``; a soft delete, audited, restorable):
it leaves totals, maps, the bill and the public page until it is restored. A form's token is
claimed once (``form_submission``), so a double click or a resend stores one save.

Revision ID: 0017_input_undo
Revises: 0016_green_space_parking
Create Date: 2026-12-09 08:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017_input_undo"
down_revision: str | None = "0016_green_space_parking"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # ADD COLUMN in place (never a batch copy of the table: on SQLite that would drop the
    # public data version's triggers on work_item, 0015_public_pages).
    op.add_column("work_item", sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True))
    op.create_index("ix_work_item_withdrawn_at", "work_item", ["withdrawn_at"], unique=False)
    op.create_table(
        "form_submission",
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("token"),
    )
    op.create_index("ix_form_submission_claimed_at", "form_submission", ["claimed_at"])


def downgrade() -> None:
    op.drop_index("ix_form_submission_claimed_at", table_name="form_submission")
    op.drop_table("form_submission")
    # Older code knows no withdrawal: withdrawn items count again (restored, never deleted).
    op.drop_index("ix_work_item_withdrawn_at", table_name="work_item")
    # DROP COLUMN in place (SQLite 3.35+ and PostgreSQL): the table and its triggers stay.
    op.execute("ALTER TABLE work_item DROP COLUMN withdrawn_at")
