"""Partial indexes over pending webhook deliveries, for the worker's batched claims

Revision ID: de1de1de0017
Revises: d2d2d2d20011
"""

import sqlalchemy as sa
from alembic import op

revision = "de1de1de0017"
down_revision = "d2d2d2d20011"
branch_labels = None
depends_on = None

PENDING = sa.text("status = 'pending'")


def upgrade() -> None:
    # Delivered rows pile up as history; these stay as small as the queue itself. One finds the oldest
    # pending deliveries in order, the other a key's head (and hops from key to key).
    with op.batch_alter_table("webhook_deliveries", schema=None) as batch_op:
        batch_op.create_index(
            "ix_webhook_deliveries_pending_id", ["id"], unique=False, sqlite_where=PENDING, postgresql_where=PENDING
        )
        batch_op.create_index(
            "ix_webhook_deliveries_pending_key",
            ["ordering_key", "id"],
            unique=False,
            sqlite_where=PENDING,
            postgresql_where=PENDING,
        )


def downgrade() -> None:
    with op.batch_alter_table("webhook_deliveries", schema=None) as batch_op:
        batch_op.drop_index("ix_webhook_deliveries_pending_key")
        batch_op.drop_index("ix_webhook_deliveries_pending_id")
