"""account reset (issue #20): a password an admin reset must be changed at the next login

``user_account.must_change_password`` is true after an admin gave the account a one-time
temporary password (``planner.accounts.users.reset_password``); the account's next login
shows only the form for a new password until the person has set one.

Revision ID: 0018_account_reset
Revises: 0017_input_undo
Create Date: 2026-12-07 07:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018_account_reset"
down_revision: str | None = "0017_input_undo"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("user_account") as batch:
        batch.add_column(
            sa.Column(
                "must_change_password", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("user_account") as batch:
        batch.drop_column("must_change_password")
