"""Agent bots, their inboxes, and message attachments

Revision ID: a6b0b0750006
Revises: 67d2c81acddf
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "a6b0b0750006"
down_revision = "67d2c81acddf"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "agent_bots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("outgoing_url", sa.String(length=2048), nullable=True),
        sa.Column("avatar_url", sa.String(length=2048), nullable=True),
        sa.Column("bot_type", sa.Integer(), nullable=False),
        sa.Column(
            "bot_config", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.Column("secret", sa.String(length=512), nullable=False),
        sa.Column("outgoing_disabled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_agent_bots_account_id_accounts"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agent_bots")),
    )
    with op.batch_alter_table("agent_bots", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_agent_bots_account_id"), ["account_id"], unique=False)

    op.create_table(
        "agent_bot_inboxes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("inbox_id", sa.Integer(), nullable=False),
        sa.Column("agent_bot_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_agent_bot_inboxes_account_id_accounts"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["agent_bot_id"],
            ["agent_bots.id"],
            name=op.f("fk_agent_bot_inboxes_agent_bot_id_agent_bots"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["inbox_id"], ["inboxes.id"], name=op.f("fk_agent_bot_inboxes_inbox_id_inboxes"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agent_bot_inboxes")),
        sa.UniqueConstraint("account_id", "inbox_id", name=op.f("uq_agent_bot_inboxes_account_id_inbox_id")),
    )
    with op.batch_alter_table("agent_bot_inboxes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_agent_bot_inboxes_agent_bot_id"), ["agent_bot_id"], unique=False)

    op.create_table(
        "attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("file_type", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("extension", sa.String(length=32), nullable=True),
        sa.Column("content_type", sa.String(length=255), nullable=False),
        sa.Column("file_size", sa.Integer(), nullable=False),
        sa.Column("storage_key", sa.String(length=255), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_attachments_account_id_accounts"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["message_id"], ["messages.id"], name=op.f("fk_attachments_message_id_messages"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachments")),
        sa.UniqueConstraint("storage_key", name=op.f("uq_attachments_storage_key")),
    )
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_attachments_account_id_message_id"), ["account_id", "message_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attachments_account_id_message_id"))

    op.drop_table("attachments")
    with op.batch_alter_table("agent_bot_inboxes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agent_bot_inboxes_agent_bot_id"))

    op.drop_table("agent_bot_inboxes")
    with op.batch_alter_table("agent_bots", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agent_bots_account_id"))

    op.drop_table("agent_bots")
