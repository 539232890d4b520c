"""parking built on green space: work_item.takes_green_space

Revision ID: 0016_green_space_parking
Revises: 0015_public_pages
Create Date: 2026-12-07 07:10:00

A parking work that takes green space changes the use of a common part (民法典 第二百七十八条
item 8): it needs the owners' vote by three quarters before it starts. The flag says which
parking works do; existing works take none, and a row written without it (the bulk insert
of a synthetic city) takes none either (server default false).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016_green_space_parking"
down_revision: str | None = "0015_public_pages"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # ADD COLUMN in place (never a batch copy of the table: on SQLite that would drop the
    # public data version's triggers on work_item, 0015_public_pages).
    op.add_column(
        "work_item",
        sa.Column("takes_green_space", sa.Boolean(), nullable=False, server_default=sa.false()),
    )


def downgrade() -> None:
    # DROP COLUMN in place (SQLite 3.35+ and PostgreSQL): the table and its triggers stay.
    op.execute("ALTER TABLE work_item DROP COLUMN takes_green_space")
