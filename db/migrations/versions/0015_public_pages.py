"""public pages (issue #19): a data version per compound, feedback receipts

``public_data_version`` counts the changes of what the plain public pages (``/p/…``) show,
per compound (``site_id``; 0 for what every page shows: programmes, acceptance, contracts):
triggers on the public tables bump it, on SQLite and PostgreSQL alike, so a page cached by any
process is dropped when another process (a page, a command, an import) changes its data.
``feedback_receipt`` holds a sent message's reference (its status page) and the one-time key
of the form it came from (a double tap stores one message).

Revision ID: 0015_public_pages
Revises: 0014_security_round_two
Create Date: 2026-12-09 08:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015_public_pages"
down_revision: str | None = "0014_security_round_two"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: Tables whose rows name their compound (``site_id``, may be NULL: counted as 0).
PER_SITE = (
    "building",
    "programme_site",
    "work_item",
    "site_photo",
    "suggestion",
    "survey",
    "funding_entry",
    "compound_budget",
    "control_price_approval",
    "contract_line",
    "contract_change",
    "audit_adjustment",
)
#: Tables whose rows reach a compound only through others: a change bumps version 0.
EVERYWHERE = (
    "programme",
    "work_acceptance",
    "acceptance_defect",
    "photo_blob",
    "survey_response",
    "contract",
    "contract_payment",
    "measurement",
    "measurement_line",
)
EVENTS = ("INSERT", "UPDATE", "DELETE")
FUNCTION = "planner_public_data_changed"

_SQLITE_BUMP = (
    "INSERT INTO public_data_version (site_id, version, changed_at) "
    "VALUES ({site}, 1, CURRENT_TIMESTAMP) ON CONFLICT (site_id) DO UPDATE SET "
    "version = public_data_version.version + 1, changed_at = CURRENT_TIMESTAMP;"
)

_PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    column_name text := TG_ARGV[0];
    sites bigint[] := ARRAY[]::bigint[];
    site bigint;
BEGIN
    IF TG_TABLE_NAME = 'site' THEN
        sites := ARRAY[0::bigint];
    END IF;
    IF column_name = '' THEN
        sites := sites || 0::bigint;
    ELSE
        IF TG_OP <> 'DELETE' THEN
            sites := sites || coalesce((to_jsonb(NEW) ->> column_name)::bigint, 0);
        END IF;
        IF TG_OP <> 'INSERT' THEN
            sites := sites || coalesce((to_jsonb(OLD) ->> column_name)::bigint, 0);
        END IF;
    END IF;
    FOREACH site IN ARRAY sites LOOP
        INSERT INTO public_data_version (site_id, version, changed_at)
        VALUES (site, 1, now())
        ON CONFLICT (site_id) DO UPDATE
        SET version = public_data_version.version + 1, changed_at = now();
    END LOOP;
    RETURN NULL;
END
$$;
"""


def _watched() -> list[tuple[str, str]]:
    """(table, the column naming its compound; "" for version 0)."""
    return [("site", "id"), *((t, "site_id") for t in PER_SITE), *((t, "") for t in EVERYWHERE)]


def _trigger(table: str, event: str) -> str:
    return f"public_version_{table}_{event.lower()}"


def upgrade() -> None:
    op.create_table(
        "public_data_version",
        sa.Column("site_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("site_id"),
    )
    op.create_table(
        "feedback_receipt",
        sa.Column("reference", sa.String(length=16), nullable=False),
        sa.Column("suggestion_id", sa.Integer(), nullable=False),
        sa.Column("request_key", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["suggestion_id"], ["suggestion.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("reference"),
        sa.UniqueConstraint("request_key"),
    )
    op.create_index(
        "ix_feedback_receipt_suggestion_id", "feedback_receipt", ["suggestion_id"], unique=False
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_PG_FUNCTION)
        for table, column in _watched():
            for event in EVENTS:
                op.execute(
                    f"CREATE TRIGGER {_trigger(table, event)} AFTER {event} ON {table} "
                    f"FOR EACH ROW EXECUTE FUNCTION {FUNCTION}('{column}')"
                )
        return
    for table, column in _watched():
        for event in EVENTS:
            rows = (
                ("NEW",) if event == "INSERT" else ("OLD",) if event == "DELETE" else ("NEW", "OLD")
            )
            sites = ["0"] if table == "site" else []
            sites += [f"coalesce({row}.{column}, 0)" for row in rows] if column else ["0"]
            body = " ".join(_SQLITE_BUMP.format(site=site) for site in sites)
            op.execute(
                f"CREATE TRIGGER {_trigger(table, event)} AFTER {event} ON {table} "
                f"FOR EACH ROW BEGIN {body} END"
            )


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for table, _column in _watched():
        for event in EVENTS:
            on = f" ON {table}" if postgres else ""
            op.execute(f"DROP TRIGGER IF EXISTS {_trigger(table, event)}{on}")
    if postgres:
        op.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()")
    op.drop_index("ix_feedback_receipt_suggestion_id", table_name="feedback_receipt")
    op.drop_table("feedback_receipt")
    op.drop_table("public_data_version")
