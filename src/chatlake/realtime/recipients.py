"""Who may see an event: decided per subscriber from the stored event and access loaded at push time."""

from __future__ import annotations

from dataclasses import dataclass, field

from chatlake.events.push import (
    CONTACT_EVENTS,
    CONVERSATION_EVENTS,
    INBOX_EVENTS,
    MESSAGE_EVENTS,
    TYPING_EVENTS,
    is_user_body,
)
from chatlake.models.user import ROLES


@dataclass(frozen=True)
class AgentIdentity:
    account_id: int
    user_id: int


@dataclass(frozen=True)
class ContactIdentity:
    account_id: int
    contact_id: int
    contact_inbox_id: int


Identity = AgentIdentity | ContactIdentity


@dataclass
class AgentAccess:
    """An agent's rights in one account, as loaded for one batch of events (never cached longer)."""

    role: int
    inbox_ids: set[int] = field(default_factory=set)

    @property
    def is_administrator(self) -> bool:
        return self.role == ROLES["administrator"]

    def sees_inbox(self, inbox_id: int | None) -> bool:
        return self.is_administrator or (inbox_id is not None and inbox_id in self.inbox_ids)


@dataclass(frozen=True)
class StoredEvent:
    cursor: int
    name: str
    inbox_id: int | None
    payload: dict


def _conversation_body(event: StoredEvent) -> dict:
    if event.name in CONVERSATION_EVENTS:
        return event.payload
    return event.payload.get("conversation") or {}


def _typer(event: StoredEvent) -> dict:
    return event.payload.get("user") or {}


def agent_sees(event: StoredEvent, agent: AgentIdentity, access: AgentAccess | None) -> bool:
    """Agents: events of inboxes they are members of (administrators: all); account-level events to all.
    `access` None means the user is no longer a member of the account: nothing."""
    if access is None:
        return False
    if event.name in CONTACT_EVENTS:
        return True
    if event.name in TYPING_EVENTS:
        typer = _typer(event)
        if is_user_body(typer) and typer.get("id") == agent.user_id:
            return False
        return access.sees_inbox(event.inbox_id)
    if event.name in MESSAGE_EVENTS or event.name in CONVERSATION_EVENTS or event.name in INBOX_EVENTS:
        return access.sees_inbox(event.inbox_id)
    return False


def contact_sees(event: StoredEvent, contact: ContactIdentity) -> bool:
    """Contacts: only their own conversations' events; never private notes, activity or private typing."""
    conversation = _conversation_body(event)
    if (conversation.get("contact_inbox") or {}).get("id") != contact.contact_inbox_id:
        return False
    if event.name in CONVERSATION_EVENTS:
        return True
    if event.name in MESSAGE_EVENTS:
        return not event.payload.get("private") and event.payload.get("message_type") != "activity"
    if event.name in TYPING_EVENTS:
        # The contact is the typer unless a user typed; nobody is told of their own typing.
        return not event.payload.get("is_private") and is_user_body(_typer(event))
    return False


def sees(event: StoredEvent, identity: Identity, access: dict[int, AgentAccess]) -> bool:
    if isinstance(identity, ContactIdentity):
        return contact_sees(event, identity)
    return agent_sees(event, identity, access.get(identity.user_id))
