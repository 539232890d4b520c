"""rate library (bills of quantities)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 12:05:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "rate_set",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["programme_id"], ["programme.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("rate_set", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rate_set_programme_id"), ["programme_id"], unique=True)

    op.create_table(
        "boq_rate",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rate_set_id", sa.Integer(), nullable=False),
        sa.Column("scope_type_id", sa.Integer(), nullable=False),
        sa.Column("unit_rate", sa.Float(), nullable=True),
        sa.Column("provisional_rate", sa.Float(), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("indicative", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(length=500), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["rate_set_id"], ["rate_set.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["scope_type_id"], ["scope_type.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("rate_set_id", "scope_type_id", name="uq_boq_rate_set_scope"),
    )
    with op.batch_alter_table("boq_rate", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_boq_rate_rate_set_id"), ["rate_set_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_boq_rate_scope_type_id"), ["scope_type_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("boq_rate", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_boq_rate_scope_type_id"))
        batch_op.drop_index(batch_op.f("ix_boq_rate_rate_set_id"))
    op.drop_table("boq_rate")
    with op.batch_alter_table("rate_set", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rate_set_programme_id"))
    op.drop_table("rate_set")
