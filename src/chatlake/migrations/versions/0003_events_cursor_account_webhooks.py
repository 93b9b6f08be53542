"""Per-account event cursors, account webhooks, delivery expiry, disabled API-inbox webhooks

Revision ID: d1e5dcc642b1
Revises: c54e99754032
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "d1e5dcc642b1"
down_revision = "c54e99754032"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "webhooks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("inbox_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=255), nullable=True),
        sa.Column("url", sa.String(length=2048), nullable=False),
        sa.Column(
            "subscriptions",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("secret", sa.String(length=512), nullable=False),
        sa.Column("webhook_type", sa.Integer(), nullable=False),
        sa.Column("disabled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("disabled_reason", sa.String(length=255), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_webhooks_account_id_accounts"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhooks")),
        sa.UniqueConstraint("account_id", "url", name=op.f("uq_webhooks_account_id_url")),
    )
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("event_seq", sa.Integer(), server_default="0", nullable=False))

    with op.batch_alter_table("channel_api", schema=None) as batch_op:
        batch_op.add_column(sa.Column("webhook_disabled_at", sa.DateTime(timezone=True), nullable=True))

    # Existing events get their id as cursor (unique and ordered within each account), and each
    # account continues after its last one.
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cursor", sa.Integer(), nullable=True))
    op.execute("UPDATE events SET cursor = id")
    op.execute(
        "UPDATE accounts SET event_seq = "
        "COALESCE((SELECT MAX(events.cursor) FROM events WHERE events.account_id = accounts.id), 0)"
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.alter_column("cursor", existing_type=sa.Integer(), nullable=False)
        batch_op.create_unique_constraint(batch_op.f("uq_events_account_id_cursor"), ["account_id", "cursor"])

    with op.batch_alter_table("webhook_deliveries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("webhook_deliveries", schema=None) as batch_op:
        batch_op.drop_column("expires_at")

    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_events_account_id_cursor"), type_="unique")
        batch_op.drop_column("cursor")

    with op.batch_alter_table("channel_api", schema=None) as batch_op:
        batch_op.drop_column("webhook_disabled_at")

    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.drop_column("event_seq")

    op.drop_table("webhooks")
