"""security round two (issue #21): feedback held for review

Portal feedback past a limit is stored in status "held" (a String(16) column: no schema
change) instead of being refused. Code before this revision does not know the status, so a
downgrade releases held messages into the triage queue ("received"), where it shows them.

Revision ID: 0014_security_round_two
Revises: 0013_money
Create Date: 2026-12-08 10:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0014_security_round_two"
down_revision: str | None = "0013_money"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    op.execute("UPDATE suggestion SET status = 'received' WHERE status = 'held'")
