"""audit entries carry the account's id and username

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 14:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("audit_entry") as batch:
        batch.add_column(sa.Column("user_id", sa.Integer(), nullable=True))
        batch.add_column(
            sa.Column("username", sa.String(length=64), nullable=False, server_default="")
        )
        batch.create_index("ix_audit_entry_user_id", ["user_id"])
    # Entries written before accounts carried ids: match the recorded name to an account.
    op.execute(
        "UPDATE audit_entry SET user_id = (SELECT u.id FROM user_account u"
        " WHERE u.display_name = audit_entry.actor OR u.username = audit_entry.actor LIMIT 1),"
        " username = COALESCE((SELECT u.username FROM user_account u"
        " WHERE u.display_name = audit_entry.actor OR u.username = audit_entry.actor LIMIT 1), '')"
    )
    with op.batch_alter_table("audit_entry") as batch:
        batch.alter_column("username", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("audit_entry") as batch:
        batch.drop_index("ix_audit_entry_user_id")
        batch.drop_column("username")
        batch.drop_column("user_id")
