"""surveys, suggestions and consent votes

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 12:05:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "survey",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("questions", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("illustrative", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["programme_id"], ["programme.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["site_id"], ["site.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("site_id", "title", name="uq_survey_site_title"),
    )
    with op.batch_alter_table("survey", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_survey_programme_id"), ["programme_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_survey_site_id"), ["site_id"], unique=False)

    op.create_table(
        "survey_import",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("file_sha256", sa.String(length=64), nullable=False),
        sa.Column("encoding", sa.String(length=32), nullable=False),
        sa.Column("rows_in_file", sa.Integer(), nullable=False),
        sa.Column("added", sa.Integer(), nullable=False),
        sa.Column("already_present", sa.Integer(), nullable=False),
        sa.Column("skipped_invalid", sa.Integer(), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["survey_id"], ["survey.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("survey_import", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_survey_import_file_sha256"), ["file_sha256"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_survey_import_survey_id"), ["survey_id"], unique=False)

    op.create_table(
        "survey_response",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("response_key", sa.String(length=64), nullable=False),
        sa.Column("submitted_at", sa.DateTime(), nullable=True),
        sa.Column("support", sa.String(length=8), nullable=False),
        sa.Column("building_number", sa.String(length=32), nullable=False),
        sa.Column("unit_number", sa.String(length=16), nullable=False),
        sa.Column("floor_area_m2", sa.Numeric(precision=10, scale=2), nullable=True),
        sa.Column("answers", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["survey_id"], ["survey.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("survey_id", "response_key", name="uq_survey_response_key"),
    )
    with op.batch_alter_table("survey_response", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_survey_response_support"), ["support"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_survey_response_survey_id"), ["survey_id"], unique=False
        )

    op.create_table(
        "consent_vote",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("building_id", sa.Integer(), nullable=True),
        sa.Column("unit_number", sa.String(length=16), nullable=False),
        sa.Column("matter", sa.String(length=32), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("work_item_id", sa.Integer(), nullable=True),
        sa.Column("vote_date", sa.Date(), nullable=True),
        sa.Column("consultation_rounds", sa.Integer(), nullable=False),
        sa.Column("owners_area_m2", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("owners_count", sa.Integer(), nullable=False),
        sa.Column("participants_area_m2", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("participants_count", sa.Integer(), nullable=False),
        sa.Column("consenting_area_m2", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("consenting_count", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("illustrative", sa.Boolean(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["building_id"], ["building.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["site_id"], ["site.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["work_item_id"], ["work_item.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("consent_vote", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_consent_vote_building_id"), ["building_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_consent_vote_matter"), ["matter"], unique=False)
        batch_op.create_index(batch_op.f("ix_consent_vote_site_id"), ["site_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_consent_vote_work_item_id"), ["work_item_id"], unique=False
        )

    op.create_table(
        "suggestion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=True),
        sa.Column("response_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("public_answer", sa.Text(), nullable=False),
        sa.Column("work_item_id", sa.Integer(), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("illustrative", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["response_id"], ["survey_response.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["site_id"], ["site.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["survey_id"], ["survey.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["work_item_id"], ["work_item.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("suggestion", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_suggestion_category"), ["category"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_suggestion_response_id"), ["response_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_suggestion_site_id"), ["site_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_suggestion_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_suggestion_survey_id"), ["survey_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_suggestion_work_item_id"), ["work_item_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("suggestion", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_suggestion_work_item_id"))
        batch_op.drop_index(batch_op.f("ix_suggestion_survey_id"))
        batch_op.drop_index(batch_op.f("ix_suggestion_status"))
        batch_op.drop_index(batch_op.f("ix_suggestion_site_id"))
        batch_op.drop_index(batch_op.f("ix_suggestion_response_id"))
        batch_op.drop_index(batch_op.f("ix_suggestion_category"))

    op.drop_table("suggestion")
    with op.batch_alter_table("consent_vote", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consent_vote_work_item_id"))
        batch_op.drop_index(batch_op.f("ix_consent_vote_site_id"))
        batch_op.drop_index(batch_op.f("ix_consent_vote_matter"))
        batch_op.drop_index(batch_op.f("ix_consent_vote_building_id"))

    op.drop_table("consent_vote")
    with op.batch_alter_table("survey_response", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_survey_response_survey_id"))
        batch_op.drop_index(batch_op.f("ix_survey_response_support"))

    op.drop_table("survey_response")
    with op.batch_alter_table("survey_import", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_survey_import_survey_id"))
        batch_op.drop_index(batch_op.f("ix_survey_import_file_sha256"))

    op.drop_table("survey_import")
    with op.batch_alter_table("survey", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_survey_site_id"))
        batch_op.drop_index(batch_op.f("ix_survey_programme_id"))

    op.drop_table("survey")
