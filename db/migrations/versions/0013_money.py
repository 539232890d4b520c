"""the programme's money: funding, 概算, 标段 and contracts, 计量, payments, changes, settlement
(issue #22); programme.budget_yuan (the programme's 概算) becomes an exact NUMERIC

Revision ID: 0013_money
Revises: 0012_report_work_item
Create Date: 2026-12-07 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013_money"
down_revision: str | None = "0012_report_work_item"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _money() -> sa.Numeric:
    return sa.Numeric(precision=15, scale=2)


def _quantity() -> sa.Numeric:
    return sa.Numeric(precision=15, scale=3)


def _ratio() -> sa.Numeric:
    return sa.Numeric(precision=7, scale=6)


def _approval_columns() -> list[sa.Column]:
    """Status, who asked, who approved and the version of a row a second person approves."""
    return [
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("requested_by", sa.String(length=100), nullable=False),
        sa.Column("requested_user_id", sa.Integer(), nullable=True),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("approved_by", sa.String(length=100), nullable=False),
        sa.Column("approved_user_id", sa.Integer(), nullable=True),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
    ]


#: (table, column, unique) of every single-column index, created after the tables.
INDEXES: tuple[tuple[str, str, bool], ...] = (
    ("compound_budget", "programme_id", False),
    ("compound_budget", "site_id", False),
    ("control_price_approval", "programme_id", False),
    ("control_price_approval", "site_id", False),
    ("tender_section", "programme_id", False),
    ("contract", "section_id", True),
    ("contract_line", "contract_id", False),
    ("contract_line", "site_id", False),
    ("funding_entry", "programme_id", False),
    ("funding_entry", "site_id", False),
    ("funding_entry", "contract_id", False),
    ("funding_entry", "source", False),
    ("funding_entry", "kind", False),
    ("funding_entry", "entry_on", False),
    ("measurement", "contract_id", False),
    ("contract_payment", "contract_id", False),
    ("contract_payment", "measurement_id", False),
    ("contract_payment", "status", False),
    ("contract_change", "contract_id", False),
    ("contract_change", "site_id", False),
    ("contract_change", "status", False),
    ("audit_adjustment", "contract_id", False),
    ("audit_adjustment", "site_id", False),
)
#: Tables in creation order (dropped in reverse).
TABLES = (
    "compound_budget",
    "control_price_approval",
    "tender_section",
    "tender_section_unit",
    "contract",
    "contract_line",
    "funding_entry",
    "measurement",
    "measurement_line",
    "contract_payment",
    "contract_change",
    "audit_adjustment",
)


def upgrade() -> None:
    op.create_table(
        "compound_budget",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("amount", _money(), nullable=False),
        sa.Column("document_no", sa.String(length=100), nullable=False),
        sa.Column("approved_on", sa.Date(), nullable=False),
        sa.Column("recorded_by", sa.String(length=100), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["programme_id"], ["programme.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["site_id"], ["site.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("programme_id", "site_id", name="uq_compound_budget_programme_site"),
    )
    op.create_table(
        "control_price_approval",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=True),
        sa.Column("control_price", _money(), nullable=False),
        sa.Column("budget", _money(), nullable=False),
        sa.Column("document_no", sa.String(length=100), nullable=False),
        sa.Column("approved_on", sa.Date(), nullable=False),
        sa.Column("approved_by", sa.String(length=100), nullable=False),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["programme_id"], ["programme.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["site_id"], ["site.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "tender_section",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["programme_id"], ["programme.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("programme_id", "code", name="uq_tender_section_programme_code"),
    )
    op.create_table(
        "tender_section_unit",
        sa.Column("section_id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("profession", sa.String(length=8), nullable=False),
        sa.ForeignKeyConstraint(["section_id"], ["tender_section.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["site_id"], ["site.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("section_id", "site_id", "profession"),
    )
    op.create_table(
        "contract",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("section_id", sa.Integer(), nullable=False),
        sa.Column("contractor", sa.String(length=200), nullable=False),
        sa.Column("signed_on", sa.Date(), nullable=False),
        sa.Column("start_on", sa.Date(), nullable=True),
        sa.Column("end_on", sa.Date(), nullable=True),
        sa.Column("control_price", _money(), nullable=False),
        sa.Column("discount_rate", _ratio(), nullable=True),
        sa.Column("bid_price", _money(), nullable=True),
        sa.Column("contract_price", _money(), nullable=False),
        sa.Column("advance_rate", _ratio(), nullable=False),
        sa.Column("progress_rate", _ratio(), nullable=False),
        sa.Column("retention_rate", _ratio(), nullable=False),
        sa.Column("defects_months", sa.Integer(), nullable=False),
        sa.Column("material_adjustment", sa.Boolean(), nullable=False),
        sa.Column("accepted_on", sa.Date(), nullable=True),
        sa.Column("settled_price", _money(), nullable=True),
        sa.Column("settled_on", sa.Date(), nullable=True),
        sa.Column("audited_price", _money(), nullable=True),
        sa.Column("audited_on", sa.Date(), nullable=True),
        sa.Column("audit_note", sa.Text(), nullable=False),
        sa.Column("retention", _money(), nullable=True),
        sa.Column("retention_due_on", sa.Date(), nullable=True),
        sa.Column("recorded_by", sa.String(length=100), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["section_id"], ["tender_section.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "contract_line",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("profession", sa.String(length=8), nullable=False),
        sa.Column("scope_key", sa.String(length=64), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("unit", sa.String(length=16), nullable=False),
        sa.Column("quantity", _quantity(), nullable=False),
        sa.Column("control_amount", _money(), nullable=False),
        sa.Column("amount", _money(), nullable=False),
        sa.ForeignKeyConstraint(["contract_id"], ["contract.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["site_id"], ["site.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "funding_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=True),
        sa.Column("scope_key", sa.String(length=64), nullable=True),
        sa.Column("contract_id", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("entry_on", sa.Date(), nullable=False),
        sa.Column("document_no", sa.String(length=100), nullable=False),
        sa.Column("amount", _money(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(length=100), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["contract_id"], ["contract.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["programme_id"], ["programme.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["site_id"], ["site.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "measurement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("measured_on", sa.Date(), nullable=False),
        sa.Column("cumulative_value", _money(), nullable=False),
        sa.Column("period_value", _money(), nullable=False),
        sa.Column("recorded_by", sa.String(length=100), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["contract_id"], ["contract.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("contract_id", "period", name="uq_measurement_contract_period"),
    )
    op.create_table(
        "measurement_line",
        sa.Column("measurement_id", sa.Integer(), nullable=False),
        sa.Column("line_id", sa.Integer(), nullable=False),
        sa.Column("quantity", _quantity(), nullable=False),
        sa.Column("value", _money(), nullable=False),
        sa.ForeignKeyConstraint(["line_id"], ["contract_line.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["measurement_id"], ["measurement.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("measurement_id", "line_id"),
    )
    op.create_table(
        "contract_payment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("measurement_id", sa.Integer(), nullable=True),
        sa.Column("gross", _money(), nullable=False),
        sa.Column("recovery", _money(), nullable=False),
        sa.Column("amount", _money(), nullable=False),
        *_approval_columns(),
        sa.ForeignKeyConstraint(["contract_id"], ["contract.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["measurement_id"], ["measurement.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "contract_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("amount", _money(), nullable=False),
        sa.Column("line_codes", sa.Text(), nullable=False),
        *_approval_columns(),
        sa.ForeignKeyConstraint(["contract_id"], ["contract.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["site_id"], ["site.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "audit_adjustment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("amount", _money(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["contract_id"], ["contract.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["site_id"], ["site.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    for table, column, unique in INDEXES:
        op.create_index(f"ix_{table}_{column}", table, [column], unique=unique)
    # The programme's 概算 was a float: yuan to the fen, exactly, from now on. PostgreSQL
    # changes the type in place. SQLite could only copy the table, and dropping the old
    # programme table would cascade-delete every site link and work item: there the column
    # stays declared FLOAT (it held doubles before and would hold doubles as NUMERIC too;
    # db.numeric.Exact reads them back as exact Decimals either way).
    if op.get_bind().dialect.name == "postgresql":
        op.alter_column(
            "programme",
            "budget_yuan",
            existing_type=sa.Float(),
            type_=_money(),
            existing_nullable=True,
            postgresql_using="round(budget_yuan::numeric, 2)",
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.alter_column(
            "programme",
            "budget_yuan",
            existing_type=_money(),
            type_=sa.Float(),
            existing_nullable=True,
            postgresql_using="budget_yuan::double precision",
        )
    for table, column, _unique in INDEXES:
        op.drop_index(f"ix_{table}_{column}", table_name=table)
    for table in reversed(TABLES):
        op.drop_table(table)
