"""quota pricing (issue #23): a programme's 定额 library, its 信息价 table and the mapping of
清单 items to 定额 子目 with their 含量

Revision ID: 0019_quota_pricing
Revises: 0018_account_reset
Create Date: 2026-12-07 07:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019_quota_pricing"
down_revision: str | None = "0018_account_reset"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _programme() -> list:
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
    ]


def _keys() -> list:
    return [
        sa.ForeignKeyConstraint(["programme_id"], ["programme.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    ]


def upgrade() -> None:
    op.create_table(
        "quota_resource",
        *_programme(),
        sa.Column("quota_code", sa.String(length=40), nullable=False),
        sa.Column("quota_name", sa.String(length=200), nullable=False),
        sa.Column("quota_unit", sa.String(length=20), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("resource", sa.String(length=200), nullable=False),
        sa.Column("resource_unit", sa.String(length=20), nullable=False),
        sa.Column("consumption", sa.Numeric(precision=15, scale=6), nullable=False),
        sa.Column("source", sa.String(length=500), nullable=False),
        sa.Column("edition", sa.String(length=100), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        *_keys(),
        sa.UniqueConstraint(
            "programme_id", "quota_code", "kind", "resource", name="uq_quota_resource"
        ),
    )
    op.create_table(
        "info_price",
        *_programme(),
        sa.Column("period", sa.String(length=20), nullable=False),
        sa.Column("region", sa.String(length=100), nullable=False),
        sa.Column("resource", sa.String(length=200), nullable=False),
        sa.Column("unit", sa.String(length=20), nullable=False),
        sa.Column("price", sa.Numeric(precision=15, scale=2), nullable=False),
        sa.Column("tax_status", sa.String(length=8), nullable=False),
        sa.Column("tax_rate", sa.Numeric(precision=5, scale=2), nullable=True),
        sa.Column("source", sa.String(length=500), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        *_keys(),
        sa.UniqueConstraint("programme_id", "period", "resource", name="uq_info_price"),
    )
    op.create_table(
        "quota_mapping",
        *_programme(),
        sa.Column("scope_key", sa.String(length=50), nullable=False),
        sa.Column("quota_code", sa.String(length=40), nullable=False),
        sa.Column("content", sa.Numeric(precision=15, scale=6), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        *_keys(),
        sa.UniqueConstraint("programme_id", "scope_key", "quota_code", name="uq_quota_mapping"),
    )
    op.create_index("ix_quota_resource_programme_id", "quota_resource", ["programme_id"])
    op.create_index("ix_quota_resource_quota_code", "quota_resource", ["quota_code"])
    op.create_index("ix_info_price_programme_id", "info_price", ["programme_id"])
    op.create_index("ix_quota_mapping_programme_id", "quota_mapping", ["programme_id"])


def downgrade() -> None:
    for table in ("quota_mapping", "info_price", "quota_resource"):
        op.drop_table(table)
