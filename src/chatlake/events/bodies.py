"""The parts events are made of (users, contacts, conversations), each able to render both wire shapes.

Webhooks (Chatwoot's `webhook_data`) and real-time pushes (`push_event_data`) show the same things in
slightly different forms: a user's email only in webhooks, contacts typed `"contact"` only in pushes,
ISO times in webhooks and unix times in pushes. Each part keeps its values typed and renders either
form, so the two can never drift apart. Stored bodies of older releases parse too (fields default).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag


class Part(BaseModel):
    model_config = ConfigDict(extra="ignore")


def iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat().replace("+00:00", "Z")


def unix(value: datetime | None) -> int | None:
    return None if value is None else int(value.timestamp())


class AccountRef(Part):
    id: int
    name: str | None = None


class InboxRef(Part):
    id: int
    name: str | None = None


class UserBody(Part):
    """An agent (or agent bot) as webhooks show it: `{id, name, email, type}`."""

    id: int
    name: str | None = None
    email: str | None = None
    available_name: str | None = None
    type: Literal["user", "agent_bot"] = "user"

    def webhook(self) -> dict:
        if self.type == "agent_bot":
            return {"id": self.id, "name": self.name, "type": "agent_bot"}
        return {"id": self.id, "name": self.name, "email": self.email, "type": "user"}

    def push(self) -> dict:
        """Push data never carries an agent's email address."""
        if self.type == "agent_bot":
            return {"id": self.id, "name": self.name, "type": "agent_bot"}
        return {
            "id": self.id,
            "name": self.name,
            "available_name": self.available_name or self.name,
            "avatar_url": "",
            "type": "user",
            "availability_status": "online",
            "thumbnail": "",
        }


class ContactBody(Part):
    """A contact as webhooks show it (`avatar`, `account`, ISO `created_at`)."""

    id: int
    name: str | None = None
    email: str | None = None
    phone_number: str | None = None
    identifier: str | None = None
    avatar: str | None = ""
    thumbnail: str | None = ""
    additional_attributes: dict = Field(default_factory=dict)
    custom_attributes: dict = Field(default_factory=dict)
    blocked: bool = False
    account: AccountRef | None = None
    created_at: datetime | None = None

    def webhook(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "email": self.email,
            "phone_number": self.phone_number,
            "identifier": self.identifier,
            "avatar": self.avatar or "",
            "thumbnail": self.thumbnail or "",
            "additional_attributes": self.additional_attributes,
            "custom_attributes": self.custom_attributes,
            "blocked": self.blocked,
            "account": self.account.model_dump() if self.account else None,
            "created_at": iso(self.created_at),
        }

    def push(self) -> dict:
        return {
            "additional_attributes": self.additional_attributes,
            "custom_attributes": self.custom_attributes,
            "email": self.email,
            "id": self.id,
            "identifier": self.identifier,
            "name": self.name,
            "phone_number": self.phone_number,
            "thumbnail": self.thumbnail or "",
            "blocked": self.blocked,
            "type": "contact",
        }


def _person_kind(value: Any) -> str:
    """Users (and bots) carry a `type`; contacts carry none (Chatwoot's webhook shapes)."""
    if isinstance(value, BaseModel):
        return "contact" if isinstance(value, ContactBody) else "user"
    if isinstance(value, dict) and value.get("type") in ("user", "agent_bot"):
        return "user"
    return "contact"


Person = Annotated[
    Annotated[UserBody, Tag("user")] | Annotated[ContactBody, Tag("contact")], Discriminator(_person_kind)
]


def push_sender_type(person: UserBody | ContactBody | None) -> str | None:
    if person is None:
        return None
    if isinstance(person, ContactBody):
        return "Contact"
    return "AgentBot" if person.type == "agent_bot" else "User"


class ContactInboxBody(Part):
    id: int | None = None
    contact_id: int | None = None
    inbox_id: int | None = None
    source_id: str | None = None
    hmac_verified: bool = False
    pubsub_token: str | None = None
    created_at: str | None = None
    updated_at: str | None = None


class TeamRef(Part):
    id: int
    name: str | None = None


class ConversationMeta(Part):
    # Already push data (Chatwoot's conversation webhook nests push data here).
    sender: dict | None = None
    channel: str | None = None
    assignee: dict | None = None
    assignee_type: str | None = None
    team: TeamRef | None = None
    hmac_verified: bool | None = None


class ConversationBody(Part):
    """The conversation as Chatwoot's EventDataPresenter shows it: unix times in both shapes."""

    id: int  # the per-account number
    uuid: str | None = None
    account_id: int | None = None
    inbox_id: int | None = None
    status: Literal["open", "resolved", "pending", "snoozed"] = "open"
    priority: Literal["low", "medium", "high", "urgent"] | None = None
    can_reply: bool = True
    labels: list[str] = Field(default_factory=list)
    muted: bool = False
    additional_attributes: dict = Field(default_factory=dict)
    custom_attributes: dict = Field(default_factory=dict)
    snoozed_until: int | None = None
    unread_count: int = 0
    first_reply_created_at: int | None = None
    waiting_since: int = 0
    agent_last_seen_at: int = 0
    assignee_last_seen_at: int = 0
    contact_last_seen_at: int = 0
    last_activity_at: int | None = None
    timestamp: int | None = None
    created_at: int | None = None
    updated_at: float | None = None
    sla_policy_id: int | None = None
    channel: str | None = None
    contact_inbox: ContactInboxBody = Field(default_factory=ContactInboxBody)
    # The last message in the API's (push) shape.
    messages: list[dict] = Field(default_factory=list)
    meta: ConversationMeta = Field(default_factory=ConversationMeta)

    def render(self) -> dict:
        return self.model_dump()

    @property
    def assignee_id(self) -> int | None:
        return (self.meta.assignee or {}).get("id")
