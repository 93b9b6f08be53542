"""Request bodies. Lax on purpose: ids may come as digit strings, unknown fields are ignored."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator

INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1


class Body(BaseModel):
    model_config = ConfigDict(extra="ignore", coerce_numbers_to_str=True)

    @field_validator("*", mode="after")
    @classmethod
    def _integers_fit_the_columns(cls, value):
        """A number sent where an id or count is read must fit the 32-bit integer columns (PostgreSQL's
        `integer`): past that it could name no row, and the database would fail the statement instead.
        Objects (custom attributes, stored as JSON) may hold any number."""
        items = value if isinstance(value, list) else (value,)
        for item in items:
            if isinstance(item, int) and not isinstance(item, bool) and not INT32_MIN <= item <= INT32_MAX:
                raise ValueError(f"must be between {INT32_MIN} and {INT32_MAX}")
        return value


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
