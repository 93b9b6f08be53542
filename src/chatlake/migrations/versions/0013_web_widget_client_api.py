"""Website channel (web widget inboxes) and CSAT survey responses

Revision ID: c1c1c1c10013
Revises: d2d2d2d20011
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "c1c1c1c10013"
down_revision = "d2d2d2d20011"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    op.create_table(
        "channel_web_widgets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("website_url", sa.String(length=2048), nullable=True),
        sa.Column("website_token", sa.String(length=64), nullable=False),
        sa.Column("hmac_token", sa.String(length=512), nullable=False),
        sa.Column("hmac_mandatory", sa.Boolean(), nullable=False),
        sa.Column("widget_color", sa.String(length=16), nullable=False),
        sa.Column("welcome_title", sa.String(length=255), nullable=True),
        sa.Column("welcome_tagline", sa.Text(), nullable=True),
        sa.Column("reply_time", sa.Integer(), nullable=False),
        sa.Column("pre_chat_form_enabled", sa.Boolean(), nullable=False),
        sa.Column("pre_chat_form_options", JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_channel_web_widgets_account_id_accounts"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_channel_web_widgets")),
        sa.UniqueConstraint("website_token", name=op.f("uq_channel_web_widgets_website_token")),
    )
    with op.batch_alter_table("channel_web_widgets", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_channel_web_widgets_account_id"), ["account_id"], unique=False)

    op.create_table(
        "csat_survey_responses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("assigned_agent_id", sa.Integer(), nullable=True),
        sa.Column("rating", sa.Integer(), nullable=False),
        sa.Column("feedback_message", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_csat_survey_responses_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.id"],
            name=op.f("fk_csat_survey_responses_conversation_id_conversations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["message_id"],
            ["messages.id"],
            name=op.f("fk_csat_survey_responses_message_id_messages"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_csat_survey_responses_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["assigned_agent_id"],
            ["users.id"],
            name=op.f("fk_csat_survey_responses_assigned_agent_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_csat_survey_responses")),
        sa.UniqueConstraint("account_id", "message_id", name=op.f("uq_csat_survey_responses_account_id_message_id")),
    )
    with op.batch_alter_table("csat_survey_responses", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_csat_survey_responses_account_id_created_at"), ["account_id", "created_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_csat_survey_responses_account_id_conversation_id"),
            ["account_id", "conversation_id"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("csat_survey_responses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_csat_survey_responses_account_id_conversation_id"))
        batch_op.drop_index(batch_op.f("ix_csat_survey_responses_account_id_created_at"))
    op.drop_table("csat_survey_responses")
    with op.batch_alter_table("channel_web_widgets", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_channel_web_widgets_account_id"))
    op.drop_table("channel_web_widgets")
