"""Client-API request bodies: typed, unknown fields ignored (Chatwoot's clients send more than we read)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

MAX_CONTENT_LENGTH = 10_000  # what a customer may type in one message (agents may send more)


class PublicBody(BaseModel):
    model_config = ConfigDict(extra="ignore")


class ContactIn(PublicBody):
    source_id: str | None = Field(default=None, max_length=255)
    identifier: str | None = Field(default=None, max_length=255)
    identifier_hash: str | None = Field(default=None, max_length=128)
    name: str | None = Field(default=None, max_length=255)
    email: str | None = Field(default=None, max_length=255)
    phone_number: str | None = Field(default=None, max_length=32)
    avatar_url: str | None = Field(default=None, max_length=2048)
    custom_attributes: dict[str, Any] | None = None


class ConversationIn(PublicBody):
    custom_attributes: dict[str, Any] | None = None


class TypingIn(PublicBody):
    typing_status: str | None = None


class MessageIn(PublicBody):
    content: str | None = Field(default=None, max_length=MAX_CONTENT_LENGTH)
    echo_id: str | None = Field(default=None, max_length=255)


class MessageUpdateIn(PublicBody):
    submitted_values: dict[str, Any] | list[Any] | None = None


class LabelsIn(PublicBody):
    labels: list[str] | None = Field(default=None, max_length=10)
