"""feedback contacts (the private part of portal feedback)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29 12:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "feedback_contact",
        sa.Column("suggestion_id", sa.Integer(), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("building_number", sa.String(length=32), nullable=False),
        sa.Column("unit_number", sa.String(length=16), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["suggestion_id"], ["suggestion.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("suggestion_id"),
    )


def downgrade() -> None:
    op.drop_table("feedback_contact")
