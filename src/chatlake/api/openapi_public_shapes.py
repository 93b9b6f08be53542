"""The Client (public) API's answers, described for /api-docs/openapi.json (see api/openapi_shapes.py)."""

from __future__ import annotations

from typing import Any

from chatlake.api.openapi_shapes import Shape

Json = dict[str, Any]


class PublicInboxShape(Shape):
    identifier: str
    name: str
    timezone: str
    working_hours: list[Json]
    working_hours_enabled: bool
    csat_survey_enabled: bool
    greeting_enabled: bool
    greeting_message: str | None = None
    out_of_office_message: str | None = None
    identity_validation_enabled: bool
    allow_messages_after_resolved: bool


class PublicContactShape(Shape):
    id: int
    source_id: str
    pubsub_token: str
    name: str | None
    email: str | None
    phone_number: str | None
    identifier: str | None = None
    hmac_verified: bool


class PublicContactRecordShape(Shape):
    id: int
    name: str | None
    email: str | None
    phone_number: str | None
    identifier: str | None
    blocked: bool
    additional_attributes: Json
    custom_attributes: Json
    contact_type: str | None
    last_activity_at: str | None
    created_at: str | None
    updated_at: str | None
    account_id: int
    label_list: list[str]


class PublicMessageShape(Shape):
    id: int
    content: str | None
    message_type: int
    content_type: str
    content_attributes: Json
    status: str
    created_at: int
    conversation_id: int
    attachments: list[Json]
    echo_id: str | None = None
    sender: Json | None = None


class PublicConversationShape(Shape):
    id: int
    uuid: str
    inbox_id: int
    status: str
    contact_last_seen_at: int
    agent_last_seen_at: int
    created_at: int
    messages: list[PublicMessageShape]
    contact: PublicContactRecordShape
