"""Reporting events, and conversations indexed by start time, for the reports

Revision ID: e1e0b0800008
Revises: c0a7e0700007
"""

import sqlalchemy as sa
from alembic import op

revision = "e1e0b0800008"
down_revision = "c0a7e0700007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reporting_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("value_in_business_hours", sa.Float(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("inbox_id", sa.Integer(), nullable=True),
        sa.Column("conversation_id", sa.Integer(), nullable=True),
        sa.Column("event_start_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("event_end_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_reporting_events_account_id_accounts"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.id"],
            name=op.f("fk_reporting_events_conversation_id_conversations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["inbox_id"], ["inboxes.id"], name=op.f("fk_reporting_events_inbox_id_inboxes"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_reporting_events_user_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reporting_events")),
    )
    with op.batch_alter_table("reporting_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_reporting_events_account_id_name_created_at"),
            ["account_id", "name", "created_at"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_reporting_events_account_id_created_at"), ["account_id", "created_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_reporting_events_account_id_conversation_id_created_at"),
            ["account_id", "conversation_id", "created_at"],
            unique=False,
        )
    # Reports count conversations started in a range.
    with op.batch_alter_table("conversations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_conversations_account_id_created_at"), ["account_id", "created_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("conversations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_conversations_account_id_created_at"))
    with op.batch_alter_table("reporting_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reporting_events_account_id_conversation_id_created_at"))
        batch_op.drop_index(batch_op.f("ix_reporting_events_account_id_created_at"))
        batch_op.drop_index(batch_op.f("ix_reporting_events_account_id_name_created_at"))
    op.drop_table("reporting_events")
