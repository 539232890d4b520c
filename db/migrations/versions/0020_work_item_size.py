"""a work item's pipe size: work_item.pipe_dn

Revision ID: 0020_work_item_size
Revises: 0019_quota_pricing
Create Date: 2026-12-07 10:30:00

A pipe work item (water, drainage, heating mains, storm drains, greening water supply)
carries its nominal diameter (公称直径 DN, in mm): the bill describes and splits its lines by
it. Other work items, and pipe items entered before, have none (NULL).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020_work_item_size"
down_revision: str | None = "0019_quota_pricing"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # ADD COLUMN in place (never a batch copy of the table: on SQLite that would drop the
    # public data version's triggers on work_item, 0015_public_pages).
    op.add_column("work_item", sa.Column("pipe_dn", sa.Integer(), nullable=True))


def downgrade() -> None:
    # DROP COLUMN in place (SQLite 3.35+ and PostgreSQL): the table and its triggers stay.
    op.execute("ALTER TABLE work_item DROP COLUMN pipe_dn")
