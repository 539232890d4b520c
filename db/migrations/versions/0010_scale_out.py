"""scale out: the index province-scale reads were missing (issue #14)

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30 15:00:00

EXPLAIN on PostgreSQL of the reads of the bill of quantities, the dashboard, the map's
drill-down and the public compound page, with synthetic buildings and a long audit log
(tests/db/test_scale.py), found one whole-table scan: the programmes of one compound (its
public page; deleting a site), which the primary key (programme_id, site_id) cannot serve.
The per-column indexes of 0001 serve the other reads. Composite indexes on work items
(programme, site) and audit entries (entity, entity id, time) were tried at 100,000
buildings and left out: the planner did not choose them, or gained a few hundredths of a
millisecond, while every write would pay for them.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_programme_site_site_id", "programme_site", ["site_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_programme_site_site_id", table_name="programme_site")
