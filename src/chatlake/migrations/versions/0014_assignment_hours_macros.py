"""Macros, conversation participants, inbox working hours, round-robin position, snooze index

Revision ID: a5a5a5a50014
Revises: d2d2d2d20011
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "a5a5a5a50014"
down_revision = "d2d2d2d20011"
branch_labels = None
depends_on = None


def _json():
    return sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    op.create_table(
        "macros",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("visibility", sa.Integer(), nullable=False),
        sa.Column("actions", _json(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_macros_account_id_accounts"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_macros_created_by_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"], ["users.id"], name=op.f("fk_macros_updated_by_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_macros")),
    )
    with op.batch_alter_table("macros", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_macros_account_id_visibility"), ["account_id", "visibility"], unique=False)

    op.create_table(
        "conversation_participants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_conversation_participants_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.id"],
            name=op.f("fk_conversation_participants_conversation_id_conversations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_conversation_participants_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conversation_participants")),
        sa.UniqueConstraint(
            "account_id",
            "conversation_id",
            "user_id",
            name=op.f("uq_conversation_participants_account_id_conversation_id_user_id"),
        ),
    )
    with op.batch_alter_table("conversation_participants", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_conversation_participants_user_id"), ["user_id"], unique=False)

    with op.batch_alter_table("inboxes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("working_hours", _json(), nullable=True))
    with op.batch_alter_table("inbox_members", schema=None) as batch_op:
        batch_op.add_column(sa.Column("last_assigned_at", sa.DateTime(timezone=True), nullable=True))

    with op.batch_alter_table("conversations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_conversations_status_snoozed_until"), ["status", "snoozed_until"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("conversations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_conversations_status_snoozed_until"))
    with op.batch_alter_table("inbox_members", schema=None) as batch_op:
        batch_op.drop_column("last_assigned_at")
    with op.batch_alter_table("inboxes", schema=None) as batch_op:
        batch_op.drop_column("working_hours")
    with op.batch_alter_table("conversation_participants", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_conversation_participants_user_id"))
    op.drop_table("conversation_participants")
    with op.batch_alter_table("macros", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_macros_account_id_visibility"))
    op.drop_table("macros")
