"""Platform apps and their grants, one-time login links, client sign-ins, process heartbeats, account limits

Revision ID: b1b1b1b10015
Revises: d2d2d2d20011
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "b1b1b1b10015"
down_revision = "d2d2d2d20011"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def _timestamps() -> list[sa.Column]:
    return [
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    ]


def _user_credential_table(name: str, *extra: sa.Column) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        *extra,
        sa.Column("token_digest", sa.String(length=64), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        *_timestamps(),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f(f"fk_{name}_user_id_users"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{name}")),
        sa.UniqueConstraint("token_digest", name=op.f(f"uq_{name}_token_digest")),
    )
    with op.batch_alter_table(name, schema=None) as batch_op:
        batch_op.create_index(batch_op.f(f"ix_{name}_user_id"), ["user_id"], unique=False)


def upgrade() -> None:
    op.create_table(
        "platform_apps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("token_digest", sa.String(length=64), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        *_timestamps(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_platform_apps")),
        sa.UniqueConstraint("token_digest", name=op.f("uq_platform_apps_token_digest")),
    )
    op.create_table(
        "platform_app_permissibles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform_app_id", sa.Integer(), nullable=False),
        sa.Column("permissible_type", sa.String(length=32), nullable=False),
        sa.Column("permissible_id", sa.Integer(), nullable=False),
        *_timestamps(),
        sa.ForeignKeyConstraint(
            ["platform_app_id"],
            ["platform_apps.id"],
            name=op.f("fk_platform_app_permissibles_platform_app_id_platform_apps"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_platform_app_permissibles")),
        sa.UniqueConstraint(
            "platform_app_id",
            "permissible_type",
            "permissible_id",
            name=op.f("uq_platform_app_permissibles_platform_app_id_permissible_type_permissible_id"),
        ),
    )
    with op.batch_alter_table("platform_app_permissibles", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_platform_app_permissibles_permissible_type_permissible_id"),
            ["permissible_type", "permissible_id"],
            unique=False,
        )
    _user_credential_table("login_links")
    _user_credential_table("client_sign_ins", sa.Column("client_id", sa.String(length=64), nullable=False))
    op.create_table(
        "process_heartbeats",
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("beat_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_process_heartbeats")),
    )
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("limits", JSON, server_default="{}", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.drop_column("limits")
    op.drop_table("process_heartbeats")
    for name in ("client_sign_ins", "login_links"):
        with op.batch_alter_table(name, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f"ix_{name}_user_id"))
        op.drop_table(name)
    with op.batch_alter_table("platform_app_permissibles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_platform_app_permissibles_permissible_type_permissible_id"))
    op.drop_table("platform_app_permissibles")
    op.drop_table("platform_apps")
