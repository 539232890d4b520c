"""security (issue #12): login sessions, rate counters, work slots, the signing key out of the
database, a 单元 on work items, a version and spam status on suggestions

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 15:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "login_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("client", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_login_session_token_hash", "login_session", ["token_hash"], unique=True)
    op.create_index("ix_login_session_user_id", "login_session", ["user_id"])
    op.create_index("ix_login_session_expires_at", "login_session", ["expires_at"])
    op.create_table(
        "rate_counter",
        sa.Column("bucket", sa.String(length=160), nullable=False),
        sa.Column("window_start", sa.BigInteger(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("bucket", "window_start"),
    )
    op.create_index("ix_rate_counter_window_start", "rate_counter", ["window_start"])
    op.create_table(
        "work_slot",
        sa.Column("pool", sa.String(length=32), nullable=False),
        sa.Column("slot", sa.Integer(), nullable=False),
        sa.Column("holder", sa.String(length=64), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("pool", "slot"),
    )
    # The login-token key lived in the database it protects: gone (planner.secrets reads it
    # from a setting or a secret file). Existing "stay logged in" cookies end with it.
    op.drop_table("app_secret")
    with op.batch_alter_table("work_item") as batch:
        batch.add_column(sa.Column("unit_number", sa.String(length=16), nullable=True))
    with op.batch_alter_table("suggestion") as batch:
        batch.add_column(
            sa.Column("version", sa.Integer(), nullable=False, server_default=sa.text("1"))
        )
    with op.batch_alter_table("suggestion") as batch:
        batch.alter_column("version", server_default=None)
    op.create_index("ix_suggestion_received_at", "suggestion", ["received_at"])
    op.create_index("ix_feedback_contact_sent_at", "feedback_contact", ["sent_at"])


def downgrade() -> None:
    op.drop_index("ix_feedback_contact_sent_at", table_name="feedback_contact")
    op.drop_index("ix_suggestion_received_at", table_name="suggestion")
    with op.batch_alter_table("suggestion") as batch:
        batch.drop_column("version")
    # Spam is a status of this revision: such suggestions go back to "not adopted".
    op.execute("UPDATE suggestion SET status = 'not_adopted' WHERE status = 'spam'")
    with op.batch_alter_table("work_item") as batch:
        batch.drop_column("unit_number")
    op.create_table(
        "app_secret",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("value", sa.String(length=255), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    op.drop_table("work_slot")
    op.drop_index("ix_rate_counter_window_start", table_name="rate_counter")
    op.drop_table("rate_counter")
    op.drop_index("ix_login_session_expires_at", table_name="login_session")
    op.drop_index("ix_login_session_user_id", table_name="login_session")
    op.drop_index("ix_login_session_token_hash", table_name="login_session")
    op.drop_table("login_session")
