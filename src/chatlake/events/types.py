"""The typed event catalogue: one pydantic model per domain event.

An action builds the model (validated then, inside its transaction); the outbox stores the model's
webhook body; the real-time push is rendered from the same model, parsed back from that body. So the
webhook (string `message_type`, ISO times) and the push (integer `message_type`, unix times) are two
renderings of one value, and stored events of earlier releases (the same webhook bodies) still parse.

Each model says where it goes: `push_name` (None: not pushed), `audience` (who may receive the push,
see realtime/recipients.py), `api_inbox` (also POSTed to the API inbox's webhook_url) and `ephemeral`
(deliveries stop being retried after a minute).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

from chatlake.events import catalogue
from chatlake.events.bodies import (
    AccountRef,
    ContactBody,
    ConversationBody,
    InboxRef,
    Person,
    iso,
    push_sender_type,
    unix,
)

# Push audiences (realtime/recipients.py decides each subscriber against these).
CONVERSATION = "conversation"  # agents of the inbox, and the conversation's contact
INBOX_AGENTS = "inbox_agents"  # agents of the inbox only
TYPING = "typing"  # agents of the inbox and the contact, never the typer
ACCOUNT = "account"  # every agent of the account
USER = "user"  # one agent: the event's `user_id`
MESSAGE_TYPE_VALUES = {"incoming": 0, "outgoing": 1, "activity": 2, "template": 3}


class DomainEvent(BaseModel):
    model_config = ConfigDict(extra="ignore")

    event_name: ClassVar[str]
    push_name: ClassVar[str | None] = None
    audience: ClassVar[str] = ACCOUNT
    api_inbox: ClassVar[bool] = False
    ephemeral: ClassVar[bool] = False

    def body(self) -> dict:
        """The webhook body without `event`."""
        raise NotImplementedError

    def webhook(self) -> dict:
        return {**self.body(), "event": self.event_name}

    def push_data(self, account_id: int) -> dict:
        return {**self.body(), "account_id": account_id}

    def push(self, account_id: int, cursor: int) -> dict | None:
        if self.push_name is None:
            return None
        return {"event": self.push_name, "data": self.push_data(account_id), "cursor": cursor}

    @classmethod
    def stored_recipient(cls, body: dict) -> int | None:
        """For `USER` events: the one user a stored body is for."""
        return None


# -- conversations ---------------------------------------------------------------------------------


class ConversationEvent(DomainEvent, ConversationBody):
    """Conversation events carry the conversation as it is after the change (both shapes alike)."""

    audience: ClassVar[str] = CONVERSATION
    api_inbox: ClassVar[bool] = True
    changed_attributes: list[dict] | None = None

    def body(self) -> dict:
        data = self.render()
        if data.get("changed_attributes") is None:
            data.pop("changed_attributes", None)
        return data


class ConversationCreated(ConversationEvent):
    event_name = catalogue.CONVERSATION_CREATED
    push_name = "conversation.created"


class ConversationUpdated(ConversationEvent):
    event_name = catalogue.CONVERSATION_UPDATED
    push_name = "conversation.updated"


class ConversationStatusChanged(ConversationEvent):
    event_name = catalogue.CONVERSATION_STATUS_CHANGED
    push_name = "conversation.status_changed"


class AgentConversationEvent(ConversationEvent):
    """Told to the inbox's agents only (Chatwoot's dashboard events), not to webhooks or the contact."""

    audience: ClassVar[str] = INBOX_AGENTS
    api_inbox: ClassVar[bool] = False


class AssigneeChanged(AgentConversationEvent):
    event_name = catalogue.ASSIGNEE_CHANGED
    push_name = "assignee.changed"


class TeamChanged(AgentConversationEvent):
    event_name = catalogue.TEAM_CHANGED
    push_name = "team.changed"


class ConversationRead(AgentConversationEvent):
    event_name = catalogue.CONVERSATION_READ
    push_name = "conversation.read"


class TypingEvent(DomainEvent):
    audience: ClassVar[str] = TYPING
    api_inbox: ClassVar[bool] = True
    ephemeral: ClassVar[bool] = True
    user: Person
    conversation: ConversationBody
    is_private: bool = False

    def body(self) -> dict:
        return {"user": self.user.webhook(), "conversation": self.conversation.render(), "is_private": self.is_private}

    def push_data(self, account_id: int) -> dict:
        return {
            "conversation": self.conversation.render(),
            "user": self.user.push(),
            "is_private": self.is_private,
            "account_id": account_id,
        }


class ConversationTypingOn(TypingEvent):
    event_name = catalogue.CONVERSATION_TYPING_ON
    push_name = "conversation.typing_on"


class ConversationTypingOff(TypingEvent):
    event_name = catalogue.CONVERSATION_TYPING_OFF
    push_name = "conversation.typing_off"


# -- messages --------------------------------------------------------------------------------------


class MessageEvent(DomainEvent):
    audience: ClassVar[str] = CONVERSATION
    api_inbox: ClassVar[bool] = True

    id: int
    content: str | None = None
    content_type: str = "text"
    content_attributes: dict = Field(default_factory=dict)
    message_type: Literal["incoming", "outgoing", "activity", "template"]
    private: bool = False
    source_id: str | None = None
    echo_id: str | None = None
    status: str = "sent"
    created_at: datetime | None = None
    updated_at: datetime | None = None
    additional_attributes: dict = Field(default_factory=dict)
    attachments: list[dict] = Field(default_factory=list)
    sender: Person | None = None
    account: AccountRef | None = None
    inbox: InboxRef | None = None
    conversation: ConversationBody

    def body(self) -> dict:
        """Chatwoot's Message#webhook_data (plus `echo_id` and `updated_at`)."""
        return {
            "id": self.id,
            "content": self.content,
            "content_type": self.content_type,
            "content_attributes": self.content_attributes,
            "message_type": self.message_type,
            "private": self.private,
            "source_id": self.source_id,
            "echo_id": self.echo_id,
            "status": self.status,
            "created_at": iso(self.created_at),
            "updated_at": iso(self.updated_at or self.created_at),
            "additional_attributes": self.additional_attributes,
            "attachments": self.attachments,
            "sender": self.sender.webhook() if self.sender else None,
            "account": self.account.model_dump() if self.account else None,
            "inbox": self.inbox.model_dump() if self.inbox else None,
            "conversation": self.conversation.render(),
        }

    def push_data(self, account_id: int) -> dict:
        """The API's message JSON plus the conversation summary Chatwoot's push adds."""
        conversation = self.conversation
        created_at = unix(self.created_at)
        data = {
            "id": self.id,
            "content": self.content,
            "account_id": account_id,
            "inbox_id": self.inbox.id if self.inbox else conversation.inbox_id,
            "conversation_id": conversation.id,
            "message_type": MESSAGE_TYPE_VALUES[self.message_type],
            "content_type": self.content_type,
            "status": self.status,
            "content_attributes": self.content_attributes,
            "additional_attributes": self.additional_attributes,
            "created_at": created_at,
            "updated_at": unix(self.updated_at) or created_at,
            "private": self.private,
            "source_id": self.source_id,
            "sender_type": push_sender_type(self.sender),
            "sender_id": self.sender.id if self.sender else None,
            "attachments": self.attachments,
            "conversation": {
                "assignee_id": conversation.assignee_id,
                "unread_count": conversation.unread_count,
                "last_activity_at": conversation.last_activity_at,
                "contact_inbox": {"source_id": conversation.contact_inbox.source_id},
            },
        }
        if self.echo_id is not None:
            data["echo_id"] = self.echo_id
        if self.sender is not None:
            data["sender"] = self.sender.push()
        return data


class MessageCreated(MessageEvent):
    event_name = catalogue.MESSAGE_CREATED
    push_name = "message.created"


class MessageUpdated(MessageEvent):
    event_name = catalogue.MESSAGE_UPDATED
    push_name = "message.updated"
    # {"<attribute>": [before, after]}, as Rails' previous_changes.
    previous_changes: dict[str, list] = Field(default_factory=dict)

    def body(self) -> dict:
        return {**super().body(), "previous_changes": self.previous_changes}

    def push_data(self, account_id: int) -> dict:
        return {**super().push_data(account_id), "previous_changes": self.previous_changes}


# -- contacts --------------------------------------------------------------------------------------


class ContactEvent(DomainEvent, ContactBody):
    """Contact events go to every agent of the account; pushes carry contact push data."""

    audience: ClassVar[str] = ACCOUNT

    def body(self) -> dict:
        return self.webhook_contact()

    def webhook_contact(self) -> dict:
        return ContactBody.webhook(self)

    def push_data(self, account_id: int) -> dict:
        return {**ContactBody.push(self), "account_id": account_id}


class ContactCreated(ContactEvent):
    event_name = catalogue.CONTACT_CREATED
    push_name = "contact.created"


class ContactUpdated(ContactEvent):
    event_name = catalogue.CONTACT_UPDATED
    push_name = "contact.updated"
    changed_attributes: list[dict] = Field(default_factory=list)

    def body(self) -> dict:
        return {**self.webhook_contact(), "changed_attributes": self.changed_attributes}

    def push_data(self, account_id: int) -> dict:
        return {**super().push_data(account_id), "changed_attributes": self.changed_attributes}


class ContactDeleted(ContactEvent):
    event_name = catalogue.CONTACT_DELETED
    push_name = "contact.deleted"


class ContactMerged(ContactEvent):
    """The base contact after the merge, and the id of the contact merged into it (now deleted)."""

    event_name = catalogue.CONTACT_MERGED
    push_name = "contact.merged"
    mergee_contact_id: int | None = None

    def body(self) -> dict:
        return {**self.webhook_contact(), "mergee_contact_id": self.mergee_contact_id}

    def push_data(self, account_id: int) -> dict:
        return {**super().push_data(account_id), "mergee_contact_id": self.mergee_contact_id}


class WebwidgetTriggered(DomainEvent):
    """A widget visitor opened the widget (no web widget inboxes yet: defined for webhooks' sake)."""

    event_name = catalogue.WEBWIDGET_TRIGGERED
    id: int
    contact: dict = Field(default_factory=dict)
    inbox: dict = Field(default_factory=dict)
    account: dict = Field(default_factory=dict)
    current_conversation: dict | None = None
    source_id: str | None = None
    event_info: dict = Field(default_factory=dict)

    def body(self) -> dict:
        return self.model_dump()


# -- inboxes ---------------------------------------------------------------------------------------


class InboxEvent(DomainEvent):
    """The inbox's JSON (never its secrets); further settings pass through as they are."""

    model_config = ConfigDict(extra="allow")
    audience: ClassVar[str] = INBOX_AGENTS
    id: int
    name: str
    channel_type: str

    def body(self) -> dict:
        return self.model_dump(exclude={"hmac_token", "secret"})


class InboxCreated(InboxEvent):
    event_name = catalogue.INBOX_CREATED
    push_name = "inbox.created"


class InboxUpdated(InboxEvent):
    event_name = catalogue.INBOX_UPDATED
    push_name = "inbox.updated"
    changed_attributes: list[dict] = Field(default_factory=list)


# -- notifications ---------------------------------------------------------------------------------


class NotificationEvent(DomainEvent):
    """`{notification, unread_count, count}` for the notified user alone (Chatwoot's push data)."""

    audience: ClassVar[str] = USER
    notification: dict
    unread_count: int
    count: int

    def body(self) -> dict:
        return {"notification": self.notification, "unread_count": self.unread_count, "count": self.count}

    @classmethod
    def stored_recipient(cls, body: dict) -> int | None:
        return ((body.get("notification") or {}).get("user") or {}).get("id")


class NotificationCreated(NotificationEvent):
    event_name = catalogue.NOTIFICATION_CREATED
    push_name = "notification.created"


class NotificationUpdated(NotificationEvent):
    event_name = catalogue.NOTIFICATION_UPDATED
    push_name = "notification.updated"


class NotificationDeleted(NotificationEvent):
    event_name = catalogue.NOTIFICATION_DELETED
    push_name = "notification.deleted"


EVENT_TYPES: dict[str, type[DomainEvent]] = {
    model.event_name: model
    for model in (
        ConversationCreated,
        ConversationUpdated,
        ConversationStatusChanged,
        AssigneeChanged,
        TeamChanged,
        ConversationRead,
        ConversationTypingOn,
        ConversationTypingOff,
        MessageCreated,
        MessageUpdated,
        ContactCreated,
        ContactUpdated,
        ContactDeleted,
        ContactMerged,
        WebwidgetTriggered,
        InboxCreated,
        InboxUpdated,
        NotificationCreated,
        NotificationUpdated,
        NotificationDeleted,
    )
}


def event_type(name: str) -> type[DomainEvent] | None:
    return EVENT_TYPES.get(name)


def parse_stored(name: str, payload: dict[str, Any]) -> DomainEvent | None:
    """The model of a stored event (its webhook body), or None for names no model knows."""
    model = EVENT_TYPES.get(name)
    if model is None:
        return None
    return model.model_validate(payload)
