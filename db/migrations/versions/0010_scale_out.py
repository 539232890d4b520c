"""scale out: indexes for province-scale filters and drill-down (issue #14)

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30 15:00:00

At 100,000 buildings (300,000 work items) these reads must not scan whole tables:

- ``ix_work_item_programme_site``: a programme's items of some sites, the bill of quantities'
  selection (``programme_id = ? AND site_id IN (...)``) and the dashboard's per-site figures;
- ``ix_programme_site_site_id``: the programmes of one compound (its public page, deleting a
  site); the primary key serves only the other direction;
- ``ix_audit_entry_entity_entity_id_at``: the recent changes of a compound's work items on its
  public page (``entity = 'work_item' AND entity_id IN (...) AND at >= ?``, newest first);
- ``ix_audit_entry_entity_action_id``: the map's check for the newest geometry edit
  (``max(id)`` over site and building entries of some actions).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = (
    ("ix_work_item_programme_site", "work_item", ["programme_id", "site_id"]),
    ("ix_programme_site_site_id", "programme_site", ["site_id"]),
    ("ix_audit_entry_entity_entity_id_at", "audit_entry", ["entity", "entity_id", "at"]),
    ("ix_audit_entry_entity_action_id", "audit_entry", ["entity", "action", "id"]),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)


def downgrade() -> None:
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
