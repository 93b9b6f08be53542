"""Notifications

Revision ID: f0d1f1900009
Revises: e1e0b0800008
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "f0d1f1900009"
down_revision = "e1e0b0800008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("notification_type", sa.Integer(), nullable=False),
        sa.Column("primary_actor_type", sa.String(length=32), nullable=False),
        sa.Column("primary_actor_id", sa.Integer(), nullable=False),
        sa.Column("secondary_actor_type", sa.String(length=32), nullable=True),
        sa.Column("secondary_actor_id", sa.Integer(), nullable=True),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("snoozed_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_activity_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "meta", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_notifications_account_id_accounts"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["primary_actor_id"],
            ["conversations.id"],
            name=op.f("fk_notifications_primary_actor_id_conversations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_notifications_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
    )
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_notifications_account_id_user_id_last_activity_at"),
            ["account_id", "user_id", "last_activity_at"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_notifications_primary_actor_id"), ["primary_actor_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notifications_primary_actor_id"))
        batch_op.drop_index(batch_op.f("ix_notifications_account_id_user_id_last_activity_at"))
    op.drop_table("notifications")
