"""Custom attribute definitions and custom filters

Revision ID: 67d2c81acddf
Revises: d1e5dcc642b1
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "67d2c81acddf"
down_revision = "d1e5dcc642b1"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "custom_attribute_definitions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("attribute_model", sa.Integer(), nullable=False),
        sa.Column("attribute_key", sa.String(length=255), nullable=False),
        sa.Column("attribute_display_name", sa.String(length=255), nullable=False),
        sa.Column("attribute_display_type", sa.Integer(), nullable=False),
        sa.Column("attribute_description", sa.Text(), nullable=True),
        sa.Column(
            "attribute_values",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("regex_pattern", sa.String(length=255), nullable=True),
        sa.Column("regex_cue", sa.String(length=255), nullable=True),
        sa.Column(
            "default_value",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_custom_attribute_definitions_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_custom_attribute_definitions")),
        sa.UniqueConstraint(
            "account_id",
            "attribute_model",
            "attribute_key",
            name=op.f("uq_custom_attribute_definitions_key"),
        ),
    )
    op.create_table(
        "custom_filters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("filter_type", sa.Integer(), nullable=False),
        sa.Column(
            "query", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_custom_filters_account_id_accounts"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_custom_filters_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_custom_filters")),
    )
    with op.batch_alter_table("custom_filters", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_custom_filters_account_id_user_id_filter_type"),
            ["account_id", "user_id", "filter_type"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("custom_filters", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_custom_filters_account_id_user_id_filter_type"))

    op.drop_table("custom_filters")
    op.drop_table("custom_attribute_definitions")
