"""Throttle counters: attempts per key in a fixed window, bumped atomically

Revision ID: 5ec5ec5e0016
Revises: d2d2d2d20011
"""

import sqlalchemy as sa
from alembic import op

revision = "5ec5ec5e0016"
down_revision = "d2d2d2d20011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "throttle_counters",
        sa.Column("key_digest", sa.String(length=64), nullable=False),
        sa.Column("window_started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key_digest", name=op.f("pk_throttle_counters")),
    )


def downgrade() -> None:
    op.drop_table("throttle_counters")
