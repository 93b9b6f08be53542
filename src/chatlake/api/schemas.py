"""Request bodies. Lax on purpose: ids may come as digit strings, unknown fields are ignored."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class Body(BaseModel):
    model_config = ConfigDict(extra="ignore", coerce_numbers_to_str=True)


class InboxCreate(Body):
    name: str | None = None
    channel: dict[str, Any] | None = None


class ContactCreate(Body):
    inbox_id: int | None = None
    source_id: str | None = None
    name: str | None = None
    email: str | None = None
    phone_number: str | None = None
    avatar: Any = None
    avatar_url: str | None = None
    identifier: str | None = None
    additional_attributes: dict[str, Any] | str | None = None
    custom_attributes: dict[str, Any] | str | None = None


class ConversationMessageIn(Body):
    content: str | None = None
    message_type: str | None = None
    private: bool = False
    content_type: str | None = None
    content_attributes: dict[str, Any] | str | None = None
    echo_id: str | None = None


class ConversationCreate(Body):
    source_id: str | None = None
    inbox_id: int | None = None
    contact_id: int | None = None
    additional_attributes: dict[str, Any] | str | None = None
    custom_attributes: dict[str, Any] | str | None = None
    status: str | None = None
    assignee_id: int | None = None
    team_id: int | None = None
    snoozed_until: float | int | str | None = None
    message: ConversationMessageIn | None = None


class MessageCreate(Body):
    content: str | None = None
    message_type: str | None = None
    private: bool = False
    content_type: str | None = None
    content_attributes: dict[str, Any] | str | None = None
    echo_id: str | None = None
    source_id: str | None = None
