"""One head again: the website channel, the inbox's automation, platform apps, throttles and delivery claims
were built side by side from the same revision.

Revision ID: 0d0d0d0d0018
"""

from __future__ import annotations

revision = "0d0d0d0d0018"
down_revision = ("c1c1c1c10013", "a5a5a5a50014", "b1b1b1b10015", "5ec5ec5e0016", "de1de1de0017")
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
